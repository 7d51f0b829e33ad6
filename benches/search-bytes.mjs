// Measures what the browser's search downloads and how long it takes, on a built site: for each
// pair of queries, a cold first query (script, manifest, its shards and the result data of what
// the page shows at once) then a next one (only the files it adds), gzip-compressed as a server
// would send them; then what filling the next query's first page adds, and the time of a query
// once its files are loaded. The page's question (static/search.js): five communes and the
// first three other results at once (a phone's first screen), the first page of ten when the
// reader scrolls to its end; each checked against every result (all tail blocks loaded).
// Prints JSON for benches/search.rs.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const [site, ...pairs] = process.argv.slice(2);
// A classic script, which gives its functions to Node as a CommonJS module.
const { createEngine } = createRequire(import.meta.url)(join(site, 'assets/search.js'));
const gz = (bytes) => gzipSync(bytes).length;
// What the page loads before a query: the loader of the data files and the client.
const script = Buffer.concat([await readFile(join(site, 'assets/donnees.js')), await readFile(join(site, 'assets/search.js'))]);
// As static/search.js: other results shown at once, then on the first page.
const [FIRST, PAGE] = [3, 10];

/** The bytes of recherche/<name>.js, a script `bonneporte.donnees("<name>",<JSON>);`. */
const file = (name) => readFile(join(site, 'recherche', `${name}.js`));
/** Its data: the JSON between the prefix and `);\n`. */
const data = (name, bytes) => JSON.parse(bytes.subarray(`bonneporte.donnees(${JSON.stringify(name)},`.length, -3));
const load = async (name) => data(name, await file(name));
/** Every result, all tail blocks loaded: to check that the first page is the right one. */
const checker = await createEngine(load);

async function session() {
  const fetched = [];
  const engine = await createEngine(async (name) => {
    const bytes = await file(name);
    fetched.push({ name, raw: bytes.length, gzip: gz(bytes) });
    return data(name, bytes);
  });
  const communes = engine.manifest.kinds.findIndex(([id]) => id === 'commune');
  const isCommune = (doc) => engine.kindOf(doc) === communes;
  // What the page asks: five communes and a first page of other results.
  const query = async (q, n) => {
    const { answers: [places, others] } = await engine.top(q, [
      { n: 5, accept: isCommune, acceptKind: (k) => k === communes },
      { n, accept: (doc) => !isCommune(doc), acceptKind: (k) => k !== communes },
    ]);
    const page = [...places.hits, ...others.hits].map((h) => h.doc);
    await engine.documents(page);
    return page;
  };
  const check = async (q, page, n) => {
    const all = (await checker.search(q)).hits.map((h) => h.doc);
    const expected = [...all.filter(isCommune).slice(0, 5), ...all.filter((d) => !isCommune(d)).slice(0, n)];
    return { hits: all.length, same: JSON.stringify(page) === JSON.stringify(expected) };
  };
  return { engine, fetched, query, check };
}

const sum = (files, key) => files.reduce((n, f) => n + f[key], 0);
const out = [];
for (const pair of pairs) {
  const [first, next] = pair.split('|');
  const s = await session();
  const firstPage = await s.query(first, FIRST);
  const cold = [{ name: 'donnees.js + search.js', raw: script.length, gzip: gz(script) }, ...s.fetched];
  const before = s.fetched.length;
  const nextPage = await s.query(next, FIRST);
  const added = s.fetched.slice(before);
  const filling = s.fetched.length;
  const nextFull = await s.query(next, PAGE);
  const filled = s.fetched.slice(filling);
  const checks = [await s.check(first, firstPage, FIRST), await s.check(next, nextPage, FIRST), await s.check(next, nextFull, PAGE)];
  const [one, two] = checks;
  const times = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    await s.query(next, PAGE);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  out.push({
    first, next, hits: one.hits, nextHits: two.hits, same: checks.every((c) => c.same),
    coldFiles: cold.length, coldRaw: sum(cold, 'raw'), coldGzip: sum(cold, 'gzip'),
    nextFiles: added.length, nextRaw: sum(added, 'raw'), nextGzip: sum(added, 'gzip'),
    fillFiles: filled.length, fillGzip: sum(filled, 'gzip'),
    ms: times[times.length >> 1],
  });
}
process.stdout.write(JSON.stringify(out));
