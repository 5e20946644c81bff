// The benchmark (README): first-load size and Lighthouse (mobile defaults) of the catalogue
// page, each as a ratio against a baseline measured in the same run: the same page as the app
// renders it, saved as static HTML with the same CSS and served by the same adapter. The
// ratios say what the client-side app costs over plain HTML. Then the uploads (bench/uploads.mjs):
// throughput against the disk, and the adapter's memory. Not a test: it only reports.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, startAdapter, ROOT } from '../tests/e2e/browser.mjs';
import { uploadBench, TITLE as UPLOADS_TITLE, LEGEND as UPLOADS_LEGEND } from './uploads.mjs';

const RUNS = Number(process.env.QYZMET_BENCH_RUNS || 3);
const dist = join(ROOT, 'dist');
// GNU gzip -9, as scripts/first-load-size.sh measures, so both print the same figure.
const gz = (path) => execFileSync('gzip', ['-9c', path], { maxBuffer: 64 << 20 }).length;

// --- First-load bytes -------------------------------------------------------------------
const firstLoadFiles = readdirSync(dist).filter((f) => /\.(wasm|js|css)$/.test(f));
const br = (path) => readFileSync(path + '.br').length;
const appBrotli = firstLoadFiles.reduce((sum, f) => sum + br(join(dist, f)), 0);
const appBytes = firstLoadFiles.reduce((sum, f) => sum + gz(join(dist, f)), 0);
const appHtml = gz(join(dist, 'index.html'));

// --- The baseline: the rendered catalogue as static HTML ----------------------------------
const app = await startAdapter();
const baselineDir = mkdtempSync(join(tmpdir(), 'qyzmet-baseline-'));
{
  const browser = await launchBrowser();
  const page = await browser.newPage();
  await page.goto(app.url + '/');
  await page.locator('.service-card').first().waitFor();
  const html = await page.evaluate(() => {
    document.querySelectorAll('script, link[rel=modulepreload], link[rel=preload]').forEach((e) => e.remove());
    return '<!DOCTYPE html>\n' + document.documentElement.outerHTML;
  });
  await browser.close();
  writeFileSync(join(baselineDir, 'index.html'), html);
  for (const f of readdirSync(dist).filter((f) => /\.(css|svg)$/.test(f))) copyFileSync(join(dist, f), join(baselineDir, f));
}
process.env.QYZMET_STATIC_DIR = baselineDir;
const baseline = await startAdapter();
delete process.env.QYZMET_STATIC_DIR;
const baselineBytes = readdirSync(baselineDir).filter((f) => f.endsWith('.css')).reduce((s, f) => s + gz(join(baselineDir, f)), 0);
const baselineHtml = gz(join(baselineDir, 'index.html'));

// --- Lighthouse ---------------------------------------------------------------------------
const chromeFlags = '--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking '
  + '--disable-component-update --disable-sync --no-first-run --disable-quic';
function lighthouse(url, attempt = 1) {
  const out = join(mkdtempSync(join(tmpdir(), 'qyzmet-lh-')), 'report.json');
  try {
    execFileSync(join(ROOT, 'bench/node_modules/.bin/lighthouse'), [
      url, '--output=json', `--output-path=${out}`, '--quiet', `--chrome-flags=${chromeFlags}`,
      '--only-categories=performance,accessibility,best-practices',
    ], { env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH || '/usr/bin/chromium' }, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    // Chromium occasionally fails to start under load: one more try, then say why.
    if (attempt < 2) return lighthouse(url, attempt + 1);
    throw new Error(`lighthouse failed on ${url}: ${err.stderr}`);
  }
  const r = JSON.parse(readFileSync(out, 'utf8'));
  return {
    performance: r.categories.performance.score * 100,
    accessibility: r.categories.accessibility.score * 100,
    bestPractices: r.categories['best-practices'].score * 100,
    lcp: r.audits['largest-contentful-paint'].numericValue,
    tbt: r.audits['total-blocking-time'].numericValue,
    fcp: r.audits['first-contentful-paint'].numericValue,
  };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function medianOf(url) {
  const runs = Array.from({ length: RUNS }, () => lighthouse(url));
  return Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((r) => r[k]))]));
}
const lhApp = medianOf(app.url + '/');
const lhBase = medianOf(baseline.url + '/');
await app.stop();
await baseline.stop();

// --- Uploads (bench/uploads.mjs): throughput against the disk, the adapter's memory ---------
const uploads = await uploadBench({ root: ROOT });

// --- Report -------------------------------------------------------------------------------
const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ratio = (a, b) => (b > 0 ? `${(a / b).toFixed(2)}×` : '—');
const rows = [
  ['first load: wasm + JS + CSS (gzip)', kb(appBytes), kb(baselineBytes), ratio(appBytes, baselineBytes)],
  ['first load as sent (brotli)', kb(appBrotli), '', ''],
  ['index.html (gzip)', kb(appHtml), kb(baselineHtml), ratio(appHtml, baselineHtml)],
  ['Lighthouse performance', lhApp.performance, lhBase.performance, ratio(lhApp.performance, lhBase.performance)],
  ['Lighthouse accessibility', lhApp.accessibility, lhBase.accessibility, ratio(lhApp.accessibility, lhBase.accessibility)],
  ['Lighthouse best practices', lhApp.bestPractices, lhBase.bestPractices, ratio(lhApp.bestPractices, lhBase.bestPractices)],
  ['largest contentful paint', `${Math.round(lhApp.lcp)} ms`, `${Math.round(lhBase.lcp)} ms`, ratio(lhApp.lcp, lhBase.lcp)],
  ['first contentful paint', `${Math.round(lhApp.fcp)} ms`, `${Math.round(lhBase.fcp)} ms`, ratio(lhApp.fcp, lhBase.fcp)],
  ['total blocking time', `${Math.round(lhApp.tbt)} ms`, `${Math.round(lhBase.tbt)} ms`, ratio(lhApp.tbt, lhBase.tbt)],
];
console.log(`\nQyzmet benchmark — catalogue page, Lighthouse mobile defaults, median of ${RUNS} run(s)`);
console.log(`(baseline: the same page as static HTML + the same CSS, same adapter, same run)\n`);
const w = [38, 14, 14, 8];
const table = (headers, rows) => {
  console.log(headers.map((h, i) => h.padEnd(w[i])).join(''));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(w[i])).join(''));
};
table(['measure', 'app', 'baseline', 'ratio'], rows);
console.log(`\nfirst-load files: ${firstLoadFiles.join(', ')}`);
console.log(`\n${UPLOADS_TITLE}\n${UPLOADS_LEGEND}\n`);
table(['measure', 'adapter', 'disk / idle', 'ratio'], uploads.rows);
console.log('');
for (const note of uploads.notes) console.log(note);
