// Measures what the browser's search downloads and how long it takes, on a built site: for each
// pair of queries, a cold first query (script, manifest, its shards and the result data of its
// first page) then a next one (only the files it adds), gzip-compressed as a server would send
// them; then the time of a query once its files are loaded. Prints JSON for benches/search.rs.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';

const [site, ...pairs] = process.argv.slice(2);
const { createEngine } = await import(pathToFileURL(join(site, 'assets/search.js')).href);
const gz = (bytes) => gzipSync(bytes).length;
const script = await readFile(join(site, 'assets/search.js'));
const PAGE = 10;

async function session() {
  const fetched = [];
  const engine = await createEngine(async (name) => {
    const bytes = await readFile(join(site, 'recherche', name));
    fetched.push({ name, raw: bytes.length, gzip: gz(bytes) });
    return JSON.parse(bytes);
  });
  const query = async (q) => {
    const { hits } = await engine.search(q);
    await engine.documents(hits.slice(0, PAGE).map((h) => h.doc));
    return hits.length;
  };
  return { engine, fetched, query };
}

const sum = (files, key) => files.reduce((n, f) => n + f[key], 0);
const out = [];
for (const pair of pairs) {
  const [first, next] = pair.split('|');
  const s = await session();
  const hits = await s.query(first);
  const cold = [{ name: 'search.js', raw: script.length, gzip: gz(script) }, ...s.fetched];
  const before = s.fetched.length;
  const nextHits = await s.query(next);
  const added = s.fetched.slice(before);
  const times = [];
  for (let k = 0; k < 20; k++) {
    const t = performance.now();
    await s.query(next);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  out.push({
    first, next, hits, nextHits,
    coldFiles: cold.length, coldRaw: sum(cold, 'raw'), coldGzip: sum(cold, 'gzip'),
    nextFiles: added.length, nextRaw: sum(added, 'raw'), nextGzip: sum(added, 'gzip'),
    ms: times[times.length >> 1],
  });
}
process.stdout.write(JSON.stringify(out));
