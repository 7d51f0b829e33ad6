// "Trouver la bonne porte" in one screen: progressive enhancement of the home page and of
// /trouver/. Without JavaScript they hold links (public, then need, then territory). With it,
// the hidden form appears instead: two choices and a commune combobox (ARIA 1.2 pattern) give at
// once the right partners nearest the commune, with their phone first. The state lives in the
// URL (?public=…&besoin=…&commune=<INSEE>), so that an answer can be shared and Back works.
// Data files are scripts loaded through donnees.js, so that the site also works from a USB
// stick (file://); they are read only when the visitor starts using the form.
(function () {
  'use strict';

  const MAX_OPTIONS = 8;
  // The data files are arrays read by position, written by src/export/wizard.rs; each position
  // is described in docs/donnees-assistant.schema.json (in the repository, not published).
  /** Positions in a commune. */
  const COMMUNE = { name: 0, postalCodes: 1, bassin: 2, insee: 3, population: 4 };
  /** Positions in a partner. */
  const PARTNER = { name: 0, street: 1, place: 2, phone: 3, tel: 4, page: 5, hours: 6, week: 7, geo: 8, dated: 9 };
  /** Positions in a network. */
  const NETWORK = { name: 0, page: 1, phone: 2, site: 3 };
  const DAYS = ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'];

  /** Lower case, no accents, hyphens and apostrophes as spaces, "saint" as "st": so that
   *  "st etienne", "Saint-Étienne" and "SAINT ETIENNE" read the same. */
  function fold(text) {
    return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
      .replace(/œ/g, 'oe').replace(/æ/g, 'ae')
      .replace(/[-'’.\s]+/g, ' ').trim()
      .replace(/\bsainte\b/g, 'ste').replace(/\bsaint\b/g, 'st');
  }

  /** One letter wrong, missing or extra, or two neighbours swapped. */
  function oneEdit(a, b) {
    if (a === b) return false;
    const [short, long] = a.length <= b.length ? [a, b] : [b, a];
    if (long.length - short.length > 1) return false;
    let i = 0;
    while (i < short.length && short[i] === long[i]) i++;
    if (long.length > short.length) return short.slice(i) === long.slice(i + 1);
    return short.slice(i + 1) === long.slice(i + 1)
      || (short[i] === long[i + 1] && short[i + 1] === long[i] && short.slice(i + 2) === long.slice(i + 2));
  }

  /** A list of communes with their folded names, for `matches`. */
  function table(communes) {
    return { communes, folded: communes.map((c) => fold(c[COMMUNE.name])) };
  }

  /** How well a folded name answers the folded query: 0 the name itself, 1 its start, 2 the start
   *  of one of its words, 3 its start with one typo; -1 not at all. */
  function rank(name, query) {
    if (name === query) return 0;
    if (name.startsWith(query)) return 1;
    if (name.includes(` ${query}`)) return 2;
    if (query.length >= 4) {
      for (const length of [query.length - 1, query.length, query.length + 1]) {
        if (oneEdit(query, name.slice(0, length))) return 3;
      }
    }
    return -1;
  }

  /** The communes of `index` that match the typed text, best first: by how well they match,
   *  then by population (so "vier" offers Vierzon before Vierville), then in French order.
   *  Digits match the postal codes. */
  function matches(index, typed) {
    const query = fold(typed.replace(/\s*\(\d{5}\)\s*$/, '')); // a label shown back: "Vierzon (18100)"
    if (query === '') return [];
    const found = [];
    index.communes.forEach((c, i) => {
      let r = -1;
      if (/^\d+$/.test(query)) {
        const codes = c[COMMUNE.postalCodes].split(' ');
        r = codes.includes(query) ? 0 : codes.some((cp) => cp.startsWith(query)) ? 1 : -1;
      } else {
        r = rank(index.folded[i], query);
      }
      if (r >= 0) found.push([r, -(c[COMMUNE.population] || 0), i]);
    });
    found.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    // Typos only when nothing is spelled right.
    const best = found.length ? found[0][0] : -1;
    return found.filter(([r]) => r < 3 || best === 3).slice(0, MAX_OPTIONS).map(([, , i]) => index.communes[i]);
  }

  /** The commune the typed text names without doubt: the only commune of that exact name or
   *  postal code among `options` (already ranked by `matches`). */
  function exact(options, typed) {
    const query = fold(typed.replace(/\s*\(\d{5}\)\s*$/, ''));
    const postal = typed.match(/\((\d{5})\)\s*$/);
    const named = options.filter((c) => fold(c[COMMUNE.name]) === query
      && (!postal || c[COMMUNE.postalCodes].split(' ').includes(postal[1])));
    const coded = options.filter((c) => c[COMMUNE.postalCodes].split(' ').includes(query));
    const sure = named.length === 1 ? named : coded.length === 1 ? coded : [];
    return sure[0] || null;
  }

  /** "Vierzon (18100)": the postal code tells apart communes of the same name. */
  function label(commune) {
    const name = commune[COMMUNE.name];
    const cp = commune[COMMUNE.postalCodes].split(' ')[0];
    return cp ? `${name} (${cp})` : name;
  }

  /** « Ouvert en ce moment » from a usual week ([[start, end] minutes] per day, Monday first),
   *  or when it opens next; '' without hours. */
  function openNow(week, now) {
    if (!week) return '';
    const day = (now.getDay() + 6) % 7;
    const minute = now.getHours() * 60 + now.getMinutes();
    const open = week[day].find(([start, end]) => start <= minute && minute < end);
    if (open) return `Ouvert en ce moment, jusqu'à ${time(open[1])}`;
    for (let ahead = 0; ahead < 7; ahead++) {
      const d = (day + ahead) % 7;
      const next = week[d].find(([start]) => ahead > 0 || start > minute);
      if (next) {
        const when = ahead === 0 ? "aujourd'hui" : ahead === 1 ? 'demain' : DAYS[d];
        return `Fermé en ce moment, ouvre ${when} à ${time(next[0])}`;
      }
    }
    return '';
  }

  function time(minutes) {
    const h = Math.floor(minutes / 60) % 24;
    const m = minutes % 60;
    return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
  }

  /** The wizard's files, each read once (see src/export/wizard.rs). */
  class Data {
    constructor(folder) { this.folder = folder; }
    get(name) { return self.bonneporte.charger(this.folder, name); }
    index() { return this.get('index'); }

    /** The communes that may match `typed`: those with a word starting with its first letter,
     *  or those of the départements that have its first two postal code digits. */
    async communes(typed) {
      const query = fold(typed);
      const index = await this.index();
      let names = [];
      if (/^\d/.test(query)) names = query.length < 2 ? [] : (index.codes_postaux[query.slice(0, 2)] || []).map((d) => `d${d}`);
      else if (index.lettres.includes(query[0])) names = [query[0]];
      return table((await Promise.all(names.map((n) => this.get(`communes/${n}`)))).flat());
    }

    /** The commune of an INSEE code, from its département's file. */
    async commune(insee) {
      const departement = insee.slice(0, insee.startsWith('97') ? 3 : 2).toLowerCase();
      if (!/^[0-9a-z]{2,3}$/.test(departement)) return null;
      const list = await this.get(`communes/d${departement}`).catch(() => []);
      return list.find((c) => c[COMMUNE.insee] === insee) || null;
    }
  }

  function start(root) {
    const $ = (id) => document.getElementById(id);
    const el = {
      form: root.querySelector('form'),
      public: $('assistant-public'),
      besoin: $('assistant-besoin'),
      input: $('assistant-commune'),
      list: $('assistant-communes'),
      count: $('assistant-commune-etat'),
      result: $('assistant-resultat'),
      status: $('assistant-etat'),
      recap: $('assistant-rappel'),
      recapText: $('assistant-rappel-texte'),
      edit: $('assistant-modifier'),
    };
    const site = new URL(root.dataset.racine, location.href).href;
    const data = new Data(new URL(root.dataset.donnees, location.href).href);
    const state = { public: '', besoin: '', commune: '' };
    let options = [];
    let active = -1;
    let typedSeen = '';
    /** The field whose change made the current history entry. */
    let lastChanged = '';
    /** Calls of `show` so far: a call that waited on data gives way to a newer one, so that an
     *  older state never replaces the answer shown (nor takes the focus from it). */
    let shows = 0;
    /** A commune was chosen and its answer is not shown yet: it takes the focus when it is. */
    let arriving = false;

    root.hidden = false;
    for (const fallback of document.querySelectorAll('.wizard-fallback')) fallback.hidden = true;
    el.form.addEventListener('submit', (e) => { e.preventDefault(); accept(); });
    for (const select of [el.public, el.besoin]) {
      select.addEventListener('change', () => { state[select.name] = select.value; changed(select.name); });
    }
    el.form.addEventListener('focusin', () => data.index().catch(() => {}), { once: true });
    el.input.addEventListener('input', () => suggest());
    el.input.addEventListener('keydown', keydown);
    el.input.addEventListener('blur', () => { close(); accept(); });
    el.list.addEventListener('pointerdown', (e) => e.preventDefault()); // keeps the focus in the input
    el.list.addEventListener('click', (e) => {
      const option = e.target.closest('[role="option"]');
      if (option) choose(Number(option.dataset.index));
    });
    el.edit.addEventListener('click', () => { showForm(true); el.public.focus(); });
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
      typedSeen = el.input.value;
      show();
    }

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
      } catch { /* some browsers refuse history on file: URLs; the answer still shows */ }
      lastChanged = field;
      show(field === 'commune');
    }

    async function suggest() {
      const typed = el.input.value;
      const found = await data.communes(typed).catch(() => null);
      if (!found) return failed();
      if (typed !== el.input.value) return; // an older keystroke: a newer one is on its way
      options = matches(found, typed);
      active = -1;
      el.list.replaceChildren(...options.map((c, i) => optionElement(c, i)));
      const open = options.length > 0 && typed.trim() !== '';
      el.list.hidden = !open;
      el.input.setAttribute('aria-expanded', String(open));
      el.input.removeAttribute('aria-activedescendant');
      const message = await countMessage(typed);
      if (typed !== el.input.value) return; // typed on meanwhile: the newer message wins
      el.count.replaceChildren(...message.map(fr));
    }

    /** What the box says under the field: how many suggestions, or why there is none. */
    async function countMessage(typed) {
      const query = typed.trim();
      if (/^\d?$/.test(query)) return []; // one digit is not yet a postal code
      const index = await data.index().catch(() => null);
      if (options.length > 0) {
        const n = options.length;
        const proposed = [`${n} commune${n > 1 ? 's' : ''} proposée${n > 1 ? 's' : ''}.`];
        // Only near spellings here, but a town of that very name elsewhere: say where it is.
        const query = fold(typed);
        const spelled = options.some((c) => rank(fold(c[COMMUNE.name]), query) < 3);
        const town = !spelled && index && index.hors ? await townElsewhere(typed, true) : null;
        return town ? [elsewhereMessage(town, index), ' ', ...proposed] : proposed;
      }
      const parts = [];
      if (index && /^\d{2}/.test(query) && index.hors_guide[query.slice(0, 2)]) {
        parts.push(`Ce code postal est celui de la région ${index.hors_guide[query.slice(0, 2)]}, que ce guide (${index.territoire}) ne couvre pas : adressez-vous au service public de l'orientation de cette région.`);
      } else {
        const town = index && index.hors ? await townElsewhere(query, false) : null;
        parts.push(town ? elsewhereMessage(town, index)
          : `Aucune commune de ce guide${index ? ` (${index.territoire})` : ''} ne correspond : vérifiez l'orthographe ou tapez le code postal.`);
      }
      if (index && index.telephone) parts.push(' Ou appelez gratuitement le ', telLink(...index.telephone), '.');
      return parts;
    }

    function elsewhereMessage(town, index) {
      return `${town.name} est dans la région ${town.region}, que ce guide (${index.territoire}) ne couvre pas : adressez-vous au service public de l'orientation de cette région.`;
    }

    /** The town outside the guide that the typed text names (its whole name, or unless
     *  `wholeName` the start of it from three letters), with its région; null if none. */
    async function townElsewhere(typed, wholeName) {
      const query = fold(typed);
      if (query.length < 3) return null;
      const hors = await data.get('hors').catch(() => null);
      if (!hors) return null;
      hors.folded = hors.folded || hors.communes.map(([name]) => fold(name));
      const folded = hors.folded;
      let i = folded.indexOf(query);
      if (i < 0 && !wholeName) i = folded.findIndex((name) => name.startsWith(query));
      if (i < 0) return null;
      const [name, region] = hors.communes[i];
      return { name, region: hors.regions[region] };
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
        else accept();
      } else if (e.key === 'Tab') {
        if (open && active >= 0) choose(active);
        else accept();
      } else if (e.key === 'Escape') {
        if (open) close(); else el.input.value = '';
      }
    }

    /** Enter, Tab or leaving the field: the typed text is taken if it names one commune. */
    async function accept() {
      const typed = el.input.value;
      if (typed === typedSeen || typed.trim() === '') return;
      const found = await data.communes(typed).catch(() => null);
      if (!found || typed !== el.input.value) return;
      options = matches(found, typed);
      const commune = exact(options, typed) || (options.length === 1 ? options[0] : null);
      if (commune) { options = [commune]; choose(0); } else suggest();
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
      typedSeen = el.input.value;
      el.count.replaceChildren();
      close();
      state.commune = commune[COMMUNE.insee];
      changed('commune');
    }

    /** The form, or in its place one line that recalls the three answers (with the answer
     *  below it, so that the phone numbers are in the first screen). */
    function showForm(visible) {
      el.form.hidden = !visible;
      el.recap.hidden = visible;
      root.closest('main')?.classList.toggle('wizard-answered', !visible);
    }

    /** The answer for the current state, or what is still to choose; `arrived`: the commune
     *  was just chosen, so the answer comes into view. */
    async function show(arrived = false) {
      const turn = ++shows;
      const stale = () => turn !== shows;
      arriving = arriving || arrived;
      const title = await answer(stale);
      if (stale()) return;
      if (title && arriving) { title.focus({ preventScroll: true }); root.scrollIntoView({ block: 'start' }); }
      arriving = false;
    }

    /** Shows the answer for the current state, unless `stale()` after some data was read; gives
     *  the heading of the answer for a commune. */
    async function answer(stale) {
      showForm(true);
      if (!state.public || !state.besoin) return say([], '');
      const index = await data.index().catch(() => null);
      if (stale()) return;
      if (!index) return failed();
      const p = index.publics.findIndex(([id]) => id === state.public);
      const n = index.besoins.findIndex(([id]) => id === state.besoin);
      if (p < 0 || n < 0) return say([], '');
      const pair = p * index.besoins.length + n;
      const doors = index.portes[pair];
      if (doors.length === 0) return say(noDoor(index), 'Pas encore de bonne porte indiquée pour cette situation.');
      const commune = state.commune ? await data.commune(state.commune).catch(() => null) : null;
      if (stale()) return;
      if (!commune) {
        // The networks' headings (h3) need a section heading above them.
        const title = heading(2, 'Les bonnes portes pour votre situation');
        const prompt = 'Indiquez votre commune pour voir les structures les plus proches, avec leur téléphone.';
        return say([title, doorList(index, doors, null, null), paragraph(prompt)], prompt);
      }
      const name = commune[COMMUNE.name];
      const [bassinName, bassinHref, partIndex] = index.bassins[commune[COMMUNE.bassin]];
      const part = await data.get(index.parts[partIndex]).catch(() => null);
      if (stale()) return;
      if (!part) return failed();
      const lists = (part.bassins[commune[COMMUNE.bassin]] || [])[pair] || [];
      const anchor = `${site}${bassinHref}#${state.public}--${state.besoin}`;
      const count = lists.reduce((sum, list) => sum + list.length, 0);
      el.recapText.textContent = [index.publics[p][1], index.besoins[n][1], label(commune)].join(' · ');
      showForm(false);
      const title = heading(2, `Près de ${name} : vos bonnes portes`);
      title.tabIndex = -1;
      // No phone among the partners found: the answer says so first, with a number to call.
      const phones = lists.flat().filter((i) => part.structures[i][PARTNER.phone]).length;
      const noPhones = count > 0 && phones === 0;
      say([
        title,
        noPhones ? noPhone(index, doors.filter((_, d) => (lists[d] || []).length > 0)) : [],
        doorList(index, doors, lists, part),
        noPhones ? [] : regionalLine(index),
        paragraph(null, link(`Toutes les bonnes portes du territoire ${bassinName}`, anchor)),
        printed(),
      ], `${count} structure${count > 1 ? 's' : ''} pour ${name}.`);
      return title;
    }

    /** The doors, best first: for each, its nearest partners, then why this door. */
    function doorList(index, doors, lists, part) {
      const ol = document.createElement('ol');
      ol.className = 'wizard-doors';
      doors.forEach(([network, why], d) => {
        const li = document.createElement('li');
        const net = index.reseaux[network];
        li.append(heading(3, null, link(net[NETWORK.name], site + net[NETWORK.page])));
        if (lists) {
          const partners = (lists[d] || []).map((s) => card(part.structures[s]));
          li.append(partners.length ? list('cards', partners) : noPartner(net));
        }
        if (why) li.append(paragraph(null, strong('Pourquoi cette porte : '), why));
        ol.append(li);
      });
      return ol;
    }

    /** A network with no partner near: its own line or site, and its page. */
    function noPartner(net) {
      const all = link('toutes ses structures', site + net[NETWORK.page]);
      const parts = ['Pas encore de structure de ce réseau indiquée près de chez vous. '];
      if (net[NETWORK.phone]) parts.push('Appelez le réseau au ', telLink(...net[NETWORK.phone]), ', ou voyez ', all, '.');
      else if (net[NETWORK.site]) parts.push('Voyez ', link('son site', net[NETWORK.site]), ' ou ', all, '.');
      else parts.push('Voyez ', all, '.');
      return paragraph(null, ...parts);
    }

    function card(s) {
      const li = document.createElement('li');
      li.className = 'card';
      li.append(heading(4, null, link(s[PARTNER.name], site + s[PARTNER.page])));
      if (s[PARTNER.phone]) li.append(paragraph(null, telLink(s[PARTNER.phone], s[PARTNER.tel], 'Appeler le ')));
      // An old contact says so where it is read: the number may have changed.
      if (s[PARTNER.dated]) li.append(paragraph(`Coordonnées ${s[PARTNER.dated]} : elles ont pu changer.`));
      const address = [s[PARTNER.street], s[PARTNER.place]].filter(Boolean).join(', ');
      if (address) {
        const p = paragraph(address);
        const geo = s[PARTNER.geo];
        // The visitor's own map application (geo:), or the address to paste into the one they
        // choose: no request to a map service from this page.
        if (geo) p.append(' ', link('Ouvrir dans une carte', `geo:${geo[0]},${geo[1]}`));
        else if (navigator.clipboard) p.append(' ', copyButton(address));
        li.append(p);
      }
      if (s[PARTNER.hours]) {
        const now = openNow(s[PARTNER.week], new Date());
        li.append(paragraph(`Horaires : ${s[PARTNER.hours]}.`));
        if (now) li.append(paragraph(null, strong(now)));
      }
      if (!address && !s[PARTNER.phone]) li.append(paragraph('Coordonnées en cours de vérification.'));
      return li;
    }

    /** For a counsellor who prints the answer: when, and where to find it again. */
    function printed() {
      const date = new Date().toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric' });
      const p = paragraph(`Imprimé le ${date} depuis ${location.href}`);
      p.className = 'print-only';
      return p;
    }

    /** A button that copies `text`, for a map or a message; says when it is done. */
    function copyButton(text) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'link-button copy';
      button.textContent = "Copier l'adresse";
      button.addEventListener('click', () => {
        navigator.clipboard.writeText(text).then(
          () => { button.textContent = 'Adresse copiée'; },
          () => { button.textContent = 'Copie impossible : sélectionnez le texte'; },
        );
      });
      return button;
    }

    /** The free regional line, if the guide has one. */
    function regionalLine(index) {
      if (!index.telephone) return [];
      return paragraph(null, 'Une question ? La ligne régionale est gratuite : ', telLink(...index.telephone, 'Appeler le '));
    }

    /**
     * Said first when no partner found has a phone: the free regional line, or else how to
     * reach the networks of the partners found (its line, its site or its page; a network
     * without a partner near says it in its own place).
     */
    function noPhone(index, doors) {
      const missing = 'Les téléphones de ces structures ne sont pas encore dans ce guide. ';
      if (index.telephone) {
        return paragraph(null, `${missing}Appelez gratuitement la ligne régionale, on vous dira où aller : `, telLink(...index.telephone, 'Appeler le '));
      }
      const ways = doors.flatMap(([network], d) => [d === 0 ? '' : ' ; ', ...reach(index.reseaux[network])]);
      return paragraph(null, `${missing}Pour les joindre, voyez leur réseau : `, ...ways, '.');
    }

    /** A network named with a link to its page, then its line, else its site. */
    function reach(net) {
      const page = link(net[NETWORK.name], site + net[NETWORK.page]);
      if (net[NETWORK.phone]) return [page, ', ', telLink(...net[NETWORK.phone], 'appeler le ')];
      if (net[NETWORK.site]) return [page, ', ', link('son site', net[NETWORK.site])];
      return [page];
    }

    function noDoor(index) {
      const said = paragraph('Le guide n\'indique pas encore de bonne porte pour cette situation. Toute structure du service public de l\'orientation vous accueille et vous oriente : adressez-vous à la plus proche.');
      return [said].concat(regionalLine(index));
    }

    /** Replaces the answer; `message` goes to the status region, read by screen readers. */
    function say(nodes, message) {
      el.result.replaceChildren(...[nodes].flat());
      el.status.textContent = message;
    }

    function failed() {
      for (const fallback of document.querySelectorAll('.wizard-fallback')) fallback.hidden = false;
      say([paragraph('L\'assistant ne peut pas se charger ici. Utilisez les liens ci-dessous.')], 'L\'assistant ne peut pas se charger.');
    }
  }

  /** French typography, as the build sets it in the pages (src/render/typography.rs): no line
   *  starts with « : ; ! ? » or a closing quote. */
  function fr(text) {
    return typeof text !== 'string' ? text
      : text.replace(/ ([:»])/g, '\u00a0$1').replace(/ ([;!?])/g, '\u202f$1').replace(/« /g, '«\u00a0');
  }

  function heading(level, text, ...children) {
    const h = document.createElement(`h${level}`);
    if (text) h.textContent = fr(text);
    h.append(...children.map(fr));
    return h;
  }

  function paragraph(text, ...children) {
    const p = document.createElement('p');
    if (text) p.textContent = fr(text);
    p.append(...children.map(fr));
    return p;
  }

  function strong(text) {
    const s = document.createElement('strong');
    s.textContent = fr(text);
    return s;
  }

  function link(text, href) {
    const a = document.createElement('a');
    a.href = href;
    a.textContent = text;
    return a;
  }

  /** A phone number as a call button (`prefix` in front of it, for the eyes only it adds). */
  function telLink(display, tel, prefix = '') {
    const a = link(`${prefix}${display}`, tel);
    a.className = 'call';
    return a;
  }

  function list(className, items) {
    const ul = document.createElement('ul');
    ul.className = className;
    ul.append(...items);
    return ul;
  }

  // Outside a browser (the matcher's tests in Node) there is no document.
  if (typeof module === 'object' && module.exports) module.exports = { fold, oneEdit, table, matches, exact, openNow };
  const root = typeof document === 'object' && document.getElementById('assistant');
  if (root) start(root);
})();
