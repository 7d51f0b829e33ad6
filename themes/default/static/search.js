// Search of the guide in the browser, from the static index that the build exports under
// recherche/ (see src/export/search/export.rs). No dependency, no request to another host.
//
// A classic script, not a module, and its data files are scripts loaded through donnees.js
// (bonneporte.charger), not fetch(): so the search also works on a site opened from disk
// (file://, a USB stick), where Chromium refuses both. Its names stay inside the function
// below; it gives its functions to Node's tests as a CommonJS module (module.exports) and to
// the page as bonneporte.recherche.
//
// The engine mirrors src/export/search/query.rs exactly, because `bonneporte search` (tantivy) is the
// oracle that tests/search.rs compares it with: same words, same candidates, same scores (the
// exported BM25 contributions), same order. The page part only enhances /recherche/: without
// JavaScript its form and its links still work.

(() => {
'use strict';

const ALNUM = /[\p{Alphabetic}\p{N}]/u;
const APOSTROPHES = new Set(["'", '’', 'ʼ']);
const COMBINING = /[\u0300-\u036f]/;
const LIGATURES = { 'œ': 'oe', 'Œ': 'oe', 'æ': 'ae', 'Æ': 'ae', 'ß': 'ss', '’': "'", 'ʼ': "'" };

/** Lowercase, accents off, ligatures spelled out: src/collate.rs `fold`. */
function fold(text) {
  let out = '';
  for (const c of text.normalize('NFD')) {
    if (COMBINING.test(c)) continue;
    out += LIGATURES[c] ?? c.toLowerCase();
  }
  return out;
}

const chars = (s) => [...s];

/** One letter wrong, missing or extra, or two neighbours swapped (src/search/query.rs `one_edit`). */
function oneEdit(a, b) {
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
 * The search engine over an export. `load(name)` resolves to the data of the file `name` of
 * recherche/ (`index`, `v-<hash>-0`…: its path without `.js`; bonneporte.charger in the
 * browser, the file system under Node).
 */
async function createEngine(load) {
  const manifest = await load('index');
  const elisions = new Set(manifest.elisions);
  const stopwords = new Set(manifest.stopwords);
  const queryStopwords = new Set(manifest.queryStopwords);
  const aliases = new Map(manifest.aliases);
  const networks = manifest.networks; // [[document, [[folded words of a name]…]]…]
  const answers = manifest.answers; // [[document, [[a label's term, terms that mean it…]…]]…]
  const limits = manifest.limits;
  const vocabulary = manifest.vocabulary;
  const groups = new Map(); // group index → promise of the first word of each of its shards
  const shards = new Map(); // index → promise of { words: [[surface, terms]], postings: Map }
  const postings = new Map(); // term → { docs, scores }
  const blocks = new Map();
  const typoShards = new Map(); // file name → promise of Map key → values
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

  /** The index of the last of the sorted `firsts` (words or numbers) at or before `x`, -1 if none. */
  function firstAtOrBefore(firsts, x) {
    let lo = -1;
    let hi = firsts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (before(firsts[mid], x) <= 0) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  /** The first words of the shards of group `g` (src/export/search/export.rs `VOCABULARY_GROUP`). */
  function loadGroup(g) {
    if (!groups.has(g)) groups.set(g, load(`${vocabulary.groups.files}${g}`));
    return groups.get(g);
  }

  /** The first word of shard `i`, undefined past the last. */
  async function firstOf(i) {
    const size = vocabulary.groups.size;
    return i < vocabulary.shards ? (await loadGroup(Math.floor(i / size)))[i % size] : undefined;
  }

  /** The shard that holds `word` if the vocabulary has it. */
  async function shardOf(word) {
    const g = Math.max(0, firstAtOrBefore(vocabulary.groups.first, word));
    return g * vocabulary.groups.size + Math.max(0, firstAtOrBefore(await loadGroup(g), word));
  }

  /** The shards that may hold words starting with `prefix`, at most `max` of them: walking on
   *  reads the group files of the next shards. */
  async function shardsFrom(prefix, max = Infinity) {
    const list = [await shardOf(prefix)];
    for (let j = list[0] + 1; list.length < max && (await firstOf(j))?.startsWith(prefix); j++) list.push(j);
    return list;
  }

  /** The words of the shard of `word` that start with it (the word itself first if known). */
  async function wordsOf(word) {
    return wordsFrom([await shardOf(word)], word);
  }

  function loadShard(i) {
    if (!shards.has(i)) {
      shards.set(i, load(`${manifest.vocabulary.files}${i}`).then((shard) => {
        const terms = shard.t.map(([term, book, list, count, tail]) => {
          // A place term comes alone: its postings are in its own file (loadPlace).
          if (book && !postings.has(term)) postings.set(term, posting(book, list, count, tail));
          return term;
        });
        return shard.w.map(([surface, ...at]) => [surface, at.map((k) => terms[k])]);
      }));
    }
    return shards.get(i);
  }

  /**
   * A term's postings as far as loaded: exported score (thousandths) by document, its document
   * frequency, and for a term split by the export its tail: per kind the best score left out,
   * the first document of each block, and which blocks are loaded (null, a promise, or true).
   */
  function posting(book, list, count, tail) {
    const scores = new Map();
    addPostings(scores, book, list);
    return { scores, count, tail: tail ?? null, loaded: tail ? tail.first.map(() => null) : [] };
  }

  /** Postings from the export: document deltas, each with the index of its score in `book`. */
  function addPostings(scores, book, list) {
    let doc = 0;
    for (let k = 0; k < list.length; k += 2) {
      doc += list[k];
      scores.set(doc, book[list[k + 1]]);
    }
  }

  const complete = (p) => p.loaded.every((b) => b === true);

  const isPlace = (term) => term.startsWith('@');
  const places = new Map(); // place term → promise

  /** The postings of a place term: the documents that serve the place (src/search/export.rs `place_files`). */
  function loadPlace(term) {
    if (!places.has(term)) {
      places.set(term, load(`${manifest.places}${term.slice(1)}`).then(([book, list, count]) => {
        postings.set(term, posting(book, list, count));
      }));
    }
    return places.get(term);
  }

  const tailFiles = new Map(); // number → promise of [book, list]; terms may share a tail

  function loadBlock(p, j) {
    if (p.loaded[j] === null) {
      const at = p.tail.at + j;
      if (!tailFiles.has(at)) tailFiles.set(at, load(`${manifest.tails}${at}`));
      p.loaded[j] = tailFiles.get(at).then(([book, list]) => {
        addPostings(p.scores, book, list);
        p.loaded[j] = true;
      });
    }
    return p.loaded[j];
  }

  /** The tail block of `p` that may hold document `doc` of kind `kind` and is not loaded, or -1. */
  function unknownBlock(p, doc, kind) {
    if (!p.tail || p.tail.max[kind] < 0 || doc > p.tail.end) return -1;
    const j = firstAtOrBefore(p.tail.first, doc);
    return j >= 0 && p.loaded[j] !== true ? j : -1;
  }

  /** The most a document of kind `kind` in tail block `j` of `p` may score. */
  const blockBest = (p, j, kind) => Math.min(p.tail.top[j], p.tail.max[kind]);

  /**
   * The stretches of documents that the starts of kinds and of the tail blocks of `clauses`
   * not all loaded divide: [first document, kind] in document order.
   */
  function stretches(clauses) {
    const starts = new Set(manifest.kinds.map((k) => k[2]));
    for (const { p } of clauses.flat()) {
      if (!p.tail || complete(p)) continue;
      p.tail.first.forEach((d) => starts.add(d));
      starts.add(p.tail.end + 1);
    }
    return [...starts].sort((a, b) => a - b).map((d) => [d, kindOf(d)]);
  }

  /** The values under `key` in a typo shard family ({ files, first }). */
  async function typoLookup(family, key) {
    const i = firstAtOrBefore(family.first, key);
    if (i < 0) return [];
    const name = `${family.files}${i}`;
    if (!typoShards.has(name)) typoShards.set(name, load(name).then((rows) => new Map(rows)));
    return (await typoShards.get(name)).get(key) ?? [];
  }

  /**
   * Known words one edit away from `word`: those that share its first three letters, those
   * listed under its typo keys, and the shorter words it may mean (src/search/query.rs
   * `typo_keys`, `typo_shorter`). Bare words: their vocabulary shards load only if they match.
   */
  async function typoWords(word) {
    const { head, keys, heads } = manifest.typos;
    const letters = chars(word);
    const start = letters.slice(0, head - 1).join('');
    const suffixes = [head - 1, head, head + 1].map((skip) => letters.slice(skip).join('')).filter((k) => k);
    const found = await Promise.all([
      typoLookup(heads, start).then((rests) => rests.map((rest) => start + rest)),
      ...suffixes.map((key) => typoLookup(keys, key).then((starts) => starts.map((s) => s + key))),
    ]);
    const shorter = letters.length === head + 1
      ? [...Array(head - 1).keys()].map((i) => letters.filter((c, j) => j !== i))
      : [];
    const known = await Promise.all(shorter.map(async (w) => {
      const [first, rest] = [w.slice(0, head - 1).join(''), w.slice(head - 1).join('')];
      return (await typoLookup(heads, first)).includes(rest) ? [first + rest] : [];
    }));
    return [...new Set([...found.flat(), ...known.flat()])].filter((s) => oneEdit(word, s)).sort(before);
  }

  /** Words of the loaded shards `list` that start with `prefix`, with their terms. */
  async function wordsFrom(list, prefix) {
    const loaded = await Promise.all(list.map(loadShard));
    return loaded.flat().filter(([surface]) => surface.startsWith(prefix));
  }

  const df = (term) => postings.get(term)?.count ?? -1;

  function mostFrequent(terms, already, max) {
    const taken = new Set(already.map((c) => c.term));
    // A place term is no word: a start or a typo of a word does not name its place.
    const list = [...new Set(terms)].filter((t) => !taken.has(t) && !isPlace(t));
    list.sort((a, b) => df(b) - df(a) || before(a, b));
    return list.slice(0, max);
  }

  async function candidates(word, typing) {
    const own = await wordsOf(word);
    const exact = own.find(([s]) => s === word)?.[1] ?? [];
    await Promise.all(exact.filter(isPlace).map(loadPlace));
    const out = exact.map((term) => ({ term, weight: limits.exact, typo: false }));
    if ((typing || exact.length === 0) && chars(word).length >= limits.prefixMin) {
      const near = (await wordsFrom(await shardsFrom(word), word)).filter(([s]) => s !== word);
      const terms = mostFrequent(near.flatMap(([, t]) => t), out, limits.prefix);
      out.push(...terms.map((term) => ({ term, weight: limits.near, typo: false })));
    }
    if (exact.length === 0 && chars(word).length >= limits.typoMin) {
      const found = await Promise.all((await typoWords(word)).map(async (s) =>
        (await wordsOf(s)).find(([w]) => w === s)));
      const near = found.filter(Boolean);
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
    const questions = surfaces.some((w) => !queryStopwords.has(w));
    const out = [];
    for (let i = 0; i < surfaces.length;) {
      const synonym = synonymAt(surfaces.slice(i));
      if (synonym) {
        await loadShard(await shardOf(synonym.token));
        out.push({ words: surfaces.slice(i, i + synonym.length), candidates: [{ term: synonym.token, weight: limits.exact, typo: false }] });
        i += synonym.length;
        continue;
      }
      if (!(questions && queryStopwords.has(surfaces[i]))) {
        const own = await candidates(surfaces[i], typing && i + 1 === surfaces.length);
        for (const alias of aliases.get(surfaces[i]) ?? []) {
          const terms = (await wordsOf(alias)).find(([s]) => s === alias)?.[1] ?? [];
          for (const term of terms) {
            if (!own.some((c) => c.term === term)) own.push({ term, weight: limits.exact, typo: false });
          }
        }
        out.push({ words: [surfaces[i]], candidates: own });
      }
      i += 1;
    }
    return out;
  }

  /**
   * The networks whose names the words of the clauses spell, in order and next to each other,
   * each query word the name's word or, from prefixMin letters, its start (src/search/index.rs
   * `named`).
   */
  function named(list) {
    const tokens = list.flatMap((c) => c.candidates).filter((c) => c.term.startsWith('~')).map((c) => c.term);
    const members = tokens.flatMap((t) => manifest.synonyms.find(([token]) => token === t)?.[1] ?? []);
    const sequences = [list.flatMap((c) => c.words), ...members];
    const spelled = (name) => sequences.some((ws) => spellsIn(ws, name));
    return new Set(networks.filter(([, names]) => names.some(spelled)).map(([doc]) => doc));
  }

  /**
   * The answer of the wizard that the query names, or -1: one whose labels have, for every clause,
   * a term that one of its exact terms or words stands for; of several, the one whose terms the
   * query covers most, then with fewest terms, then the first (src/search/index.rs `answer_named`).
   */
  function answerNamed(list) {
    const terms = list.map((c) => [...c.candidates.filter((x) => !x.typo && x.weight >= limits.exact).map((x) => x.term), ...c.words]);
    if (terms.length === 0) return -1;
    const hits = (group, ts) => group.some((g) => ts.includes(g));
    let best = null;
    for (const [doc, groups] of answers) {
      if (!terms.every((ts) => groups.some((g) => hits(g, ts)))) continue;
      const covered = groups.filter((g) => terms.some((ts) => hits(g, ts))).length;
      const better = !best || covered > best.covered || (covered === best.covered && (groups.length < best.size || (groups.length === best.size && doc < best.doc)));
      if (better) best = { doc, covered, size: groups.length };
    }
    return best ? best.doc : -1;
  }

  const answerKind = manifest.kinds.findIndex(([id]) => id === 'reponse');

  /** Whether the words of the clauses spell `name` (folded words; src/search/index.rs `spells`). */
  const spells = (list, name) => spellsIn(list.flatMap((c) => c.words), name);

  function spellsIn(ws, name) {
    const fits = (q, w) => q === w || (chars(q).length >= limits.prefixMin && w.startsWith(q));
    return name.length > 0 && ws.some((_, i) => i + name.length <= ws.length && name.every((w, k) => fits(ws[i + k], w)));
  }

  /** The first of a network's former names that the query spells (src/search/mod.rs `former_named`). */
  const formerNamed = (former, list) => (former ?? []).find((name) => spells(list, words(name).map((w) => w.surface))) ?? null;

  /** The candidates of the clauses with their postings and integer weights (doubled, as in src/search/index.rs). */
  const weighted = (list) => list.map((clause) => clause.candidates
    .map((c) => ({ typo: c.typo, p: postings.get(c.term), w: Math.round(c.weight * 2) }))
    .filter((c) => c.p));

  /**
   * What the loaded postings say of the documents that may match every clause: per document seen,
   * its key (sum of the known scores, as src/search/index.rs sums them), the best key it may
   * still reach through tail blocks not loaded, its tier and best tier, and those blocks; per kind
   * whose documents were not all seen, an unseen document with the best it may reach (its doc:
   * the least number it may have).
   */
  function bounds(list) {
    const clauses = weighted(list);
    if (clauses.length === 0) return { records: [] };
    // The networks and the answer named are always records: no unseen document is one.
    const namedDocs = named(list);
    const answer = answerNamed(list);
    if (answer >= 0) namedDocs.add(answer);
    const seen = new Set(namedDocs);
    for (const clause of clauses) for (const c of clause) for (const doc of c.p.scores.keys()) seen.add(doc);
    const out = [];
    for (const doc of seen) {
      const kind = kindOf(doc);
      // An answer of the wizard is offered when the query names it, and only then.
      if (kind === answerKind && doc !== answer) continue;
      const r = { doc, kind, key: 0, hi: 0, tier: 0, bestTier: 0, unknown: [], named: namedDocs.has(doc) ? 1 : 0 };
      let possible = true;
      let sure = true;
      for (const clause of clauses) {
        let matched = 0; // 0: no, 1: through a typo, 2: exactly
        let may = 0;
        for (const c of clause) {
          const score = c.p.scores.get(doc);
          if (score !== undefined) {
            r.key += c.w * score;
            matched = Math.max(matched, c.typo ? 1 : 2);
            continue;
          }
          const j = unknownBlock(c.p, doc, kind);
          if (j < 0) continue;
          r.hi += c.w * blockBest(c.p, j, kind);
          may = Math.max(may, c.typo ? 1 : 2);
          r.unknown.push([c.p, j]);
        }
        possible &&= matched + may > 0;
        sure &&= matched > 0;
        if (matched < 2) r.tier = 1;
        if (Math.max(matched, may) < 2) r.bestTier = 1;
      }
      r.hi += r.key;
      r.certain = sure && r.unknown.length === 0;
      // The answer named is offered even when a word is only in its meaning (« travail »).
      if (doc === answer) Object.assign(r, { certain: true, tier: 0, bestTier: 0 });
      if (possible || doc === answer) out.push(r);
    }
    // An unseen document lies in a stretch between starts of tail blocks (or of kinds): per word
    // it may reach the best of the block not loaded that covers it, and it matches only if each
    // clause has such a block. Ties go by document number: it is at least the stretch's first,
    // and at least the first of the tail with each best score that it reaches.
    for (const [start, kind] of stretches(clauses)) {
      if (kind === answerKind) continue;
      const r = { doc: start, kind, key: 0, hi: 0, tier: 1, bestTier: 0, unknown: [], certain: false, named: 0, unseen: true };
      const open = clauses.every((clause) => {
        let [any, exact] = [false, false];
        for (const c of clause) {
          const j = unknownBlock(c.p, start, kind);
          if (j < 0) continue;
          const best = blockBest(c.p, j, kind);
          r.hi += c.w * best;
          r.unknown.push([c.p, j]);
          any = true;
          exact ||= !c.typo;
          if (c.w * best > 0 && best === c.p.tail.max[kind]) r.doc = Math.max(r.doc, c.p.tail.from[kind]);
        }
        if (!exact) r.bestTier = 1;
        return any;
      });
      if (open) out.push(r);
    }
    return { records: out };
  }

  /**
   * Order of results: most clauses matched (partial results), typo-free first, a network named,
   * then key, then document number (src/search/index.rs `rank`).
   */
  const order = (a, b) => (b.matched ?? 0) - (a.matched ?? 0) || a.tier - b.tier || b.named - a.named || b.key - a.key || a.doc - b.doc;
  const best = (r) => ({ tier: r.bestTier, named: r.named, key: r.hi, doc: r.doc });
  const byBest = (a, b) => a.bestTier - b.bestTier || b.named - a.named || b.hi - a.hi || a.doc - b.doc;

  /**
   * For a want `{ n, accept(doc), acceptKind(kind) }`: its first n results if the loaded postings
   * decide them (each result certain, and certainly before every document after it), else the
   * tail blocks that would decide them.
   */
  function decide(records, want) {
    const items = records.filter((r) => (r.unseen ? want.acceptKind(r.kind) : want.accept(r.doc)));
    items.sort(byBest);
    const n = Math.min(want.n, items.length);
    for (let i = 0; i < n; i++) {
      const next = items[i + 1];
      if (items[i].certain && (!next || order(items[i], best(next)) < 0)) continue;
      const blocks = items.slice(0, i + 2).flatMap((r) => r.unknown);
      return { blocks };
    }
    const hits = items.slice(0, n).map(hit);
    const certain = items.filter((r) => r.certain).length;
    return { hits, more: items.length > n, total: certain, exact: certain === items.length };
  }

  const hit = (r) => ({ doc: r.doc, key: r.key, score: r.key / 2000, tier: r.tier, matched: r.matched });

  const loadAll = (list) => Promise.all(weighted(list).flat().flatMap((c) => c.p.loaded.map((b, j) => loadBlock(c.p, j))));

  /** Whether some document matches every clause, loading tail blocks only until it is known. */
  async function anyMatch(list) {
    for (;;) {
      const { records } = bounds(list);
      if (records.some((r) => r.certain)) return true;
      const blocks = records.flatMap((r) => r.unknown);
      if (blocks.length === 0) return false;
      await Promise.all(blocks.map(([p, j]) => loadBlock(p, j)));
    }
  }

  /**
   * When no document matches every clause: every document matching some, most clauses first
   * (every tail block loaded), and the words of the clauses that match none.
   */
  async function partial(list) {
    await loadAll(list);
    const clauses = weighted(list);
    const namedDocs = named(list);
    const docs = new Map();
    const unmatched = [];
    clauses.forEach((cs, i) => {
      const mine = new Map(); // document → matched without a typo
      for (const c of cs) for (const doc of c.p.scores.keys()) mine.set(doc, mine.get(doc) === true || !c.typo);
      if (mine.size === 0) unmatched.push(...list[i].words);
      for (const [doc, exact] of mine) {
        if (kindOf(doc) === answerKind) continue;
        const r = docs.get(doc) ?? { doc, matched: 0, tier: 0, key: 0, named: namedDocs.has(doc) ? 1 : 0 };
        r.matched += 1;
        if (!exact) r.tier = 1;
        docs.set(doc, r);
      }
    });
    for (const r of docs.values()) {
      for (const c of clauses.flat()) r.key += c.w * (c.p.scores.get(r.doc) ?? 0);
    }
    return { hits: [...docs.values()].sort(order).map(hit), unmatched };
  }

  /**
   * The first results of `query` for each of `wants` (see `decide`), loading tail blocks only as
   * far as they decide them: { clauses, partial, unmatched, answers: [{ hits, more, total, exact }] }.
   * When no document matches every word, the results of `partial`.
   */
  async function top(query, wants) {
    const list = await clauses(query);
    for (;;) {
      const { records } = bounds(list);
      const answers = wants.map((want) => decide(records, want));
      const blocks = answers.flatMap((a) => a.blocks ?? []);
      if (blocks.length === 0) {
        if (list.length < 2 || answers.some((a) => a.hits.length) || await anyMatch(list)) {
          return { clauses: list, partial: false, unmatched: [], answers };
        }
        const { hits, unmatched } = await partial(list);
        const answers2 = wants.map((want) => {
          const kept = hits.filter((h) => want.accept(h.doc));
          return { hits: kept.slice(0, want.n), more: kept.length > want.n, total: kept.length, exact: true };
        });
        return { clauses: list, partial: true, unmatched, answers: answers2 };
      }
      await Promise.all(blocks.map(([p, j]) => loadBlock(p, j)));
    }
  }

  /**
   * Every document matching `query`, best first: { clauses, partial, unmatched, hits: [{ doc,
   * key, score, tier }] }.
   */
  async function search(query) {
    const list = await clauses(query);
    await loadAll(list);
    const { records } = bounds(list);
    const hits = records.filter((r) => r.certain).sort(order).map(hit);
    if (hits.length || list.length < 2) return { clauses: list, partial: false, unmatched: [], hits };
    return { clauses: list, partial: true, ...(await partial(list)) };
  }

  /** A corrected query when some words are unknown, or null. */
  async function suggest(query) {
    const ws = words(query);
    let changed = false;
    const fixed = [];
    for (const w of ws) {
      const own = await wordsOf(w.surface);
      if (own.some(([s]) => s === w.surface) || chars(w.surface).length < 3) { fixed.push(w.surface); continue; }
      const head = chars(w.surface).slice(0, 1).join('');
      const near = (await wordsFrom(await shardsFrom(head, 8), head))
        .filter(([s]) => !s.startsWith('~'))
        .map(([s, t]) => ({ s, d: distance(w.surface, s), f: Math.max(...t.map(df)) }))
        .filter((x) => x.d <= 2)
        .sort((a, b) => a.d - b.d || b.f - a.f || before(a.s, b.s));
      if (near.length) { fixed.push(near[0].s); changed = true; } else fixed.push(w.surface);
    }
    return changed ? fixed.join(' ') : null;
  }


  /** The kind of document `n`: index into manifest.kinds ([id, label, first document]). */
  function kindOf(n) {
    let k = 0;
    while (k + 1 < manifest.kinds.length && manifest.kinds[k + 1][2] <= n) k++;
    return k;
  }

  /** Where document `n`'s row is: [its block's file, index in it, its kind]. Blocks hold
   *  documents of one kind, so many of their own size, and are named by the prefix of their
   *  group of the kind's blocks (src/export/search/export.rs `block_size`, `ROW_GROUP`). */
  function rowOf(n) {
    const k = kindOf(n);
    const at = n - manifest.kinds[k][2];
    const size = manifest.blocks.sizes[k];
    const i = Math.floor(at / size);
    const prefix = manifest.blocks.files[k][Math.floor(i / manifest.blocks.group)];
    return [`${prefix}${manifest.blocks.first[k] + i}`, at % size, k];
  }

  /** Display data of documents: [title, url, excerpt] and, if any, {former, tel: [shown, URI]}.
   *  Rows leave out what the URLs of their kind share, and a phone's URI when it follows from
   *  the number (src/export/search/export.rs `doc_row`). */
  async function documents(numbers) {
    const rows = numbers.map(rowOf);
    for (const [name] of rows) if (!blocks.has(name)) blocks.set(name, load(name));
    return Promise.all(rows.map(async ([name, i, k]) => {
      const [title, url, excerpt, more] = (await blocks.get(name))[i];
      const [prefix, suffix] = manifest.blocks.urls[k];
      const row = [title, prefix + url + suffix, excerpt];
      return more ? [...row, more.tel ? { ...more, tel: telOf(more.tel) } : more] : row;
    }));
  }

  /** [shown, tel: URI] of a row's phone: a French ten-digit number gives its URI (`follows`). */
  const telOf = (tel) => (Array.isArray(tel) ? tel : [tel, `tel:+33${tel.replace(/ /g, '').slice(1)}`]);

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

  return { manifest, words, search, top, suggest, kindOf, documents, formerNamed, facets: loadFacets };
}

// ---------------------------------------------------------------------------------------------
// Filters, shared by the page and the conformance test (src/search/mod.rs `find` is the oracle).

/** The filters: name, label, URL parameter (the command line's flag), list of [id, label…]. */
const FILTERS = [
  ['type', 'Type', 'type', (engine) => engine.manifest.kinds],
  ['territory', 'Territoire', 'territoire', (engine, f) => f.territories],
  ['network', 'Réseau', 'reseau', (engine, f) => f.networks],
  ['publics', 'Public', 'public', (engine, f) => f.publics],
];

/** The values of document `doc` for `filter` (a territory includes those above it). */
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

/** Chosen filter values (indices, -1: all) from identifiers, as the URL names them. */
function chosenFromIds(engine, f, ids) {
  return Object.fromEntries(FILTERS.map(([name, , param, list]) => {
    const id = ids.get(param);
    return [name, id ? list(engine, f).findIndex(([x]) => x === id) : -1];
  }));
}

/** Whether `doc` passes every chosen filter but `except`. */
function passes(engine, f, chosen, doc, except = null) {
  return FILTERS.every(([name]) => name === except || chosen[name] < 0 || facetOf(engine, f, name, doc).includes(chosen[name]));
}

// ---------------------------------------------------------------------------------------------
// The page: /recherche/ enhanced.

const PAGE = 10;
/** Other results shown at once: a phone's first screen holds the communes and two or three
 *  more. The first page fills up to PAGE when its end comes into view, so that a query
 *  downloads the rows of what the reader sees (benches/search-bytes.mjs measures both). */
const FIRST = 3;

function element(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props);
  node.append(...children);
  return node;
}

/** `text` with the words that match the query in <mark>, as one inline box: inside a link laid
 * out as a flex box (a touch target), loose text and marks would be items whose spaces vanish. */
function highlighted(text, engine, clauses) {
  const query = clauses.flatMap((c) => c.words);
  const typos = new Set(clauses.flatMap((c) => c.candidates.flatMap((x) => x.surfaces ?? [])));
  const out = element('span');
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
  let engine;
  try {
    engine = await createEngine((name) => self.bonneporte.charger(form.dataset.donnees, name));
  } catch {
    status.textContent = "La recherche instantanée n'est pas disponible ici : utilisez les liens ci-dessous.";
    app.hidden = false;
    return;
  }
  app.hidden = false;
  const communeKind = engine.manifest.kinds.findIndex(([id]) => id === 'commune');
  const params = new URLSearchParams(location.search);
  let facets = null; // loaded when the reader opens the filters or the URL names some
  if (FILTERS.some(([, , param]) => params.get(param))) {
    facets = await engine.facets();
    panel.open = true;
  }
  const chosen = facets ? chosenFromIds(engine, facets, params) : { type: -1, territory: -1, network: -1, publics: -1 };
  let current = null;
  let generation = 0;
  let rendered = -1; // the query (generation) whose first results are in the list

  /** The query and the chosen filters in the address, so that reloading or sharing restores them. */
  function writeUrl(query) {
    const url = new URL(location.href);
    if (query.trim()) url.searchParams.set('q', query); else url.searchParams.delete('q');
    for (const [name, , param, list] of FILTERS) {
      const id = facets && chosen[name] >= 0 ? list(engine, facets)[chosen[name]]?.[0] : null;
      if (id) url.searchParams.set(param, id); else url.searchParams.delete(param);
    }
    history.replaceState(null, '', url);
  }

  const selects = Object.fromEntries(FILTERS.map(([name, label]) => {
    const id = `filtre-${name}`;
    const select = element('select', { id, name });
    select.addEventListener('change', () => { chosen[name] = Number(select.value); run(); });
    filtersBox.append(element('p', {}, element('label', { htmlFor: id, textContent: label }), select));
    return [name, select];
  }));
  panel.addEventListener('toggle', async () => {
    if (!panel.open || facets) return;
    facets = await engine.facets();
    run();
  });

  async function run() {
    const query = input.value;
    const mine = ++generation;
    writeUrl(query);
    if (!query.trim()) {
      current = null;
      list.replaceChildren();
      communes.replaceChildren();
      panel.hidden = true;
      more.hidden = true;
      status.textContent = '';
      return;
    }
    const result = await answer(query, FIRST);
    if (mine !== generation) return;
    current = result;
    await show();
    fill();
  }

  /**
   * The communes and the first `n` other results of `query`. With the filters open, every result
   * (their counts need them all); otherwise only what decides the first ones, so that a query
   * on a frequent word loads the head of its postings, not all of them.
   */
  async function answer(query, n) {
    const isCommune = (doc) => engine.kindOf(doc) === communeKind;
    if (facets) {
      const { clauses, hits, partial, unmatched } = await engine.search(query);
      const others = hits.filter((h) => !isCommune(h.doc));
      const visible = others.filter((h) => passes(engine, facets, chosen, h.doc));
      const allPlaces = hits.filter((h) => isCommune(h.doc));
      const places = allPlaces.slice(0, 5);
      const total = visible.length + allPlaces.length;
      return { query, clauses, partial, unmatched, places, others, visible: visible.slice(0, n), more: visible.length > n, total, exact: true };
    }
    const { clauses, partial, unmatched, answers: [places, others] } = await engine.top(query, [
      { n: 5, accept: isCommune, acceptKind: (k) => k === communeKind },
      { n, accept: (doc) => !isCommune(doc), acceptKind: (k) => k !== communeKind },
    ]);
    const total = others.total + places.total;
    const exact = others.exact && places.exact;
    return { query, clauses, partial, unmatched, places: places.hits, others: null, visible: others.hits, more: others.more, total, exact };
  }

  /** One count of every result (communes included); for a partial answer, what it is. */
  function announce() {
    const { query, total, exact, partial, unmatched } = current;
    const count = plural(total, 'résultat', 'résultats');
    if (!partial) {
      status.textContent = `${exact ? count : `Au moins ${count}`} pour « ${query} »`;
      return;
    }
    const missing = unmatched.length ? ` Aucun résultat pour ${unmatched.map((w) => `« ${w} »`).join(', ')}.` : '';
    status.replaceChildren(element('strong', { textContent: 'Résultats pour une partie de votre recherche' }),
      ` : aucun résultat ne contient tous les mots de « ${query} » ; ${count} en contiennent une partie.${missing}`);
  }

  function fillFilters(hits) {
    for (const [name, label] of FILTERS) {
      const counts = new Map();
      const kept = hits.filter((h) => passes(engine, facets, chosen, h.doc, name));
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
    const { query, places, visible } = current;
    const mine = generation;
    if (facets && current.others) fillFilters(current.others);
    panel.hidden = (current.others ?? visible).length === 0;
    const [placeDocs, docs] = await Promise.all([
      engine.documents(places.map((h) => h.doc)),
      engine.documents(visible.map((h) => h.doc)),
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
    rendered = mine;
    const links = list.querySelectorAll('.search-result > a');
    if (focused >= 0 && links.length) links[Math.min(focused, links.length - 1)].focus();
    more.hidden = !current.more;
    if (visible.length || placeDocs.length) {
      announce();
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

  // One more page at a time for a query, once its first results are in the list: a page added
  // before, or while another is, would be lost or shown twice.
  let adding = null; // { generation, done } of the page being added
  function showMore() {
    if (rendered !== generation) return null;
    if (adding?.generation !== generation) {
      const mine = { generation };
      mine.done = addPage().finally(() => { if (adding === mine) adding = null; });
      adding = mine;
    }
    return adding.done;
  }

  async function addPage() {
    const mine = generation;
    const shown = current.visible.length;
    const next = await answer(current.query, shown < PAGE ? PAGE : shown + PAGE);
    if (mine !== generation) return;
    const added = next.visible.slice(shown);
    const docs = await engine.documents(added.map((h) => h.doc));
    if (mine !== generation) return;
    current = next;
    list.append(...docs.map((d, k) => item(d, added[k].doc)));
    more.hidden = !current.more;
    announce();
  }
  more.addEventListener('click', showMore);

  // The first page fills up once the button after it comes into view or is scrolled past (a
  // fling or the End key may jump over it); the pages after it come on request only. A scroll
  // while it fills gets the page being added (showMore).
  function fill() {
    if (rendered !== generation || more.hidden || current.visible.length >= PAGE) return;
    if (more.getBoundingClientRect().top < innerHeight) showMore();
  }
  addEventListener('scroll', fill, { passive: true });
  addEventListener('resize', fill, { passive: true });

  /** A result: its title, what it is, its excerpt and, for a partner or a network, its phone. */
  function item([title, url, excerpt, { former, tel } = {}], doc) {
    const clauses = current.clauses;
    const kind = engine.manifest.kinds[engine.kindOf(doc)][1];
    const formerName = engine.formerNamed(former, clauses);
    return element('li', { className: 'search-result' },
      element('a', { href: root + url }, highlighted(title, engine, clauses)),
      ...(formerName ? [element('span', { className: 'search-former' }, ', anciennement ', element('mark', { textContent: formerName }))] : []),
      element('span', { className: 'search-kind', textContent: ` ${kind}` }),
      element('p', {}, highlighted(excerpt, engine, clauses)),
      ...(tel ? [element('p', { className: 'search-tel' }, element('a', { className: 'call', href: tel[1], textContent: `Appeler le ${tel[0]}` }))] : []));
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
  const q = params.get('q');
  if (q) { input.value = q; run(); }
}

const api = { fold, oneEdit, createEngine, FILTERS, facetOf, chosenFromIds, passes };
if (typeof module === 'object' && module.exports) module.exports = api;
if (typeof document !== 'undefined') {
  self.bonneporte = self.bonneporte || {};
  self.bonneporte.recherche = api;
  const form = document.querySelector('form.search-page-form[data-donnees]');
  if (form) start(form);
}
})();
