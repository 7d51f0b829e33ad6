// The built bundled guide in a real browser: pages render, work without JavaScript, pass axe-core
// and make no request to another host.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITE, serve, launch, axe } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(SITE); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const PAGES = ['', 'territoires/', 'reseaux/', 'parcours/', 'trouver/', 'recherche/', 'plan-du-site/', 'donnees/',
  'structures/cio-chateauroux/'];

test('main pages have no axe-core violation', async () => {
  // The pages' Content-Security-Policy forbids injected scripts: bypass it for the audit only.
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  for (const path of PAGES) {
    await page.goto(server.url + path);
    assert.deepEqual(await axe(page), [], `axe on /${path}`);
  }
  await context.close();
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
