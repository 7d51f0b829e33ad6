// Search of the guide in the browser, from the static index that the build exports under
// recherche/ (see src/search/export.rs). No dependency, no request to another host.
//
// The engine mirrors src/search/query.rs exactly, because `bonneporte search` (tantivy) is the
// oracle that tests/search.rs compares it with: same words, same candidates, same scores (the
// exported BM25 contributions), same order. The page part only enhances /recherche/: without
// JavaScript its form and its links still work.

const ALNUM = /[\p{Alphabetic}\p{N}]/u;
const APOSTROPHES = new Set(["'", '’', 'ʼ']);
const COMBINING = /[\u0300-\u036f]/;
const LIGATURES = { 'œ': 'oe', 'Œ': 'oe', 'æ': 'ae', 'Æ': 'ae', 'ß': 'ss', '’': "'", 'ʼ': "'" };

/** Lowercase, accents off, ligatures spelled out: src/collate.rs `fold`. */
export function fold(text) {
  let out = '';
  for (const c of text.normalize('NFD')) {
    if (COMBINING.test(c)) continue;
    out += LIGATURES[c] ?? c.toLowerCase();
  }
  return out;
}

const chars = (s) => [...s];

/** One letter wrong, missing or extra, or two neighbours swapped (src/search/query.rs `one_edit`). */
export function oneEdit(a, b) {
  const [x, y] = [chars(a), chars(b)];
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (long.length - short.length === 0) {
    const differ = x.map((c, i) => i).filter((i) => x[i] !== y[i]);
    if (differ.length === 1) return true;
    const [i, j] = differ;
    return differ.length === 2 && j === i + 1 && x[i] === y[j] && x[j] === y[i];
  }
  if (long.length - short.length !== 1) return false;
  let start = 0;
  while (start < short.length && short[start] === long[start]) start++;
  return short.slice(start).join('') === long.slice(start + 1).join('');
}

/** Edit distance, for "did you mean" only. */
function distance(a, b) {
  const [x, y] = [chars(a), chars(b)];
  let row = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const next = [i];
    for (let j = 1; j <= y.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[y.length];
}

/** Byte order of UTF-8 is code point order; for the words of a guide, UTF-16 order is the same. */
const before = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The search engine over an export. `load(name)` resolves to the parsed JSON file `name` of
 * recherche/ (fetch in the browser, the file system under Node).
 */
export async function createEngine(load) {
  const manifest = await load('index.json');
  const elisions = new Set(manifest.elisions);
  const stopwords = new Set(manifest.stopwords);
  const limits = manifest.limits;
  const first = manifest.vocabulary.first;
  const shards = new Map(); // index → promise of { words: [[surface, terms]], postings: Map }
  const postings = new Map(); // term → { docs, scores }
  const blocks = new Map();
  let facets = null;

  /** The words of a text (src/search/analyzer.rs `words`). */
  function words(text) {
    const out = [];
    let start = -1;
    let i = 0;
    const push = (from, to, beforeApostrophe) => {
      const surface = fold(text.slice(from, to));
      if (beforeApostrophe && elisions.has(surface)) return;
      if (!stopwords.has(surface)) out.push({ surface, from, to });
    };
    for (const c of text) {
      if (ALNUM.test(c)) {
        if (start < 0) start = i;
      } else if (start >= 0) {
        push(start, i, APOSTROPHES.has(c));
        start = -1;
      }
      i += c.length;
    }
    if (start >= 0) push(start, text.length, false);
    return out;
  }

  function shardOf(word) {
    let lo = 0;
    let hi = first.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before(first[mid], word) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** The shards that may hold words starting with `prefix`. */
  function shardsFrom(prefix) {
    const list = [shardOf(prefix)];
    for (let j = list[0] + 1; j < first.length && first[j].startsWith(prefix); j++) list.push(j);
    return list;
  }

  function loadShard(i) {
    if (!shards.has(i)) {
      shards.set(i, load(`${manifest.vocabulary.files}${i}.json`).then((shard) => {
        const terms = shard.t.map(([term, book, list]) => {
          if (!postings.has(term)) postings.set(term, decode(book, list));
          return term;
        });
        return shard.w.map(([surface, ...at]) => [surface, at.map((k) => terms[k])]);
      }));
    }
    return shards.get(i);
  }

  /** Postings from the export: document deltas, each with the index of its score in `book`. */
  function decode(book, list) {
    const docs = new Int32Array(list.length / 2);
    const scores = new Int32Array(list.length / 2); // thousandths
    let doc = 0;
    for (let k = 0; k < list.length; k += 2) {
      doc += list[k];
      docs[k / 2] = doc;
      scores[k / 2] = book[list[k + 1]];
    }
    return { docs, scores };
  }

  /** Words of the loaded shards `list` that start with `prefix`, with their terms. */
  async function wordsFrom(list, prefix) {
    const loaded = await Promise.all(list.map(loadShard));
    return loaded.flat().filter(([surface]) => surface.startsWith(prefix));
  }

  const df = (term) => postings.get(term)?.docs.length ?? -1;

  function mostFrequent(terms, already, max) {
    const taken = new Set(already.map((c) => c.term));
    const list = [...new Set(terms)].filter((t) => !taken.has(t));
    list.sort((a, b) => df(b) - df(a) || before(a, b));
    return list.slice(0, max);
  }

  async function candidates(word, prefix) {
    const own = await wordsFrom([shardOf(word)], word);
    const exact = own.find(([s]) => s === word)?.[1] ?? [];
    const out = exact.map((term) => ({ term, weight: limits.exact, typo: false }));
    if (prefix && chars(word).length >= limits.prefixMin) {
      const near = (await wordsFrom(shardsFrom(word), word)).filter(([s]) => s !== word);
      const terms = mostFrequent(near.flatMap(([, t]) => t), out, limits.prefix);
      out.push(...terms.map((term) => ({ term, weight: limits.near, typo: false })));
    }
    if (exact.length === 0 && chars(word).length >= limits.typoMin) {
      const head = chars(word).slice(0, 2).join('');
      const near = (await wordsFrom(shardsFrom(head), head)).filter(([s]) => oneEdit(word, s));
      const terms = mostFrequent(near.flatMap(([, t]) => t), out, limits.typo);
      out.push(...terms.map((term) => ({ term, weight: limits.near, typo: true, surfaces: near.map(([s]) => s) })));
    }
    return out;
  }

  function synonymAt(list) {
    let best = null;
    for (const [token, members] of manifest.synonyms) {
      for (const m of members) {
        const longer = best === null || m.length > best.length;
        if (m.length && longer && m.every((w, k) => list[k] === w)) best = { token, length: m.length };
      }
    }
    return best;
  }

  /** The clauses of a query (src/search/query.rs `clauses`). */
  async function clauses(query) {
    const ws = words(query);
    const typing = ws.length > 0 && ws[ws.length - 1].to === query.length;
    const surfaces = ws.map((w) => w.surface);
    const out = [];
    for (let i = 0; i < surfaces.length;) {
      const synonym = synonymAt(surfaces.slice(i));
      if (synonym) {
        await loadShard(shardOf(synonym.token));
        out.push({ words: surfaces.slice(i, i + synonym.length), candidates: [{ term: synonym.token, weight: limits.exact, typo: false }] });
        i += synonym.length;
        continue;
      }
      const prefix = typing && i + 1 === surfaces.length;
      out.push({ words: [surfaces[i]], prefix, candidates: await candidates(surfaces[i], prefix) });
      i += 1;
    }
    return out;
  }

  /**
   * Documents matching every clause, best first: [{ doc, score, tier }]. Scores add up as
   * integers (thousandths, weights doubled), exactly as src/search/index.rs orders them.
   */
  function rank(list) {
    if (list.length === 0) return [];
    const maps = list.map((clause) => {
      const found = new Map();
      for (const c of clause.candidates) {
        const p = postings.get(c.term);
        if (!p) continue;
        for (let k = 0; k < p.docs.length; k++) {
          const hit = found.get(p.docs[k]) ?? { key: 0, exact: false };
          hit.key += Math.round(c.weight * 2) * p.scores[k];
          hit.exact ||= !c.typo;
          found.set(p.docs[k], hit);
        }
      }
      return found;
    });
    maps.sort((a, b) => a.size - b.size);
    const hits = [];
    for (const [doc, hit] of maps[0]) {
      let key = hit.key;
      let exact = hit.exact;
      let all = true;
      for (const other of maps.slice(1)) {
        const h = other.get(doc);
        if (!h) { all = false; break; }
        key += h.key;
        exact &&= h.exact;
      }
      if (all) hits.push({ doc, key, score: key / 2000, tier: exact ? 0 : 1 });
    }
    return hits.sort((a, b) => a.tier - b.tier || b.key - a.key || a.doc - b.doc);
  }

  /** A corrected query when some words are unknown, or null. */
  async function suggest(query) {
    const ws = words(query);
    let changed = false;
    const fixed = [];
    for (const w of ws) {
      const own = await wordsFrom([shardOf(w.surface)], w.surface);
      if (own.some(([s]) => s === w.surface) || chars(w.surface).length < 3) { fixed.push(w.surface); continue; }
      const head = chars(w.surface).slice(0, 1).join('');
      const near = (await wordsFrom(shardsFrom(head).slice(0, 8), head))
        .filter(([s]) => !s.startsWith('~'))
        .map(([s, t]) => ({ s, d: distance(w.surface, s), f: Math.max(...t.map(df)) }))
        .filter((x) => x.d <= 2)
        .sort((a, b) => a.d - b.d || b.f - a.f || before(a.s, b.s));
      if (near.length) { fixed.push(near[0].s); changed = true; } else fixed.push(w.surface);
    }
    return changed ? fixed.join(' ') : null;
  }

  async function search(query) {
    const list = await clauses(query);
    return { clauses: list, hits: rank(list) };
  }

  /** The kind of document `n`: index into manifest.kinds ([id, label, first document]). */
  function kindOf(n) {
    let k = 0;
    while (k + 1 < manifest.kinds.length && manifest.kinds[k + 1][2] <= n) k++;
    return k;
  }

  /** Display data of documents: [title, url, excerpt]. */
  async function documents(numbers) {
    const size = manifest.blocks.size;
    const needed = [...new Set(numbers.map((n) => Math.floor(n / size)))];
    await Promise.all(needed.map((b) => {
      if (!blocks.has(b)) blocks.set(b, load(`${manifest.blocks.files}${b}.json`));
      return blocks.get(b);
    }));
    return Promise.all(numbers.map(async (n) => (await blocks.get(Math.floor(n / size)))[n % size]));
  }

  /** Facets expanded per document: { territory, network, publics } columns and labels. */
  async function loadFacets() {
    if (!facets) {
      facets = load(manifest.facets).then((f) => {
        const n = manifest.documents;
        const expand = (runs) => {
          const column = new Int32Array(n);
          for (let r = 0, doc = 0; r < runs.length; r += 2) column.fill(runs[r + 1], doc, (doc += runs[r]));
          return column;
        };
        const columns = { territory: expand(f.territory), network: expand(f.network), publics: expand(f.publicsMask) };
        columns.publics.forEach((mask, doc) => {
          if (mask === -2) columns.publics[doc] = f.networkPublics[columns.network[doc]];
        });
        return { ...f, columns };
      });
    }
    return facets;
  }

  return { manifest, words, search, suggest, kindOf, documents, facets: loadFacets };
}

// ---------------------------------------------------------------------------------------------
// The page: /recherche/ enhanced.

const PAGE = 10;
const FILTERS = [
  ['type', 'Type'],
  ['territory', 'Territoire'],
  ['network', 'Réseau'],
  ['publics', 'Public'],
];

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** `text` with the words that match the query in <mark>. */
function highlighted(text, engine, clauses) {
  const query = clauses.flatMap((c) => c.words);
  const typos = new Set(clauses.flatMap((c) => c.candidates.flatMap((x) => x.surfaces ?? [])));
  const out = document.createDocumentFragment();
  let at = 0;
  for (const w of engine.words(text)) {
    const match = typos.has(w.surface) || query.some((q) => w.surface.startsWith(q) || (q.length >= 4 && q.startsWith(w.surface) && w.surface.length >= 4));
    if (!match) continue;
    out.append(text.slice(at, w.from), element('mark', { textContent: text.slice(w.from, w.to) }));
    at = w.to;
  }
  out.append(text.slice(at));
  return out;
}

const plural = (n, one, many) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

function facetOf(engine, f, filter, doc) {
  if (filter === 'type') return [engine.kindOf(doc)];
  const c = f.columns;
  switch (filter) {
    case 'territory': {
      const t = c.territory[doc];
      if (t < 0) return [];
      return f.territories.map((x, i) => i).filter((i) => i <= t && t < f.territories[i][2]);
    }
    case 'network': return c.network[doc] < 0 ? [] : [c.network[doc]];
    default: return f.publics.map((x, i) => i).filter((i) => c.publics[doc] & (2 ** i));
  }
}

function labelOf(engine, f, filter, value) {
  switch (filter) {
    case 'type': return engine.manifest.kinds[value][1];
    case 'territory': return f.territories[value][1];
    case 'network': return f.networks[value][1];
    default: return f.publics[value][1];
  }
}

async function start(form) {
  const input = form.querySelector('input[name="q"]');
  const app = document.getElementById('recherche-app');
  const status = document.getElementById('recherche-etat');
  const list = document.getElementById('recherche-resultats');
  const more = document.getElementById('recherche-plus');
  const communes = document.getElementById('recherche-communes');
  const panel = document.getElementById('recherche-filtres');
  const filtersBox = panel.querySelector('.search-filters');
  const root = form.dataset.root;
  const base = new URL(form.dataset.index, document.baseURI);
  let engine;
  try {
    engine = await createEngine(async (name) => {
      const response = await fetch(new URL(name, base));
      if (!response.ok) throw new Error(`${name} : ${response.status}`);
      return response.json();
    });
  } catch {
    status.textContent = "La recherche instantanée n'est pas disponible ici : utilisez les liens ci-dessous.";
    app.hidden = false;
    return;
  }
  app.hidden = false;
  const communeKind = engine.manifest.kinds.findIndex(([id]) => id === 'commune');
  const chosen = { type: -1, territory: -1, network: -1, publics: -1 };
  let facets = null; // loaded when the reader opens the filters
  let shown = 0;
  let current = null;
  let generation = 0;

  const selects = Object.fromEntries(FILTERS.map(([name, label]) => {
    const id = `filtre-${name}`;
    const select = element('select', { id, name });
    select.addEventListener('change', () => { chosen[name] = Number(select.value); show(); });
    filtersBox.append(element('p', {}, element('label', { htmlFor: id, textContent: label }), select));
    return [name, select];
  }));
  panel.addEventListener('toggle', async () => {
    if (!panel.open || facets) return;
    facets = await engine.facets();
    show();
  });

  async function run() {
    const query = input.value;
    const mine = ++generation;
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query); else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    if (!query.trim()) {
      current = null;
      list.replaceChildren();
      communes.replaceChildren();
      panel.hidden = true;
      more.hidden = true;
      status.textContent = '';
      return;
    }
    const result = await engine.search(query);
    if (mine !== generation) return;
    current = { query, ...result };
    await show();
  }

  function passes(doc, except) {
    return FILTERS.every(([name]) => name === except || chosen[name] < 0 || facetOf(engine, facets, name, doc).includes(chosen[name]));
  }

  function fillFilters(hits) {
    for (const [name, label] of FILTERS) {
      const counts = new Map();
      const kept = hits.filter((h) => passes(h.doc, name));
      for (const h of kept) for (const v of facetOf(engine, facets, name, h.doc)) counts.set(v, (counts.get(v) ?? 0) + 1);
      const options = [element('option', { value: '-1', textContent: `${label === 'Public' ? 'Tous les publics' : 'Tous'} (${kept.length})` })];
      const values = [...counts.keys()].sort((a, b) => a - b);
      if (chosen[name] >= 0 && !counts.has(chosen[name])) values.push(chosen[name]);
      for (const v of values) {
        const depth = name === 'territory' ? facets.territories.filter((t, i) => i < v && v < t[2]).length : 0;
        const text = `${'\u00a0\u00a0'.repeat(depth)}${labelOf(engine, facets, name, v)} (${counts.get(v) ?? 0})`;
        options.push(element('option', { value: String(v), textContent: text, selected: v === chosen[name] }));
      }
      selects[name].replaceChildren(...options);
    }
  }

  async function show() {
    if (!current) return;
    const { hits, query } = current;
    const mine = generation;
    const places = hits.filter((h) => engine.kindOf(h.doc) === communeKind).slice(0, 5);
    const others = hits.filter((h) => engine.kindOf(h.doc) !== communeKind);
    const visible = facets ? others.filter((h) => passes(h.doc, null)) : others;
    if (facets) fillFilters(others);
    panel.hidden = others.length === 0;
    shown = Math.min(PAGE, visible.length);
    const [placeDocs, docs] = await Promise.all([
      engine.documents(places.map((h) => h.doc)),
      engine.documents(visible.slice(0, shown).map((h) => h.doc)),
    ]);
    if (mine !== generation) return;
    communes.replaceChildren();
    if (placeDocs.length) {
      communes.append(element('h2', { textContent: 'Communes' }), element('ul', {}, ...placeDocs.map(([title, url, excerpt]) =>
        element('li', {}, element('a', { href: root + url, textContent: title }), ` — ${excerpt}`))));
    }
    // A later answer may replace the list while the reader is in it: keep the focus in place.
    const focused = [...list.querySelectorAll('.search-result > a')].indexOf(document.activeElement);
    list.replaceChildren(...docs.map((d, k) => item(d, visible[k].doc)));
    const links = list.querySelectorAll('.search-result > a');
    if (focused >= 0 && links.length) links[Math.min(focused, links.length - 1)].focus();
    more.hidden = shown >= visible.length;
    more.onclick = async () => {
      const next = visible.slice(shown, shown + PAGE);
      const extra = await engine.documents(next.map((h) => h.doc));
      list.append(...extra.map((d, k) => item(d, next[k].doc)));
      shown += next.length;
      more.hidden = shown >= visible.length;
    };
    if (visible.length || placeDocs.length) {
      status.textContent = `${plural(visible.length, 'résultat', 'résultats')} pour « ${query} »`;
      return;
    }
    status.replaceChildren(`Aucun résultat pour « ${query} ».`);
    const better = await engine.suggest(query);
    if (better && mine === generation) {
      const url = new URL(location.href);
      url.searchParams.set('q', better);
      const link = element('a', { href: url.search, textContent: better });
      link.addEventListener('click', (e) => { e.preventDefault(); input.value = better; run(); });
      status.append(' Vouliez-vous dire : ', link, ' ?');
    }
  }

  function item([title, url, excerpt], doc) {
    const clauses = current.clauses;
    const kind = engine.manifest.kinds[engine.kindOf(doc)][1];
    return element('li', { className: 'search-result' },
      element('a', { href: root + url }, highlighted(title, engine, clauses)),
      element('span', { className: 'search-kind', textContent: ` ${kind}` }),
      element('p', {}, highlighted(excerpt, engine, clauses)));
  }

  let timer;
  input.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(run, 60); });
  form.addEventListener('submit', (e) => { e.preventDefault(); clearTimeout(timer); run(); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { e.preventDefault(); list.querySelector('a')?.focus(); }
  });
  list.addEventListener('keydown', (e) => {
    const links = [...list.querySelectorAll('.search-result > a')];
    const at = links.indexOf(document.activeElement);
    if (at < 0) return;
    if (e.key === 'ArrowDown' && at + 1 < links.length) { e.preventDefault(); links[at + 1].focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (at > 0 ? links[at - 1] : input).focus(); }
  });
  const q = new URLSearchParams(location.search).get('q');
  if (q) { input.value = q; run(); }
}

if (typeof document !== 'undefined') {
  const form = document.querySelector('form[data-index]');
  if (form) start(form);
}
