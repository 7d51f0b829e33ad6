// In headless Chromium, on a built site that also holds a Pagefind index (pagefind/): for each
// query, the bytes a cold search downloads (gzip, or as sent when already compressed), the time
// to the first ten results, and the time of the same query once loaded; ours, then Pagefind's.
// Prints JSON for benches/search.rs. Pagefind needs WebAssembly, which the site's CSP forbids:
// the context bypasses the CSP for it.
import { gzipSync } from 'node:zlib';
import { serve, launch } from '../tests/browser/lib.mjs';

const [site, ...queries] = process.argv.slice(2);
const server = await serve(site);
const browser = await launch();
const context = await browser.newContext({ bypassCSP: true });

async function measure(engine, query) {
  const page = await context.newPage();
  await page.route('**/*', (route) => route.continue({ headers: { ...route.request().headers(), 'cache-control': 'no-cache' } }));
  const bytes = [];
  page.on('response', async (r) => {
    const path = new URL(r.url()).pathname;
    const script = path.endsWith('/search.js') || path.endsWith('/donnees.js');
    if (!path.startsWith('/recherche/') && !path.startsWith('/pagefind/') && !script) return;
    if (path.endsWith('.html')) return;
    const body = await r.body().catch(() => Buffer.alloc(0));
    bytes.push(Math.min(body.length, gzipSync(body).length));
  });
  await page.goto(`${server.url}404.html`);
  const timing = await page.evaluate(async ([engine, query]) => {
    const t0 = performance.now();
    let run;
    if (engine === 'bonneporte') {
      // Classic scripts, as the search page loads them: the loader of the data files, then
      // the client, which gives its functions as bonneporte.recherche.
      for (const src of ['/assets/donnees.js', '/assets/search.js']) {
        await new Promise((ok, ko) => {
          const script = Object.assign(document.createElement('script'), { src, onload: ok, onerror: ko });
          document.head.append(script);
        });
      }
      const e = await self.bonneporte.recherche.createEngine((name) => self.bonneporte.charger('/recherche/', name));
      // A full first page: five communes and ten other results, as Pagefind's ten below.
      const communes = e.manifest.kinds.findIndex(([id]) => id === 'commune');
      const isCommune = (doc) => e.kindOf(doc) === communes;
      run = async () => {
        const { answers: [places, others] } = await e.top(query, [
          { n: 5, accept: isCommune, acceptKind: (k) => k === communes },
          { n: 10, accept: (doc) => !isCommune(doc), acceptKind: (k) => k !== communes },
        ]);
        await e.documents([...places.hits, ...others.hits].map((h) => h.doc));
        // At least this many: the count the page announces.
        return others.total + places.hits.length;
      };
    } else {
      const pf = await import('/pagefind/pagefind.js');
      await pf.init();
      run = async () => { const r = await pf.search(query); await Promise.all(r.results.slice(0, 10).map((x) => x.data())); return r.results.length; };
    }
    const hits = await run();
    const cold = performance.now() - t0;
    const times = [];
    for (let k = 0; k < 10; k++) { const t = performance.now(); await run(); times.push(performance.now() - t); }
    times.sort((a, b) => a - b);
    return { hits, cold, warm: times[5] };
  }, [engine, query]);
  await page.waitForTimeout(200);
  await page.close();
  return { engine, query, ...timing, gzip: bytes.reduce((a, b) => a + b, 0), files: bytes.length };
}

const out = [];
for (const q of queries) {
  out.push(await measure('bonneporte', q));
  out.push(await measure('pagefind', q));
}
await browser.close();
await server.close();
process.stdout.write(JSON.stringify(out));
