// The "find the right door" wizard on the minimal fixture guide: with JavaScript (type a
// commune, get the partner; the state in the URL and the back button), the same answer by
// following links without JavaScript, from the home page, from a USB stick (file://), keyboard
// only, printed, axe-core, and the commune matcher.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SITE, FIXTURE_SITE, OTHER_REGION_SITE, serve, launch, axe } from './lib.mjs';

// wizard.js is a classic script (modules do not run from file://): Node reads it as CommonJS.
const { matches, table, exact, openNow } = createRequire(import.meta.url)('../../themes/default/static/wizard.js');

const PHONE = '02 99 00 00 01';
/** Where the run saves screenshots for a person to look at (see phone.test.mjs). */
const CAPTURES = process.env.CAPTURES_DIR;

/** Saves a screenshot of `page` as `name`.png, when the run keeps captures. */
async function capture(page, name) {
  if (!CAPTURES) return;
  await mkdir(CAPTURES, { recursive: true });
  await page.screenshot({ path: join(CAPTURES, `${name}.png`) });
}
let server, browser;
before(async () => { server = await serve(FIXTURE_SITE); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

/** Chooses the public and the need of a young job seeker in the wizard. */
async function chooseSituation(page) {
  await page.getByLabel('1. Vous êtes').selectOption('jeune-16-25');
  await page.getByLabel('2. Vous voulez').selectOption('trouver-emploi');
}

test('with JavaScript, typing a commune gives the right partner at once', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}trouver/`);
  await chooseSituation(page);
  const combobox = page.getByRole('combobox', { name: /Votre commune/ });
  await combobox.fill('vierz');
  await page.getByRole('option', { name: 'Vierzon (18100)' }).click();
  const result = page.locator('#assistant-resultat');
  await assert.doesNotReject(result.getByRole('link', { name: 'Mission locale de test' }).waitFor());
  assert.equal(await result.getByRole('link', { name: PHONE }).getAttribute('href'), 'tel:+33299000001');
  // Nearest first: the Mission locale of the bassin, then the one of another bassin of the département.
  assert.deepEqual(await result.locator('.card h4').allTextContents(), ['Mission locale de test', 'Mission locale de Bourges (test)']);
  assert.match(page.url(), /\?public=jeune-16-25&besoin=trouver-emploi&commune=18279$/);
  // The form gives way to one line that recalls the answers, with a button to change them.
  assert.equal(await page.locator('#assistant-rappel').textContent().then((t) => t.includes('Jeune de 16 à 25 ans · Trouver un emploi · Vierzon (18100)')), true);
  assert.equal(await combobox.isVisible(), false);
  // The URL alone gives the same answer; the back button goes to the previous choice.
  await page.goto(page.url());
  await assert.doesNotReject(result.getByRole('link', { name: PHONE }).waitFor());
  assert.equal(await page.locator('#assistant-commune').inputValue(), 'Vierzon (18100)', 'kept in the folded form');
  await page.goBack();
  await page.waitForURL(/besoin=trouver-emploi$/);
  await assert.doesNotReject(result.getByText('Indiquez votre commune').waitFor());
  await page.close();
});

test('a commune of no bassin gets the partners of its département', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}trouver/`);
  await chooseSituation(page);
  await page.getByRole('combobox', { name: /Votre commune/ }).fill('thenioux');
  await page.getByRole('option', { name: 'Thénioux (18100)' }).click();
  const result = page.locator('#assistant-resultat');
  await result.getByRole('link', { name: 'Toutes les bonnes portes du territoire Cher' }).waitFor();
  assert.equal(await result.getByRole('link', { name: PHONE }).getAttribute('href'), 'tel:+33299000001');
  await page.close();
});

test('a postal code lists the communes that have it, a word of the name too', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}trouver/`);
  await page.getByRole('combobox', { name: /Votre commune/ }).fill('18100');
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  const names = await page.getByRole('listbox').getByRole('option').allTextContents();
  // Vierzon and Méry-sur-Cher are in a bassin, the other three in no bassin of the Cher (18):
  // the département serves them.
  // The most populated first.
  assert.deepEqual(names, [
    'Vierzon (18100)', 'Méry-sur-Cher (18100)', 'Thénioux (18100)', 'Saint-Hilaire-de-Court (18100)',
    'Saint-Georges-sur-la-Prée (18100)',
  ]);
  // A word inside the name is found too (the communes are loaded by the first letter of each word).
  await page.getByRole('combobox', { name: /Votre commune/ }).fill('hilaire de court');
  // The list of "18100" stays until the communes of "h" arrive.
  await page.waitForFunction(() => document.querySelectorAll('#assistant-communes [role="option"]').length === 1);
  assert.deepEqual(await page.getByRole('listbox').getByRole('option').allTextContents(), ['Saint-Hilaire-de-Court (18100)']);
  await page.close();
});

test('without JavaScript, links lead to the same phone in three clicks from the home page', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(server.url);
  assert.equal(await page.locator('#assistant').isVisible(), false);
  await page.getByRole('link', { name: 'Jeune de 16 à 25 ans' }).first().click();
  await page.getByRole('link', { name: 'Trouver un emploi' }).click();
  await page.getByRole('link', { name: 'Bassin de Vierzon' }).click();
  const line = page.locator('li:has(#jeune-16-25--trouver-emploi)');
  assert.equal(await line.getByRole('link', { name: PHONE }).getAttribute('href'), 'tel:+33299000001');
  assert.ok(await line.isVisible(), 'the disclosure of the public opens on landing');
  await context.close();
});

test('without JavaScript, a visitor who does not know their bassin finds it from their commune, A to Z', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${server.url}trouver/jeune-16-25/trouver-emploi/`);
  // The territories are named by their largest communes, and the communes have their own list.
  await page.getByText('Bassin de Vierzon : Vierzon, Méry-sur-Cher').waitFor();
  await page.getByRole('link', { name: 'Les communes du Cher, de A à Z' }).click();
  await capture(page, 'fixture-communes-a-z');
  const line = page.locator('.commune-list li').filter({ hasText: 'Méry-sur-Cher (18100)' });
  await line.getByRole('link', { name: 'Bassin de Vierzon' }).click();
  assert.match(page.url(), /territoires\/bassin-vierzon\//);
  assert.equal(await page.locator('main a[href^="tel:"]').first().getAttribute('href'), 'tel:+33299000001');
  await context.close();
});

/** On the bundled guide at 375×812: chooses a public and a need, types a commune and presses
 *  Enter; runs `check(page, call)` on the answer's first number to call, which must be in the
 *  first screen, and saves a capture. */
async function bundledAnswer(public_, need, commune, capture_name, check) {
  const bundled = await serve(SITE);
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await page.goto(bundled.url);
  await page.getByLabel('1. Vous êtes').selectOption(public_);
  await page.getByLabel('2. Vous voulez').selectOption(need);
  await page.getByRole('combobox', { name: /Votre commune/ }).fill(commune);
  await page.keyboard.press('Enter');
  const call = page.locator('#assistant-resultat a[href^="tel:"]').first();
  await call.waitFor();
  const box = await call.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 812, `a number to call in the first screen: ${JSON.stringify(box)}`);
  await check(page, call);
  await capture(page, capture_name);
  await page.close();
  await bundled.close();
}

test('on the bundled guide, an employee in Tours who wants to change jobs gets a number to call in the first screen', async () => {
  await bundledAnswer('salarie', 'changer-metier', 'Tours', 'telephone-bundled-assistant-tours', async (page) => {
    assert.doesNotMatch(await page.locator('#assistant-resultat').innerText(), /à compléter/);
  });
});

test('on the bundled guide, a young person in Vierzon gets the Mission locale\'s number and street in the first screen, with their age', async () => {
  // What the guide says of the Mission locale of Vierzon, read from its record.
  const record = await readFile(new URL('../../content/structures/cher/ml-vierzon.yaml', import.meta.url), 'utf8');
  const field = (key) => record.match(new RegExp(`^${key}: "?([^"\\n]+)"?$`, 'm'))?.[1];
  assert.ok(field('telephone') && field('adresse'), 'the bundled Mission locale of Vierzon has a phone and a street');
  await bundledAnswer('jeune-16-25', 'trouver-emploi', 'Vierzon', 'telephone-bundled-assistant-vierzon', async (page, call) => {
    assert.equal((await call.innerText()).replace(/^\D+/, '').replace(/\s/g, ' '), field('telephone'));
    const answer = (await page.locator('#assistant-resultat').innerText()).replace(/\s/g, ' ');
    assert.ok(answer.includes(field('adresse')), answer);
    assert.match(answer, /Coordonnées d.août 2019 : elles ont pu changer/);
  });
});

test('the wizard works with the keyboard only', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}trouver/`);
  await page.keyboard.press('Tab'); // the skip link
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'assistant-public');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'assistant-commune');
  await page.keyboard.type('Vierzon');
  await page.getByRole('option', { name: 'Vierzon (18100)' }).waitFor();
  await page.keyboard.press('ArrowDown');
  const combobox = page.getByRole('combobox', { name: /Votre commune/ });
  assert.equal(await combobox.getAttribute('aria-expanded'), 'true');
  assert.ok(await combobox.getAttribute('aria-activedescendant'));
  await page.keyboard.press('Enter');
  assert.equal(await combobox.getAttribute('aria-expanded'), 'false');
  const phone = page.locator('#assistant-resultat').getByRole('link', { name: PHONE });
  await phone.waitFor();
  // The focus moved to the answer's heading: the network, the partner, then its phone.
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H2');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), `Appeler le ${PHONE}`);
  await page.close();
});

test('arrowing through a select makes one history entry, and Back goes to the previous choice', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}trouver/`);
  const start = await page.evaluate(() => history.length);
  await page.getByLabel('1. Vous êtes').focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
  await page.waitForURL(/\?public=/);
  const chosen = new URL(page.url()).searchParams.get('public');
  assert.equal(await page.evaluate(() => history.length), start + 1, 'one entry for the three options passed');
  await page.getByLabel('2. Vous voulez').selectOption('trouver-emploi');
  assert.equal(await page.evaluate(() => history.length), start + 2, 'another field, another entry');
  await page.goBack();
  await page.waitForURL((url) => !url.searchParams.has('besoin'));
  assert.equal(new URL(page.url()).searchParams.get('public'), chosen);
  await page.close();
});

test('wizard pages have no axe-core violation, answer shown and list open', async () => {
  const context = await browser.newContext({ bypassCSP: true });
  const page = await context.newPage();
  for (const path of ['trouver/', 'trouver/jeune-16-25/', 'trouver/jeune-16-25/trouver-emploi/', 'trouver/salarie/trouver-emploi/', 'territoires/bassin-vierzon/']) {
    await page.goto(server.url + path);
    assert.deepEqual(await axe(page), [], `axe on /${path}`);
  }
  // A situation without a commune: the networks only, under their own section heading.
  await page.goto(`${server.url}trouver/?public=jeune-16-25&besoin=trouver-emploi`);
  await page.getByRole('heading', { level: 2, name: 'Les bonnes portes pour votre situation' }).waitFor();
  assert.deepEqual(await axe(page), [], 'axe on the wizard before the commune');
  await page.goto(`${server.url}trouver/?public=jeune-16-25&besoin=trouver-emploi&commune=18279`);
  await page.locator('#assistant-resultat a[href^="tel:"]').first().waitFor();
  assert.deepEqual(await axe(page), [], 'axe on the answer, form folded');
  await page.getByRole('button', { name: 'Modifier' }).click();
  await page.getByRole('combobox', { name: /Votre commune/ }).fill('v');
  await page.getByRole('listbox').getByRole('option').first().waitFor();
  assert.deepEqual(await axe(page), [], 'axe on the wizard with its answer');
  await context.close();
});

/** Chooses a situation and types `typed` in the commune box of the page. */
async function typeCommune(page, typed) {
  await chooseSituation(page);
  const combobox = page.getByRole('combobox', { name: /Votre commune/ });
  await combobox.fill(typed);
  return combobox;
}

test('a name or a postal code typed in full is taken on Enter, Tab or leaving the field', async () => {
  const page = await browser.newPage();
  const phone = page.locator('#assistant-resultat').getByRole('link', { name: PHONE });
  for (const [typed, key] of [['Vierzon', 'Enter'], ['vierzon', 'Tab'], ['VIERZON ', null]]) {
    await page.goto(`${server.url}trouver/`);
    const combobox = await typeCommune(page, typed);
    if (key) await page.keyboard.press(key); else await combobox.blur();
    await assert.doesNotReject(phone.waitFor(), `${typed} then ${key ?? 'blur'}`);
    assert.match(page.url(), /commune=18279$/);
  }
  // A postal code shared by five communes: the list stays open, nothing is chosen.
  await page.goto(`${server.url}trouver/`);
  await typeCommune(page, '18100');
  await page.keyboard.press('Enter');
  await page.getByRole('option', { name: 'Vierzon (18100)' }).waitFor();
  assert.doesNotMatch(page.url(), /commune=/);
  await page.close();
});

test('a typo is forgiven, a commune elsewhere says which région and gives the regional line', async () => {
  const page = await browser.newPage();
  await page.goto(`${server.url}trouver/`);
  const combobox = await typeCommune(page, 'vierzin');
  await page.getByRole('option', { name: 'Vierzon (18100)' }).waitFor();
  await combobox.fill('75011');
  const status = page.locator('#assistant-commune-etat');
  await page.waitForFunction(() => document.getElementById('assistant-commune-etat').textContent.includes('Île-de-France'));
  assert.match(await status.textContent(), /Ce code postal est celui de la région Île-de-France, que ce guide \(Région de test\) ne couvre pas/);
  assert.equal(await status.getByRole('link').getAttribute('href'), 'tel:+33800000000', 'the regional line');
  // A town elsewhere, by its name: said where it is, even if a commune here is spelled near it.
  await combobox.fill('Paris');
  await page.waitForFunction(() => document.getElementById('assistant-commune-etat').textContent.includes('Paris est dans'));
  assert.match(await status.textContent(), /Paris est dans la région Île-de-France, que ce guide \(Région de test\) ne couvre pas/);
  await combobox.fill('Strasb');
  await page.waitForFunction(() => document.getElementById('assistant-commune-etat').textContent.includes('Strasbourg est dans la région Grand Est'));
  await combobox.fill('Trifouilly');
  await page.waitForFunction(() => document.getElementById('assistant-commune-etat').textContent.startsWith('Aucune commune'));
  await page.close();
});

test('the home page is the wizard: three choices, then the phone in the first screen', async () => {
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await page.goto(server.url);
  assert.equal(await page.locator('.wizard-fallback').first().isVisible(), false, 'the links give way to the form');
  await typeCommune(page, 'Vierzon');
  await page.keyboard.press('Enter');
  const phone = page.locator('#assistant-resultat').getByRole('link', { name: PHONE });
  await phone.waitFor();
  const box = await phone.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 812, `the first phone is in the screen: ${JSON.stringify(box)}`);
  assert.ok(box.height >= 44, `the call button is a touch target: ${box.height} px`);
  await capture(page, 'telephone-fixture-assistant-reponse');
  // Printed for a counsellor: one A4 page, with the situation, the date and the address.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.locator('main').innerText();
  assert.match(printed, /Jeune de 16 à 25 ans · Trouver un emploi · Vierzon/);
  assert.match(printed, /Imprimé le \d+ \S+ \d{4} depuis http/);
  assert.doesNotMatch(printed, /Les territoires/, 'the rest of the home page is not printed');
  const pdf = await page.pdf({ format: 'A4' });
  assert.equal(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g).length, 1, 'one A4 page');
  await page.close();
});

test('where no door found has a phone and the guide has no regional line, the answer says so first, with the network to reach', async () => {
  const other = await serve(OTHER_REGION_SITE);
  const page = await browser.newPage({ viewport: { width: 375, height: 812 } });
  await page.goto(other.url);
  await page.locator('#assistant-public').selectOption('salarie');
  await page.locator('#assistant-besoin').selectOption('changer-metier');
  await page.locator('#assistant-commune').fill('Quimper');
  await page.keyboard.press('Enter');
  const said = page.locator('#assistant-resultat p', { hasText: 'ne sont pas encore dans ce guide' });
  await said.waitFor();
  assert.equal(await said.count(), 1, 'said once');
  const network = said.getByRole('link', { name: 'Transitions Pro' });
  assert.match(await network.getAttribute('href'), /reseaux\/transitions-pro\//);
  const box = await said.boundingBox();
  assert.ok(box.y + box.height <= 812, `said in the first screen: ${JSON.stringify(box)}`);
  await capture(page, 'telephone-autre-region-sans-telephone');
  await page.close();
  await other.close();
});

test('an address without coordinates can be copied for the map of the visitor\'s choice', async () => {
  const context = await browser.newContext();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
  const page = await context.newPage();
  await page.goto(`${server.url}trouver/?public=jeune-16-25&besoin=trouver-emploi&commune=18279`);
  const copy = page.locator('#assistant-resultat').getByRole('button', { name: "Copier l'adresse" }).first();
  await copy.click();
  await page.getByRole('button', { name: 'Adresse copiée' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "1 rue de l'Exemple, 18100 Vierzon");
  await context.close();
});

test('the wizard works from a USB stick (file://)', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(new URL('index.html', pathToFileURL(`${FIXTURE_SITE}/`)).href);
  await typeCommune(page, 'vierz');
  await page.getByRole('option', { name: 'Vierzon (18100)' }).click();
  const phone = page.locator('#assistant-resultat').getByRole('link', { name: PHONE });
  await assert.doesNotReject(phone.waitFor());
  assert.deepEqual(errors, []);
  await page.close();
});

test('suggestions: best match first, then the most populated; one typo only when nothing else matches', () => {
  const index = table([
    ['Vierville', '28700', 0, 'a', 150], ['Vierzon', '18100', 0, 'b', 25000], ['Viévy', '21230', 0, 'c', 0],
    ['Saint-Vier', '01000', 0, 'd', 90000], ['Vier', '01001', 0, 'e', 10],
  ]);
  const found = (typed) => matches(index, typed).map((c) => c[0]);
  assert.deepEqual(found('vier'), ['Vier', 'Vierzon', 'Vierville', 'Saint-Vier']);
  assert.deepEqual(found('vierzin'), ['Vierzon']);
  assert.deepEqual(found('veirzon'), ['Vierzon'], 'two letters swapped');
  assert.deepEqual(found('vierzonn'), ['Vierzon'], 'one letter too many');
  assert.deepEqual(found('xyz'), []);
  // What Enter takes without a choice in the list: one commune of that exact name or postal code.
  assert.equal(exact(matches(index, 'vierzon'), 'vierzon')[0], 'Vierzon');
  assert.equal(exact(matches(index, '18100'), '18100')[0], 'Vierzon');
  assert.equal(exact(matches(index, 'vier'), 'vie'), null);
});

test('« ouvert en ce moment » from a usual week', () => {
  const week = [[[540, 720], [810, 1020]], [[540, 720]], [], [], [], [], []];
  const at = (day, h, m = 0) => new Date(2026, 11, 7 + day, h, m); // 7 December 2026 is a Monday
  assert.equal(openNow(week, at(0, 10)), "Ouvert en ce moment, jusqu'à 12 h");
  assert.equal(openNow(week, at(0, 12, 30)), "Fermé en ce moment, ouvre aujourd'hui à 13 h 30");
  assert.equal(openNow(week, at(0, 18)), 'Fermé en ce moment, ouvre demain à 9 h');
  assert.equal(openNow(week, at(1, 13)), 'Fermé en ce moment, ouvre lundi à 9 h');
  assert.equal(openNow(null, at(0, 10)), '');
});

test('communes match without accents, case, hyphens, and with "st" for "saint"', () => {
  const names = ['Saint-Étienne', 'Saint-Étienne-de-Tinée', 'Sainte-Foy', 'Étienville', 'Lyon'];
  const index = table(names.map((n, i) => [n, i === 0 ? '42000 42100' : `0600${i}`, 0, `x${i}`]));
  const found = (typed) => matches(index, typed).map((c) => c[0]);
  for (const typed of ['st etienne', 'Saint-Étienne', 'SAINT ETIENNE', 'st-étienne', 'saint étienne']) {
    assert.deepEqual(found(typed), ['Saint-Étienne', 'Saint-Étienne-de-Tinée'], typed);
  }
  assert.deepEqual(found('42000'), ['Saint-Étienne']);
  assert.deepEqual(found('42'), ['Saint-Étienne']);
  assert.deepEqual(found('ste foy'), ['Sainte-Foy']);
  assert.deepEqual(found('etien'), ['Étienville', 'Saint-Étienne', 'Saint-Étienne-de-Tinée']);
  assert.deepEqual(found('  '), []);
});
