// `bonneporte serve` in a real browser, on a copy of the minimal fixture guide: the reload
// script runs under the pages' CSP, a save reloads the page by itself, an error shows in the
// page (accessible) and goes away when fixed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, axe } from './lib.mjs';

const PARTNER = 'structures/dep/ml-bourges.yaml';
const PAGE = 'structures/ml-bourges/';

let guide, server, url, browser;
before(async () => {
  guide = await mkdtemp(join(tmpdir(), 'bonneporte-serve-'));
  await cp(new URL('../fixtures/minimal', import.meta.url), guide, { recursive: true });
  server = spawn(process.env.BONNEPORTE_BIN, ['serve', '--port', '0', '--content', guide], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise((ok) => createInterface({ input: server.stdout }).once('line', (line) => ok(line.trim())));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.kill();
  await rm(guide, { recursive: true, force: true });
});

test('a save reloads the open page, an error shows in it and goes away when fixed', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  // The error page answers 500: the browser logs it, that is expected.
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(m.text()); });
  page.on('pageerror', (e) => problems.push(e.message));
  const connected = page.waitForRequest((r) => r.url().includes('/__bonneporte/evenements'));
  await page.goto(url + PAGE);
  await connected;
  const original = await readFile(join(guide, PARTNER), 'utf8');

  await writeFile(join(guide, PARTNER), original.replace('Mission locale de Bourges (test)', 'Mission locale rechargée'));
  await page.getByRole('heading', { level: 1, name: 'Mission locale rechargée' }).waitFor();

  await writeFile(join(guide, PARTNER), `${original}telephone: "02 99 00 00 03"\n`);
  await page.getByRole('heading', { level: 1, name: /Le guide contient 1 erreur/ }).waitFor();
  assert.match(await page.locator('main').innerText(), /structures\/dep\/ml-bourges\.yaml, ligne 7, colonne 1/);
  const audit = await browser.newContext({ bypassCSP: true });
  const copy = await audit.newPage();
  await copy.goto(url + PAGE);
  assert.deepEqual(await axe(copy), [], 'axe on the error page');
  await audit.close();

  await writeFile(join(guide, PARTNER), original);
  await page.getByRole('heading', { level: 1, name: 'Mission locale de Bourges (test)' }).waitFor();
  assert.deepEqual(problems, [], 'no CSP violation nor script error');
  await context.close();
});
