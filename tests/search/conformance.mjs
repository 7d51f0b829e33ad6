// Runs the browser's search engine (the built site's assets/search.js) under Node over the
// exported index of a built site. Input (stdin): a JSON list of queries. Output (stdout): per
// query, the list of [document number, score, tier] in the client's order.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const site = process.argv[2];
const { createEngine } = await import(pathToFileURL(join(site, 'assets/search.js')).href);
const engine = await createEngine(async (name) => JSON.parse(await readFile(join(site, 'recherche', name), 'utf8')));
let input = '';
for await (const chunk of process.stdin) input += chunk;
const out = [];
for (const query of JSON.parse(input)) {
  const { hits } = await engine.search(query);
  out.push(hits.map((h) => [h.doc, h.score, h.tier]));
}
process.stdout.write(JSON.stringify(out));
