// The search page of the built bundled guide in headless Chromium: typing shows results, a link
// with ?q= runs on load, a filter narrows, the keyboard reaches the results, a typo gets a
// suggestion, and the page stays accessible.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { SITE, serve, launch, axe } from './lib.mjs';

let server, browser;
before(async () => { server = await serve(SITE); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const status = (page) => page.locator('#recherche-etat');
const results = (page) => page.locator('#recherche-resultats > li > a');

test('typing shows results as you type, and former names find the network', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/`);
  const input = page.getByLabel('Votre recherche', { exact: false });
  await input.pressSequentially('pole empl');
  await assert.doesNotReject(results(page).filter({ hasText: 'France Travail' }).first().waitFor());
  // The count and the URL follow the results; wait for them rather than read them at once.
  await assert.doesNotReject(page.waitForFunction(() => /résultat/.test(document.querySelector('#recherche-etat').textContent)));
  await assert.doesNotReject(page.waitForURL(/q=pole/));
  await page.close();
});

test('?q= runs on load; a commune leads to its territory; a filter narrows with counts', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=vierzon`);
  await assert.doesNotReject(page.locator('#recherche-communes a', { hasText: 'Vierzon' }).first().waitFor());
  const count = await results(page).count();
  await page.getByText('Affiner les résultats').click();
  const select = page.getByLabel('Type', { exact: true });
  const option = select.locator('option', { hasText: 'Structure' });
  assert.match(await option.textContent(), /Structure \(\d+\)/);
  await select.selectOption({ label: await option.textContent() });
  await page.waitForFunction((n) => document.querySelectorAll('#recherche-resultats > li').length <= n, count);
  for (const kind of await page.locator('.search-kind').allTextContents()) assert.equal(kind.trim(), 'Structure');
  await page.close();
});

test('the territory filter includes the territories below, with counts', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=mission`);
  await results(page).first().waitFor();
  await page.getByText('Affiner les résultats').click();
  const select = page.getByLabel('Territoire', { exact: true });
  await select.locator('option').nth(1).waitFor({ state: 'attached' });
  const labels = await select.locator('option').allTextContents();
  const cher = labels.find((t) => t.trim().startsWith('Cher ('));
  const bourges = labels.find((t) => t.trim().startsWith('Bassin de Bourges ('));
  const count = (label) => Number(label.match(/\((\d+)\)/)[1]);
  // The département counts the results of its bassins.
  assert.ok(count(cher) > count(bourges) && count(bourges) > 0, `${cher} / ${bourges}`);
  await select.selectOption({ label: cher });
  await page.waitForFunction((n) => document.querySelectorAll('#recherche-resultats > li').length === n, count(cher));
  assert.match(await status(page).textContent(), new RegExp(`^${count(cher)} résultat`));
  await page.close();
});

test('filters live in the URL: a shared link restores them, a change rewrites it', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=mission&type=structure&territoire=cher`);
  await results(page).first().waitFor();
  const type = page.getByLabel('Type', { exact: true });
  const territory = page.getByLabel('Territoire', { exact: true });
  await page.waitForFunction(() => document.querySelector('#filtre-territory')?.selectedOptions[0]?.textContent.trim().startsWith('Cher ('));
  assert.match(await type.evaluate((s) => s.selectedOptions[0].textContent), /^Structure \(\d+\)/);
  for (const kind of await page.locator('.search-kind').allTextContents()) assert.equal(kind.trim(), 'Structure');
  const options = await territory.locator('option').allTextContents();
  await territory.selectOption({ label: options.find((t) => t.trim().startsWith('Bassin de Bourges (')) });
  await assert.doesNotReject(page.waitForURL(/territoire=bassin-de-bourges/));
  assert.match(page.url(), /type=structure/);
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#filtre-territory')?.selectedOptions[0]?.textContent.trim().startsWith('Bassin de Bourges ('));
  await page.close();
});

test('the keyboard goes from the box to the results and back', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/`);
  await page.locator('#recherche').fill('mission locale');
  await page.keyboard.press('Enter');
  await results(page).nth(1).waitFor();
  // Each key is checked by waiting for the focus to land: answers may still arrive (slow CI).
  const focusIn = (n) => page.waitForFunction((k) => {
    const links = [...document.querySelectorAll('#recherche-resultats .search-result > a')];
    return k < 0 ? document.activeElement.id === 'recherche' : links.indexOf(document.activeElement) === k;
  }, n);
  await page.keyboard.press('ArrowDown');
  await assert.doesNotReject(focusIn(0));
  await page.keyboard.press('ArrowDown');
  await assert.doesNotReject(focusIn(1));
  await page.keyboard.press('ArrowUp');
  await assert.doesNotReject(focusIn(0));
  await page.keyboard.press('ArrowUp');
  await assert.doesNotReject(focusIn(-1));
  await page.close();
});

test('a typo still finds, and nonsense gets "did you mean" or a clear message', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('misssion locale ')}`);
  await assert.doesNotReject(results(page).filter({ hasText: 'Mission locale' }).first().waitFor());
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('orientatoin profesionelle ')}`);
  await page.waitForFunction(() => document.querySelector('#recherche-etat').textContent.length > 0);
  assert.match(await status(page).textContent(), /Aucun résultat|Vouliez-vous dire/);
  await page.close();
});

test('the search page with results has no axe-core violation', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  await page.goto(`${server.url}recherche/?q=orientation`);
  await results(page).first().waitFor();
  assert.deepEqual(await axe(page), []);
  await context.close();
});
