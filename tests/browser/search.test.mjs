// The search page of the built bundled guide in headless Chromium: typing shows results, a link
// with ?q= runs on load, a filter narrows, the keyboard reaches the results, a typo gets a
// suggestion, and the page stays accessible; opened from disk (file://, a USB stick) it works
// the same, and says so when its data cannot be read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

test('?q= runs on load; a commune leads to its answer; a filter narrows with counts', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=vierzon`);
  await assert.doesNotReject(page.locator('#recherche-communes a', { hasText: 'Vierzon' }).first().waitFor());
  // The answer for that commune: the wizard with the commune filled in.
  const commune = page.locator('#recherche-communes a', { hasText: /^Vierzon$/ });
  assert.match(await commune.getAttribute('href'), /trouver\/index\.html\?commune=18279$/);
  // One count, communes included.
  assert.match(await page.locator('#recherche-etat').textContent(), /^(Au moins )?[1-9][\d\u202f ]* résultats? pour « vierzon »/);
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

test('questions: words of a question dropped, a network named first with its former name, partial results said', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('pôle emploi')}`);
  const first = page.locator('#recherche-resultats > li').first();
  await assert.doesNotReject(first.locator('a', { hasText: 'France Travail' }).waitFor());
  assert.match(await first.textContent(), /anciennement Pôle emploi/);
  // No document has every word: those with the most, said as such, and the word without any.
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('pole emploi xqzwv')}`);
  await assert.doesNotReject(status(page).getByText('Résultats pour une partie de votre recherche').waitFor());
  assert.match(await status(page).textContent(), /Aucun résultat pour « xqzwv »/);
  assert.equal(await results(page).first().textContent(), 'France Travail');
  // A question: its words of asking are dropped.
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('je cherche la mission locale')}`);
  await assert.doesNotReject(results(page).first().filter({ hasText: /^Mission locale$/ }).waitFor());
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
  // The first results come at once, the rest of the first page when its end comes into view.
  await page.mouse.wheel(0, 5000);
  await page.waitForFunction((n) => document.querySelectorAll('#recherche-resultats > li').length === n, count(cher));
  assert.match(await status(page).textContent(), new RegExp(`^${count(cher)} résultat`));
  await page.close();
});

test('on a phone, a query shows its first screen of results, and the first page as the reader scrolls', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await page.goto(`${server.url}recherche/?q=mission`);
  await results(page).first().waitFor();
  const shown = () => page.locator('#recherche-resultats > li').count();
  // Rows are data files: those of the results below the screen are not fetched yet.
  await page.waitForTimeout(300);
  assert.equal(await shown(), 3);
  assert.match(await status(page).textContent(), /résultats pour « mission »/);
  // Scrolled to the end, and the button clicked at once, while the first page fills.
  const more = page.getByRole('button', { name: 'Afficher plus de résultats' });
  await page.mouse.wheel(0, 3000);
  await more.click();
  await page.waitForFunction(() => document.querySelectorAll('#recherche-resultats > li').length >= 10);
  const unique = async () => {
    const hrefs = await results(page).evaluateAll((links) => links.map((a) => a.href));
    assert.equal(new Set(hrefs).size, hrefs.length, `no result twice: ${hrefs.join(' ')}`);
    return hrefs.length;
  };
  await page.waitForTimeout(300);
  const filled = await unique();
  // The pages after the first come on request.
  await page.mouse.wheel(0, 5000);
  await page.waitForTimeout(300);
  assert.equal(await shown(), filled);
  await more.click();
  await page.waitForFunction((n) => document.querySelectorAll('#recherche-resultats > li').length > n, filled);
  await unique();
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

test('a result title reads as written, its highlighted words still apart', async () => {
  // A touch-target link is a flex box, which drops the spaces between highlighted words unless
  // the title is one inline box inside it.
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('mission locale')}`);
  await results(page).first().waitFor();
  const titles = await page.$$eval('#recherche-resultats .search-result > a', (links) => links.map((a) => [a.innerText, a.textContent]));
  assert.ok(titles.some(([, text]) => /\s/.test(text)), 'a title of several words');
  for (const [shown, text] of titles) assert.equal(shown.trim(), text.replace(/\s+/g, ' ').trim());
  await page.close();
});

test('a partner found shows its phone, the number its own page gives, one tap from the call', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('cio bourges')}`);
  const partner = page.locator('#recherche-resultats .search-result').filter({ hasText: 'Structure' }).first();
  const call = partner.getByRole('link', { name: /^Appeler le / });
  await call.waitFor();
  const [tel, shown, href] = [await call.getAttribute('href'), await call.textContent(), await partner.locator('a').first().getAttribute('href')];
  assert.match(tel, /^tel:\+33\d{9}$/);
  // A touch target, and in the first screen of a phone with the partner it belongs to.
  const box = await call.boundingBox();
  assert.ok(box.height >= 44 && box.y + box.height <= 812, JSON.stringify(box));
  await page.goto(new URL(href, page.url()).href);
  const own = page.locator(`main a[href="${tel}"]`).first();
  assert.equal((await own.textContent()).replace(/\s+/g, ' ').includes(shown.replace('Appeler le ', '')), true, shown);
  await page.close();
});

test('a typo still finds, and nonsense gets "did you mean" or a clear message', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('misssion locale ')}`);
  await assert.doesNotReject(results(page).filter({ hasText: 'Mission locale' }).first().waitFor());
  await page.goto(`${server.url}recherche/?q=${encodeURIComponent('orientatoin profesionelle ')}`);
  await page.waitForFunction(() => document.querySelector('#recherche-etat').textContent.length > 0);
  assert.match(await status(page).textContent(), /Aucun résultat|Vouliez-vous dire/);
  // Two letters off, no typo finds it: the page offers the word it means.
  await page.goto(`${server.url}recherche/?q=formmattion`);
  await assert.doesNotReject(status(page).getByRole('link', { name: 'formation' }).waitFor());
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

/** A new page that records console errors and uncaught exceptions. */
async function watched() {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

const fromDisk = (site, query = '') => `${pathToFileURL(join(site, 'recherche', 'index.html')).href}${query}`;

test('opened from disk (file://), typing finds, filters and typos work, without a console error', async (t) => {
  const { page, errors } = await watched();
  // Time to the first result of a linked query, from the start of the navigation.
  const started = performance.now();
  await page.goto(fromDisk(SITE, '?q=mission'));
  await results(page).first().waitFor();
  t.diagnostic(`file:// time to first result (?q=mission, cold): ${Math.round(performance.now() - started)} ms`);
  assert.match(await status(page).textContent(), /^\d+ résultats? pour « mission »/);
  // Typed, as a visitor at a kiosk would: prefix, synonym, several words.
  const input = page.locator('#recherche');
  await input.fill('');
  await input.pressSequentially('pole empl');
  await assert.doesNotReject(results(page).filter({ hasText: 'France Travail' }).first().waitFor());
  await assert.doesNotReject(page.waitForURL(/^file:.*q=pole\+empl/));
  // A commune leads to its territory; the filters load the facets file.
  await input.fill('vierzon');
  await assert.doesNotReject(page.locator('#recherche-communes a', { hasText: 'Vierzon' }).first().waitFor());
  await page.getByText('Affiner les résultats').click();
  const select = page.getByLabel('Type', { exact: true });
  await assert.doesNotReject(select.locator('option', { hasText: /^Structure \(\d+\)/ }).waitFor({ state: 'attached' }));
  // A typo loads the typo shards, then the words found.
  await input.fill('misssion locale ');
  await assert.doesNotReject(results(page).filter({ hasText: 'Mission locale' }).first().waitFor());
  // A result link leads to a page of the disk copy.
  const href = await results(page).first().getAttribute('href');
  await results(page).first().click();
  await page.waitForURL((url) => url.protocol === 'file:' && !url.pathname.endsWith('/recherche/index.html'));
  assert.ok(href.endsWith('index.html'), href);
  assert.deepEqual(errors, []);
  await page.close();
});

test('opened from disk without its data, the page says that instant search is not available', async () => {
  const copy = await mkdtemp(join(tmpdir(), 'bonneporte-usb-'));
  try {
    await cp(SITE, copy, { recursive: true });
    // The manifest lost on the way (a copy cut short): its script fails to load.
    await rm(join(copy, 'recherche', 'index.js'));
    const page = await browser.newPage();
    await page.goto(fromDisk(copy, '?q=mission'));
    await assert.doesNotReject(page.waitForFunction(() => /pas disponible/.test(document.querySelector('#recherche-etat').textContent)));
    assert.equal(await results(page).count(), 0);
    // The links to browse the guide without the search are still there.
    assert.ok(await page.getByRole('link', { name: 'les territoires et leurs structures' }).isVisible());
    await page.close();
  } finally {
    await rm(copy, { recursive: true, force: true });
  }
});
