// "Trouver la bonne porte" in one screen: progressive enhancement of /trouver/. Without
// JavaScript the page is a list of links (public, then need, then territory). With it, the
// hidden form of the page appears: two choices and a commune combobox (ARIA 1.2 pattern) give
// at once the right partners of the bassin that serves the commune. The state lives in the URL
// (?public=…&besoin=…&commune=<INSEE>) so that an answer can be shared and the back button
// works. Data is read from the site itself, only when the visitor starts using the form.

const MAX_OPTIONS = 8;
// The data files are arrays read by position, written by src/wizard.rs; each position is
// described in docs/donnees-assistant.schema.json (in the repository, not published).
/** Positions in a commune: name, postal codes (space separated), bassin (index in `bassins` of
 *  the index), INSEE code. */
const COMMUNE = { name: 0, postalCodes: 1, bassin: 2, insee: 3 };


function start(root) {
  const el = {
    form: root.querySelector('form'),
    public: document.getElementById('assistant-public'),
    besoin: document.getElementById('assistant-besoin'),
    input: document.getElementById('assistant-commune'),
    list: document.getElementById('assistant-communes'),
    count: document.getElementById('assistant-commune-etat'),
    result: document.getElementById('assistant-resultat'),
    status: document.getElementById('assistant-etat'),
  };
  const site = root.dataset.racine;
  const data = new Data(new URL(root.dataset.donnees, location.href));
  const state = { public: '', besoin: '', commune: '' };
  let options = [];
  let active = -1;
  /** The field whose change made the current history entry. */
  let lastChanged = '';

  root.hidden = false;
  el.form.addEventListener('submit', (e) => e.preventDefault());
  for (const select of [el.public, el.besoin]) {
    select.addEventListener('change', () => { state[select.name] = select.value; changed(select.name); });
  }
  el.form.addEventListener('focusin', () => data.index().catch(() => {}), { once: true });
  el.input.addEventListener('input', () => suggest());
  el.input.addEventListener('keydown', keydown);
  el.input.addEventListener('blur', () => close());
  el.list.addEventListener('pointerdown', (e) => e.preventDefault()); // keeps the focus in the input
  el.list.addEventListener('click', (e) => {
    const option = e.target.closest('[role="option"]');
    if (option) choose(Number(option.dataset.index));
  });
  window.addEventListener('popstate', () => { lastChanged = ''; restore(); });
  restore();

  /** Reads the state from the URL, shows it in the form, and the answer. */
  async function restore() {
    const params = new URLSearchParams(location.search);
    for (const key of ['public', 'besoin', 'commune']) state[key] = params.get(key) || '';
    el.public.value = state.public;
    el.besoin.value = state.besoin;
    el.input.value = '';
    if (state.commune) {
      const found = await data.commune(state.commune).catch(() => null);
      if (found) el.input.value = label(found);
    }
    show();
  }

  /** A choice changed: a new entry in the history, then the answer. */
  /**
   * Puts the state in the URL. A new history entry per field changed, not per value passed: the
   * arrow keys on a select change it at each option, and Back should go to the previous choice.
   */
  function changed(field) {
    const params = new URLSearchParams();
    for (const key of ['public', 'besoin', 'commune']) if (state[key]) params.set(key, state[key]);
    const query = params.toString();
    const url = query ? `?${query}` : location.pathname;
    try {
      if (field === lastChanged) history.replaceState(null, '', url);
      else history.pushState(null, '', url);
    } catch { /* file: URLs */ }
    lastChanged = field;
    show();
  }

  async function suggest() {
    const typed = el.input.value;
    const table = await data.communes(typed).catch(() => null);
    if (!table) return failed();
    if (typed !== el.input.value) return; // an older keystroke: a newer one is on its way
    options = matches(table, typed);
    active = -1;
    el.list.replaceChildren(...options.map((c, i) => optionElement(c, i)));
    const open = options.length > 0 && el.input.value.trim() !== '';
    el.list.hidden = !open;
    el.input.setAttribute('aria-expanded', String(open));
    el.input.removeAttribute('aria-activedescendant');
    // One digit is not yet a postal code: nothing to say.
    el.count.textContent = /^\d?$/.test(el.input.value.trim()) ? ''
      : options.length === 0 ? 'Aucune commune trouvée.'
        : `${options.length} commune${options.length > 1 ? 's' : ''} proposée${options.length > 1 ? 's' : ''} : flèche bas pour choisir.`;
  }

  function optionElement(commune, i) {
    const li = document.createElement('li');
    li.id = `assistant-commune-${i}`;
    li.setAttribute('role', 'option');
    li.setAttribute('aria-selected', 'false');
    li.dataset.index = String(i);
    li.textContent = label(commune);
    return li;
  }

  function keydown(e) {
    const open = !el.list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) { suggest(); return; }
      const step = e.key === 'ArrowDown' ? 1 : -1;
      move((active + step + options.length) % options.length);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (open && active >= 0) choose(active);
      else if (open && options.length === 1) choose(0);
    } else if (e.key === 'Escape') {
      if (open) close(); else el.input.value = '';
    }
  }

  function move(i) {
    active = i;
    for (const li of el.list.children) li.setAttribute('aria-selected', String(Number(li.dataset.index) === i));
    const current = el.list.children[i];
    el.input.setAttribute('aria-activedescendant', current.id);
    current.scrollIntoView({ block: 'nearest' });
  }

  function close() {
    el.list.hidden = true;
    el.input.setAttribute('aria-expanded', 'false');
    el.input.removeAttribute('aria-activedescendant');
  }

  function choose(i) {
    const commune = options[i];
    if (!commune) return;
    el.input.value = label(commune);
    el.count.textContent = '';
    close();
    state.commune = commune[COMMUNE.insee];
    changed('commune');
  }

  /** The answer for the current state, or what is still to choose. */
  async function show() {
    if (!state.public || !state.besoin) return say([], '');
    const index = await data.index().catch(() => null);
    if (!index) return failed();
    const p = index.publics.findIndex(([id]) => id === state.public);
    const n = index.besoins.findIndex(([id]) => id === state.besoin);
    if (p < 0 || n < 0) return say([], '');
    const pair = p * index.besoins.length + n;
    const doors = index.portes[pair];
    if (doors.length === 0) return say(noDoor(index), 'Pas encore de bonne porte indiquée pour cette situation.');
    const commune = state.commune ? await data.commune(state.commune).catch(() => null) : null;
    if (!commune) {
      // The networks' headings (h3) need a section heading above them.
      const title = heading(2, 'Les bonnes portes pour votre situation');
      return say([title, doorList(index, doors, null, null)], 'Indiquez votre commune pour voir les structures les plus proches.');
    }
    const name = commune[COMMUNE.name];
    const [bassinName, bassinHref, partIndex] = index.bassins[commune[COMMUNE.bassin]];
    const part = await data.part(index.parts[partIndex]).catch(() => null);
    if (!part) return failed();
    const lists = (part.bassins[commune[COMMUNE.bassin]] || [])[pair] || [];
    const anchor = `${site}${bassinHref}#${state.public}--${state.besoin}`;
    const count = lists.reduce((sum, list) => sum + list.length, 0);
    say([
      heading(2, `Vos bonnes portes près de ${name}`),
      paragraph(`${name} fait partie du territoire ${bassinName}. La meilleure porte d'abord, puis la plus proche.`),
      doorList(index, doors, lists, part),
      paragraph(null, link(`Toutes les bonnes portes du territoire ${bassinName}`, anchor)),
    ], `${count} structure${count > 1 ? 's' : ''} pour ${name}.`);
  }

  function doorList(index, doors, lists, part) {
    const ol = document.createElement('ol');
    ol.className = 'wizard-doors';
    doors.forEach(([network, why], d) => {
      const li = document.createElement('li');
      const [name, href] = index.reseaux[network];
      li.append(heading(3, null, link(name, site + href)));
      if (why) li.append(paragraph(why));
      if (lists) {
        const partners = (lists[d] || []).map((s) => card(part.structures[s]));
        li.append(partners.length ? list('cards', partners)
          : paragraph(null, 'Aucune structure de ce réseau n\'est encore indiquée près de chez vous : ', link('voir toutes ses structures', site + href), '.'));
      }
      ol.append(li);
    });
    return ol;
  }

  function card([name, street, place, phone, tel, href]) {
    const li = document.createElement('li');
    li.className = 'card';
    li.append(heading(4, null, link(name, site + href)));
    if (street || place) li.append(paragraph([street, place].filter(Boolean).join(', ')));
    if (phone) li.append(paragraph('Téléphone : ', link(phone, tel)));
    if (!street && !place && !phone) li.append(paragraph('Coordonnées en cours de vérification.'));
    return li;
  }

  function noDoor(index) {
    const parts = ['Le guide n\'indique pas encore de bonne porte pour cette situation. Toute structure du service public de l\'orientation vous accueille et vous oriente : adressez-vous à la plus proche'];
    if (index.telephone) {
      const [display, tel] = index.telephone;
      parts.push(', ou appelez gratuitement le ', link(display, tel));
    }
    parts.push('.');
    return [paragraph(null, ...parts)];
  }

  /** Replaces the answer; `message` goes to the status region, read by screen readers. */
  function say(nodes, message) {
    el.result.replaceChildren(...[nodes].flat());
    el.status.textContent = message;
  }

  function failed() {
    say([paragraph('L\'assistant ne peut pas se charger ici. Utilisez les questions ci-dessous, une par une.')], 'L\'assistant ne peut pas se charger.');
  }
}

/** The wizard's files, fetched once each (see src/wizard.rs). */
class Data {
  constructor(indexUrl) { this.url = indexUrl; this.cache = new Map(); }
  index() { return this.get('index.json'); }
  part(name) { return this.get(name); }

  /** The communes that may match `typed`: those with a word starting with its first letter,
   *  or those of the départements that have its first two postal code digits. */
  async communes(typed) {
    const query = fold(typed);
    const index = await this.index();
    let names = [];
    if (/^\d/.test(query)) names = query.length < 2 ? [] : (index.codes_postaux[query.slice(0, 2)] || []).map((d) => `d${d}`);
    else if (index.lettres.includes(query[0])) names = [query[0]];
    return table((await Promise.all(names.map((n) => this.get(`communes/${n}.json`)))).flat());
  }

  /** The commune of an INSEE code, from its département's file. */
  async commune(insee) {
    const departement = insee.slice(0, insee.startsWith('97') ? 3 : 2).toLowerCase();
    if (!/^[0-9a-z]{2,3}$/.test(departement)) return null;
    const list = await this.get(`communes/d${departement}.json`).catch(() => []);
    return list.find((c) => c[COMMUNE.insee] === insee) || null;
  }

  get(name) {
    if (!this.cache.has(name)) {
      const url = new URL(name, this.url);
      const promise = fetch(url).then((r) => { if (!r.ok) throw new Error(r.status); return r.json(); });
      promise.catch(() => this.cache.delete(name));
      this.cache.set(name, promise);
    }
    return this.cache.get(name);
  }
}

/** Lower case, no accents, hyphens and apostrophes as spaces, "saint" as "st": so that
 *  "st etienne", "Saint-Étienne" and "SAINT ETIENNE" read the same. */
export function fold(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/œ/g, 'oe').replace(/æ/g, 'ae')
    .replace(/[-'’.\s]+/g, ' ').trim()
    .replace(/\bsainte\b/g, 'ste').replace(/\bsaint\b/g, 'st');
}

/** A list of communes with their folded names, for `matches`. */
export function table(communes) {
  return { communes, folded: communes.map((c) => fold(c[COMMUNE.name])) };
}

/** Communes of `table` whose name starts with the typed text (then whose name has a word
 *  starting with it), or whose postal code starts with the typed digits. */
export function matches(index, typed) {
  const query = fold(typed);
  if (query === '') return [];
  const found = [];
  if (/^\d+$/.test(query)) {
    index.communes.forEach((c) => { if (c[COMMUNE.postalCodes].split(' ').some((cp) => cp.startsWith(query))) found.push(c); });
    return found.slice(0, MAX_OPTIONS);
  }
  const inside = [];
  index.folded.forEach((name, i) => {
    if (name.startsWith(query)) found.push(index.communes[i]);
    else if (name.includes(` ${query}`)) inside.push(index.communes[i]);
  });
  return found.concat(inside).slice(0, MAX_OPTIONS);
}

/** "Vierzon (18100)": the postal code tells apart communes of the same name. */
function label(commune) {
  const name = commune[COMMUNE.name];
  const cp = commune[COMMUNE.postalCodes].split(' ')[0];
  return cp ? `${name} (${cp})` : name;
}

function heading(level, text, ...children) {
  const h = document.createElement(`h${level}`);
  if (text) h.textContent = text;
  h.append(...children);
  return h;
}

function paragraph(text, ...children) {
  const p = document.createElement('p');
  if (text) p.textContent = text;
  p.append(...children);
  return p;
}

function link(text, href) {
  const a = document.createElement('a');
  a.href = href;
  a.textContent = text;
  return a;
}

function list(className, items) {
  const ul = document.createElement('ul');
  ul.className = className;
  ul.append(...items);
  return ul;
}

// Last, once the classes above exist. Outside a browser (the matcher's tests in Node) there is no document.
const root = globalThis.document?.getElementById('assistant');
if (root) start(root);
