// The built sites in a real browser: every page type of the bundled guide and of the fixture
// guide passes axe-core (WCAG 2.0/2.1 A and AA, best practices), pages work without JavaScript,
// the search works from the keyboard alone, a partner's vCard downloads, and no page makes a
// request to another host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SITE, FIXTURE_SITE, serve, launch, axe } from './lib.mjs';

let server, fixture, browser;
before(async () => { server = await serve(SITE); fixture = await serve(FIXTURE_SITE); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); await fixture?.close(); });

const PAGES = ['', 'territoires/', 'reseaux/', 'parcours/', 'trouver/', 'recherche/', 'plan-du-site/', 'donnees/',
  'structures/cio-chateauroux/'];

/** Folders of the site at `root` under `sub` that hold a page, sorted. */
async function pageDirs(root, sub) {
  const entries = await readdir(join(root, sub), { withFileTypes: true }).catch(() => []);
  const dirs = [];
  for (const e of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    if (await readFile(join(root, sub, e.name, 'index.html')).then(() => true, () => false)) dirs.push(`${sub}${e.name}/`);
  }
  return dirs;
}

/** Links in the breadcrumbs of a page: 2 for a région, 3 for a département, 4 for a bassin. */
async function depth(root, dir) {
  const html = await readFile(join(root, dir, 'index.html'), 'utf8');
  return (html.match(/<nav class="breadcrumbs[\s\S]*?<\/nav>/)?.[0].match(/<li><a /g) ?? []).length;
}

/** One page of each type of the site at `root`, by name, found from its folders. */
async function pageTypes(root) {
  const territories = await pageDirs(root, 'territoires/');
  const depths = await Promise.all(territories.map((t) => depth(root, t)));
  const territory = (d) => territories[depths.indexOf(d)];
  const reserved = new Set(['assets', 'donnees', 'parcours', 'plan-du-site', 'recherche', 'reseaux', 'structures', 'territoires', 'trouver']);
  const publics = await pageDirs(root, 'trouver/');
  const hasCommunes = await Promise.all(territories.map((t) => readFile(join(root, t, 'communes/index.html')).then(() => true, () => false)));
  return {
    accueil: '', territoires: 'territoires/', région: territory(2), département: territory(3), bassin: territory(4),
    structure: (await pageDirs(root, 'structures/'))[0], réseaux: 'reseaux/', réseau: (await pageDirs(root, 'reseaux/'))[0],
    parcours: 'parcours/', 'un parcours': (await pageDirs(root, 'parcours/'))[0],
    'page libre': (await pageDirs(root, '')).find((d) => !reserved.has(d.slice(0, -1))),
    trouver: 'trouver/', 'trouver un public': publics[0], 'trouver un besoin': (await pageDirs(root, publics[0] ?? 'x/'))[0],
    recherche: 'recherche/', 'plan du site': 'plan-du-site/', '404': 'cette-page-n-existe-pas/',
    'communes de A à Z': hasCommunes.includes(true) ? `${territories[hasCommunes.indexOf(true)]}communes/` : undefined,
  };
}

/** Runs axe on one page of each type of the site served at `url` from `root`. */
async function auditPageTypes(root, url) {
  // The pages' Content-Security-Policy forbids injected scripts: bypass it for the audit only.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  for (const [type, path] of Object.entries(await pageTypes(root))) {
    assert.ok(path !== undefined, `no page of type ${type} in ${root}`);
    await page.goto(url + path);
    assert.deepEqual(await axe(page), [], `axe on the ${type} page /${path}`);
  }
  await page.goto(`${url}recherche/?q=mission`);
  await page.locator('#recherche-resultats > li').first().waitFor();
  assert.deepEqual(await axe(page), [], 'axe on the search page with results');
  await context.close();
}

test('every page type of the bundled guide has no axe-core violation', () => auditPageTypes(SITE, server.url));

test('every page type of the fixture guide has no axe-core violation', () => auditPageTypes(FIXTURE_SITE, fixture.url));

test('the search works with the keyboard only, from the header box to a result page', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.keyboard.press('Tab'); // the skip link
  await page.keyboard.press('Tab'); // the site title
  const header = page.getByRole('searchbox', { name: 'Rechercher dans le guide' });
  while (!(await header.evaluate((box) => box === document.activeElement))) await page.keyboard.press('Tab');
  await page.keyboard.type('mission locale');
  await page.keyboard.press('Enter');
  await page.waitForURL(/recherche\/index\.html\?q=mission/);
  const first = page.locator('#recherche-resultats .search-result > a').first();
  await first.waitFor();
  await page.locator('#recherche').focus();
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => document.activeElement.matches('#recherche-resultats .search-result > a'));
  const target = await page.evaluate(() => document.activeElement.href);
  await page.keyboard.press('Enter');
  await page.waitForURL(target);
  assert.equal(page.url(), target);
  await page.close();
});

test('a partner page\'s JSON-LD is read and breaks no Content-Security-Policy rule', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const refused = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) refused.push(m.text()); });
  await page.goto(server.url + 'structures/cio-chateauroux/');
  const data = await page.evaluate(() => JSON.parse(document.querySelector('script[type="application/ld+json"]').textContent));
  assert.equal(data.name, await page.locator('h1').textContent());
  assert.deepEqual(refused, []);
  await context.close();
});

test('« Ajouter aux contacts » downloads the partner\'s vCard, from a server and from disk', async () => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  for (const url of [server.url + 'structures/cio-chateauroux/', 'file://' + join(SITE, 'structures/cio-chateauroux/index.html')]) {
    await page.goto(url);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Ajouter aux contacts' }).click()]);
    assert.equal(download.suggestedFilename(), 'cio-chateauroux.vcf');
    const card = await readFile(await download.path(), 'utf8');
    assert.match(card, /^BEGIN:VCARD\r\nVERSION:4\.0\r\n/);
    assert.ok(card.includes('FN:' + (await page.locator('h1').textContent()).trim()), card);
  }
  await context.close();
});

test('pages make no request to another host', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const foreign = [];
  page.on('request', (r) => { if (!r.url().startsWith(server.url) && !r.url().startsWith('data:')) foreign.push(r.url()); });
  for (const path of PAGES) await page.goto(server.url + path);
  assert.deepEqual(foreign, []);
  await context.close();
});

test('a partner is reached from the home page by following links, without JavaScript', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url);
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Territoires' }).click();
  await page.locator('main a[href*="territoires/"]').nth(1).click();
  await page.locator('main a[href*="territoires/"]').last().click();
  const partner = page.locator('main a[href*="structures/"]').first();
  if (await partner.count()) {
    await partner.click();
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Coordonnées' }).waitFor());
  }
  await context.close();
});

test('the skip link moves the focus to the main content', async () => {
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Aller au contenu');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'contenu');
  await page.close();
});
