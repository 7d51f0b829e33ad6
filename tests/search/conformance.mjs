// Runs the browser's search engine (the built site's assets/search.js) under Node over the
// exported index of a built site. Input (stdin): a JSON list of [query, {parameter: id}] (the
// page's URL parameters for its filters). Output (stdout): per query, the list of
// [document number, score, tier] in the client's order (every result, tail blocks all loaded),
// and the document numbers of its first page as a fresh page finds them (loading only the tail
// blocks that decide them).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const site = process.argv[2];
const { createEngine, chosenFromIds, passes } = await import(pathToFileURL(join(site, 'assets/search.js')).href);
const load = async (name) => JSON.parse(await readFile(join(site, 'recherche', name), 'utf8'));
const engine = await createEngine(load);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const [query, filters] of JSON.parse(input)) {
  const { hits } = await engine.search(query);
  const facets = await engine.facets();
  const chosen = chosenFromIds(engine, facets, new URLSearchParams(filters));
  const accept = (doc) => passes(engine, facets, chosen, doc);
  const fresh = await createEngine(load);
  const { answers: [page] } = await fresh.top(query, [{ n: 10, accept, acceptKind: () => true }]);
  out.push([hits.filter((h) => accept(h.doc)).map((h) => [h.doc, h.score, h.tier]), page.hits.map((h) => h.doc)]);
}
process.stdout.write(JSON.stringify(out));
