// Shared set-up for the browser tests and tools: Debian's Chromium with the flags this
// closed network needs (shared/TOOLCHAIN.md), and a fresh adapter per test file.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../../..');

const CHROMIUM_FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/** Viewports the standards name: a phone and the service-centre kiosk. */
export const VIEWPORTS = {
  phone: { width: 360, height: 780 },
  kiosk: { width: 1280, height: 1024 },
};

/**
 * Starts the release adapter on a free port with a fresh data folder, serving the release
 * build in dist/. Resolves to { url, stop }.
 */
export async function startAdapter(extraEnv = {}, { binary = process.env.QYZMET_ADAPTER_BIN || join(ROOT, 'target/release/qyzmet-adapter') } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'qyzmet-e2e-'));
  const child = spawn(binary, [], {
    cwd: ROOT,
    env: {
      ...process.env,
      QYZMET_ADDRESS: '127.0.0.1:0',
      QYZMET_DATA_DIR: dataDir,
      QYZMET_STATIC_DIR: process.env.QYZMET_STATIC_DIR || join(ROOT, 'dist'),
      QYZMET_CATALOGUE_DIR: join(ROOT, 'data'),
      RUST_LOG: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`adapter did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (chunk) => {
      const match = /listening on (http:\/\/[\d.:]+)/.exec(String(chunk));
      if (match) { clearTimeout(timer); resolveUrl(match[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`adapter exited ${code}: ${stderr}`)); });
  });
  return {
    url,
    pid: child.pid,
    dataDir,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Starts the adapter (with `env` added to its environment) and a browser for one test file;
 * `t.after` stops both.
 */
export async function harness(t, env = {}) {
  const adapter = await startAdapter(env);
  const browser = await launchBrowser();
  t.after(async () => {
    await browser.close();
    await adapter.stop();
  });
  return {
    url: adapter.url,
    /** A fresh browser context (no stored language) and a page in it. */
    async newPage({ viewport = VIEWPORTS.kiosk, locale = 'en-US', lang, bypassCSP = false, ignoreHTTPSErrors = false } = {}) {
      const context = await browser.newContext({ viewport, locale, bypassCSP, ignoreHTTPSErrors });
      if (lang) await context.addInitScript((l) => localStorage.setItem('qyzmet.lang', l), lang);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      page.on('console', (m) => {
        // The sign page looks for NCALayer at its address; where none runs, Chromium logs the
        // failed connection, which is the expected answer.
        if (m.type() === 'error' && !m.text().includes('wss://127.0.0.1:13579')) errors.push(m.text());
      });
      page.jsErrors = errors;
      return page;
    },
    /** Signs `page`'s context in as a demo account through the API (its cookie is shared). */
    async signIn(page, iin) {
      const response = await page.context().request.post(`${adapter.url}/api/session`,
        { data: { iin, password: DEMO_PASSWORD } });
      if (!response.ok()) throw new Error(`sign-in as ${iin}: ${response.status()}`);
    },
  };
}

/** The demo accounts (data/demo/accounts.toml), one per role, and their shared password. */
export const DEMO = {
  citizen: '850714300127',
  operator: '920312400341',
  provider_office: '781102300563',
  provider_head: '880505400787',
  provider_executor: '900622300911',
  administrator: '751203400236',
};
export const DEMO_PASSWORD = 'qyzmet-demo';

/** The official names, as quoted in the regulations, in catalogue order. */
export const NAMES = {
  kk: [
    'Тұрғын үй көмегін тағайындау',
    'Мемлекеттік тұрғын үй қорынан берілетін тұрғын үйге немесе жеке тұрғын үй қорынан жергілікті атқарушы орган жалдаған тұрғын үйге мұқтаж азаматтарды есепке алу және кезекке қою, сондай-ақ жергілікті атқарушы органдардың тұрғын үй беру туралы шешім қабылдауы',
    'Баланы (балаларды) патронаттық тәрбиелеуге беру',
    'Бала асырап алуға тілек білдірген адамдарды есепке қою',
  ],
  ru: [
    'Назначение жилищной помощи',
    'Постановка на учет и очередность, а также принятие местными исполнительными органами решения о предоставлении жилища гражданам, нуждающимся в жилище из государственного жилищного фонда или жилище, арендованном местным исполнительным органом в частном жилищном фонде',
    'Передача ребенка (детей) на патронатное воспитание',
    'Постановка на учет лиц, желающих усыновить детей',
  ],
};

/**
 * Starts a draft of `service` for the signed-in context of `request` with every condition of
 * its form switched on (each `when` answered with its value, each group with one item), so
 * every question can be seen. Resolves to { id, form }.
 */
export async function draftWithEverythingShown(request, url, service) {
  const form = await (await request.get(`${url}/api/services/${service}/form`)).json();
  const created = await request.post(`${url}/api/applications`, { data: { service } });
  if (!created.ok()) throw new Error(`start a draft of ${service}: ${created.status()}`);
  const { id } = await created.json();
  const answers = {};
  for (const page of form.page) {
    for (const thing of [page, ...page.field]) {
      if (thing.when && !(thing.when.field in answers)) answers[thing.when.field] = thing.when.equals;
    }
    for (const field of page.field) if (field.kind === 'group') answers[field.id] = '1';
  }
  const saved = await request.patch(`${url}/api/applications/${id}`, { data: { answers, seq: Date.now() } });
  if (!saved.ok()) throw new Error(`answers of ${service}: ${saved.status()} ${await saved.text()}`);
  return { id, form };
}

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Runs axe-core (WCAG 2.2 AA and best practices) on the page: no violations. The page's
 * context must bypass the CSP (axe is injected as a script). */
export async function noViolations(page, name) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
  }));
  const problems = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
  assert.deepEqual(problems, [], name);
  assert.ok(result.passes.length > 10, 'axe ran its rules');
}

/** Screenshots of `path` in both languages at phone and kiosk widths, as `context`'s visitor:
 * `{out}/{name}-{lang}-{phone|kiosk}.png` (the screenshot scripts). */
export async function shootBoth(context, url, out, name, path) {
  for (const lang of ['kk', 'ru']) {
    for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
      const p = await context.newPage();
      await p.setViewportSize(viewport);
      await p.addInitScript((l) => localStorage.setItem('qyzmet.lang', l), lang);
      await p.goto(url + path);
      await p.locator('h1').first().waitFor();
      await p.waitForFunction(() => !document.querySelector('.loading'));
      await p.waitForTimeout(400);
      await p.screenshot({ path: `${out}/${name}-${lang}-${vpName}.png`, fullPage: true });
      await p.close();
    }
  }
}
