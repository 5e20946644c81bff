// axe-core on every page, in both languages, at phone and kiosk widths: no violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { harness, VIEWPORTS } from './browser.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const PAGES = [
  ['catalogue', '/'],
  ['catalogue, searched', '/?q=zzzz'],
  ['housing assistance', '/services/housing-assistance'],
  ['housing waiting list', '/services/housing-waiting-list'],
  ['foster care', '/services/foster-care'],
  ['adoption registration', '/services/adoption-registration'],
  ['page not found', '/no/such/page'],
  ['service not found', '/services/no-such-service'],
];

test('axe finds nothing', async (t) => {
  const h = await harness(t);
  for (const lang of ['kk', 'ru']) {
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await t.test(`${lang}, ${width}`, async () => {
        // axe is injected as a script: only the test's context may bypass our strict CSP.
        const page = await h.newPage({ viewport, lang, bypassCSP: true });
        for (const [name, path] of PAGES) {
          await page.goto(h.url + path);
          await page.locator('h1').first().waitFor();
          await page.locator('.loading').waitFor({ state: 'detached' });
          assert.equal(await page.locator('html').getAttribute('lang'), lang);
          await page.addScriptTag({ path: axePath });
          const result = await page.evaluate(() => window.axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
          }));
          const problems = result.violations.map((v) =>
            `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`);
          assert.deepEqual(problems, [], `${name} (${path})`);
          assert.ok(result.passes.length > 10, 'axe ran its rules');
        }
      });
    }
  }
});
