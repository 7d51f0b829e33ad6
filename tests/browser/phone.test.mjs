// The pages on a phone (375 × 812) and on a wide screen (1280 × 900): the header leaves the page's
// title and first action in the first screen, the menu opens from a button without JavaScript,
// and every control of the header is large enough to touch. Screenshots of each page type are
// saved for a person to look at (folder printed by the test).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SITE, FIXTURE_SITE, serve, launch } from './lib.mjs';

const PHONE = { width: 375, height: 812 };
const WIDE = { width: 1280, height: 900 };
/** The most of a phone's first screen that the header may take. */
const HEADER_MAX = 120;
/** The most a bassin page may weigh and measure on a phone: seven screens, 36 KB of HTML. With
 *  the Annuaire's real places a bassin lists up to 17 partners with their contacts (a network's
 *  3 or more places folded); the pages were 24,400 px and 53 KB when every pair was a section. */
const BASSIN_MAX_HEIGHT = 6000;
const BASSIN_MAX_BYTES = 36 * 1024;
/** The least height of a touch target (WCAG 2.5.5). */
const TOUCH_MIN = 44;
const CAPTURES = process.env.CAPTURES_DIR;

let server, fixture, browser;
before(async () => {
  server = await serve(SITE);
  fixture = await serve(FIXTURE_SITE);
  browser = await launch();
  if (CAPTURES) await mkdir(CAPTURES, { recursive: true });
});
after(async () => { await browser?.close(); await server?.close(); await fixture?.close(); });

/** One page of each kind that people land on, for the site served at `url`. */
async function landingPages(page, url) {
  await page.goto(`${url}territoires/`);
  const territory = await page.locator('main a[href*="territoires/"]').last().getAttribute('href');
  await page.goto(`${url}reseaux/`);
  const network = await page.locator('main a[href*="reseaux/"]').first().getAttribute('href');
  await page.goto(new URL(network, `${url}reseaux/`).href);
  const partner = page.locator('main a[href*="structures/"]').first();
  const partnerUrl = (await partner.count()) ? new URL(await partner.getAttribute('href'), page.url()).href : null;
  return {
    accueil: url, trouver: `${url}trouver/`, recherche: `${url}recherche/`,
    territoire: new URL(territory, `${url}territoires/`).href, ...(partnerUrl ? { structure: partnerUrl } : {}),
  };
}

/** The header's height and where the page's `h1` ends, in CSS pixels from the top. */
function layout(page) {
  return page.evaluate(() => ({
    header: document.querySelector('.site-header').getBoundingClientRect().height,
    h1: document.querySelector('h1').getBoundingClientRect().bottom,
  }));
}

for (const [name, site] of [['bundled', () => server], ['fixture', () => fixture]]) {
  test(`on a phone, the header leaves the page's title in the first screen (${name} guide)`, async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    for (const [kind, url] of Object.entries(await landingPages(page, site().url))) {
      await page.goto(url);
      const { header, h1 } = await layout(page);
      assert.ok(header <= HEADER_MAX, `${kind} (${url}): header ${header} px tall, at most ${HEADER_MAX}`);
      assert.ok(h1 <= PHONE.height / 2, `${kind} (${url}): the title ends ${h1} px down`);
      if (CAPTURES) await page.screenshot({ path: join(CAPTURES, `telephone-${name}-${kind}.png`) });
    }
    if (CAPTURES) console.log(`# captures d'écran : ${CAPTURES}`);
    await context.close();
  });
}

test('on a phone, the menu opens from a button, without JavaScript, with items large enough to touch', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url);
  const menu = page.getByRole('navigation', { name: 'Menu principal' });
  assert.equal(await menu.count(), 0, 'the menu is closed at first');
  const button = page.locator('.menu-narrow summary');
  assert.ok((await button.boundingBox()).height >= TOUCH_MIN, 'the Menu button is large enough to touch');
  await button.click();
  const links = menu.getByRole('link');
  assert.ok((await links.count()) >= 4, 'the open menu lists the sections of the site');
  for (const link of await links.all()) {
    const box = await link.boundingBox();
    assert.ok(box.height >= TOUCH_MIN, `menu item « ${await link.textContent()} »: ${box.height} px tall`);
  }
  if (CAPTURES) await page.screenshot({ path: join(CAPTURES, 'telephone-bundled-menu.png') });
  await links.filter({ hasText: 'Territoires' }).click();
  assert.match(page.url(), /territoires\/index\.html$/);
  await context.close();
});

test('on a phone, the regional line is a call button and the search a link, both large enough to touch', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(server.url);
  const call = page.locator('.site-header a[href^="tel:"]');
  assert.ok((await call.boundingBox()).height >= TOUCH_MIN, 'the call button is large enough to touch');
  assert.equal(await page.locator('.site-header .phone-label').textContent(), 'Numéro gratuit\u00a0: ', 'the number is said to be free (a no-break space before the colon)');
  const search = page.locator('.site-header').getByRole('link', { name: 'Rechercher' });
  assert.ok((await search.boundingBox()).height >= TOUCH_MIN, 'the search link is large enough to touch');
  await search.click();
  assert.match(page.url(), /recherche\/index\.html$/);
  await context.close();
});

test('on a phone, a partner\'s phone is a call link large enough to touch, and missing contacts are said once', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  await page.goto(`${fixture.url}structures/ml-test/`);
  const call = page.locator('.contact a.call');
  assert.match(await call.getAttribute('href'), /^tel:/);
  assert.ok((await call.boundingBox()).height >= TOUCH_MIN, 'the call link is large enough to touch');
  await page.goto(`${fixture.url}structures/ml-bourges/`);
  const text = await page.locator('.contact').innerText();
  assert.doesNotMatch(text, /à compléter/);
  assert.equal(text.match(/Pas encore indiqué/g)?.length, 1, text);
  if (CAPTURES) await page.screenshot({ path: join(CAPTURES, 'telephone-fixture-structure-incomplete.png') });
  await context.close();
});

test('on a wide screen, the header shows the search field and the menu, without the Menu button', async () => {
  const context = await browser.newContext({ viewport: WIDE });
  const page = await context.newPage();
  await page.goto(server.url);
  assert.ok(await page.getByRole('searchbox', { name: 'Rechercher dans le guide' }).isVisible());
  assert.ok(await page.getByRole('navigation', { name: 'Menu principal' }).isVisible());
  assert.equal(await page.locator('.menu-narrow').isVisible(), false);
  assert.equal(await page.locator('.search-link').isVisible(), false, 'the search field, not the phone\'s search button');
  if (CAPTURES) await page.screenshot({ path: join(CAPTURES, 'large-bundled-accueil.png') });
  await context.close();
});

/** The controls and the links that stand alone (items of lists, titles of cards, breadcrumbs,
 *  footer), visible on the page, each with its size: what a finger has to hit. Links inside a
 *  sentence are not counted (WCAG 2.5.5 excepts them). */
function touchTargets(page) {
  return page.evaluate(() => {
    const selector = 'main li > a:first-child, .card-title > a, .footer-links a, .breadcrumbs a, a.call, main button, main select, main input, main summary';
    return [...document.querySelectorAll(selector)]
      .map((e) => ({ text: (e.textContent || e.id).trim().slice(0, 40), box: e.getBoundingClientRect(), visible: e.checkVisibility() }))
      .filter((t) => t.visible && t.box.width > 0)
      .map(({ text, box }) => ({ text, width: Math.round(box.width), height: Math.round(box.height) }));
  });
}

for (const [name, site] of [['bundled', () => server], ['fixture', () => fixture]]) {
  test(`on a phone, every link of a list, card or menu and every control is at least 44 × 44 px (${name} guide)`, async () => {
    const context = await browser.newContext({ viewport: PHONE });
    const page = await context.newPage();
    for (const [kind, url] of Object.entries(await landingPages(page, site().url))) {
      await page.goto(url);
      const small = (await touchTargets(page)).filter((t) => t.width < TOUCH_MIN || t.height < TOUCH_MIN);
      assert.deepEqual(small, [], `${kind} (${url}): targets smaller than ${TOUCH_MIN} px`);
    }
    await context.close();
  });
}

test('a partner page prints on one A4 page, without the buttons for counsellors', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${fixture.url}structures/ml-test/`);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.refer').isVisible(), false, 'no buttons printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g).length, 1, 'one A4 page');
  await context.close();
});

/** The bassin pages of the bundled guide (their folders start with « bassin »), with their HTML. */
async function bassins() {
  const dirs = (await readdir(join(SITE, 'territoires'))).filter((d) => d.startsWith('bassin')).sort();
  return Promise.all(dirs.map(async (d) => ({ path: `territoires/${d}/`, html: await readFile(join(SITE, 'territoires', d, 'index.html'), 'utf8') })));
}

test('on a phone, a bassin page is at most seven screens tall and 36 KB of HTML', async () => {
  const context = await browser.newContext({ viewport: PHONE });
  const page = await context.newPage();
  const figures = [];
  for (const { path, html } of await bassins()) {
    await page.goto(server.url + path);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const bytes = Buffer.byteLength(html);
    figures.push(`${path} ${height} px, ${(bytes / 1024).toFixed(1)} KB`);
    assert.ok(height <= BASSIN_MAX_HEIGHT, `${path}: ${height} px tall`);
    assert.ok(bytes <= BASSIN_MAX_BYTES, `${path}: ${bytes} bytes of HTML`);
  }
  console.log(`# ${figures.join('\n# ')}`);
  await context.close();
});

test('landing on a situation of a bassin page, without JavaScript, shows where, who and a phone in the first screen', async () => {
  const context = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
  const page = await context.newPage();
  for (const pair of ['jeune-16-25--trouver-emploi', 'salarie--faire-vae', 'etudiant--reprendre-etudes']) {
    await page.goto(`${server.url}territoires/bassin-de-vierzon/#${pair}`);
    const seen = await page.evaluate((id) => {
      const inScreen = (e) => { const b = e.getBoundingClientRect(); return b.height > 0 && b.top >= 0 && b.bottom <= innerHeight; };
      const target = document.getElementById(id);
      const details = target.closest('details');
      const where = [...document.querySelectorAll('h1, .here > span')].find(inScreen)?.textContent ?? '';
      return {
        open: details.open,
        target: inScreen(target),
        publicShown: inScreen(details.querySelector('summary')),
        territory: where.includes('Bassin de Vierzon'),
        phone: [...document.querySelectorAll('main a[href^="tel:"]')].some(inScreen),
      };
    }, pair);
    assert.deepEqual(seen, { open: true, target: true, publicShown: true, territory: true, phone: true }, pair);
    if (CAPTURES) await page.screenshot({ path: join(CAPTURES, `telephone-bundled-bassin-${pair}.png`) });
  }
  await context.close();
});

// With the Annuaire's real places (up to 17 partners with their contacts), three pages: the
// partners in two columns, the doors of the situation opened, the farther partners.
test('a bassin page prints its partners in at most three A4 pages', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const figures = [];
  for (const { path } of await bassins()) {
    await page.goto(server.url + path);
    await page.emulateMedia({ media: 'print' });
    const pages = (await page.pdf({ format: 'A4' })).toString('latin1').match(/\/Type\s*\/Page\b/g).length;
    figures.push(`${path} ${pages}`);
    assert.ok(pages <= 3, `${path}: ${pages} pages`);
    assert.ok(await page.locator('#structures').isVisible(), `${path}: its partners are printed`);
  }
  console.log(`# pages imprimées : ${figures.join(', ')}`);
  await context.close();
});
