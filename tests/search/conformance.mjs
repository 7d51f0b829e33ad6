// Runs the browser's search engine (the built site's assets/search.js) under Node over the
// exported index of a built site. Input (stdin): a JSON list of [query, {parameter: id}] (the
// page's URL parameters for its filters). Output (stdout): per query, the list of
// [document number, score, tier] in the client's order (every result, tail blocks all loaded),
// the document numbers of its first page as a fresh page finds them (loading only the tail
// blocks that decide them), whether the results match only part of the query, and the words
// that match nothing.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const site = process.argv[2];
// A classic script, which gives its functions to Node as a CommonJS module.
const { createEngine, chosenFromIds, passes } = createRequire(import.meta.url)(join(site, 'assets/search.js'));

/** The data of recherche/<name>.js, a script `bonneporte.donnees("<name>",<JSON>);`. */
async function load(name) {
  const text = await readFile(join(site, 'recherche', `${name}.js`), 'utf8');
  const prefix = `bonneporte.donnees(${JSON.stringify(name)},`;
  if (!text.startsWith(prefix) || !text.endsWith(');\n')) throw new Error(`${name}.js is not a data file`);
  return JSON.parse(text.slice(prefix.length, -3));
}
const engine = await createEngine(load);
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const [query, filters] of JSON.parse(input)) {
  const { hits, partial, unmatched } = await engine.search(query);
  const facets = await engine.facets();
  const chosen = chosenFromIds(engine, facets, new URLSearchParams(filters));
  const accept = (doc) => passes(engine, facets, chosen, doc);
  const fresh = await createEngine(load);
  const { answers: [page], partial: freshPartial, unmatched: freshUnmatched } = await fresh.top(query, [{ n: 10, accept, acceptKind: () => true }]);
  if (freshPartial !== partial || JSON.stringify(freshUnmatched) !== JSON.stringify(unmatched)) throw new Error(`${query}: top and search disagree on partial results`);
  out.push([hits.filter((h) => accept(h.doc)).map((h) => [h.doc, h.score, h.tier]), page.hits.map((h) => h.doc), partial, unmatched]);
}
process.stdout.write(JSON.stringify(out));
