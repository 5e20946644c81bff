// axe-core on every page, in both languages, at phone and kiosk widths: no violations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, noViolations, draftWithEverythingShown, DEMO, VIEWPORTS } from './browser.mjs';


const PAGES = [
  ['catalogue', '/'],
  ['catalogue, searched', '/?q=zzzz'],
  ['housing assistance', '/services/housing-assistance'],
  ['housing waiting list', '/services/housing-waiting-list'],
  ['foster care', '/services/foster-care'],
  ['adoption registration', '/services/adoption-registration'],
  ['page not found', '/no/such/page'],
  ['service not found', '/services/no-such-service'],
  ['sign in', '/sign-in'],
  ['register', '/register'],
  ['service centres', '/branches'],
  ['a service centre with its days', '/branches/atyrau-regional'],
  ['service centre not found', '/branches/nowhere'],
  ['the hall kiosk', '/queue/hall/atyrau-city-1'],
  ['the hall display', '/queue/board/atyrau-city-1'],
];
// Pages seen signed in: [name, path, demo account].
const SERVICES = ['housing-assistance', 'housing-waiting-list', 'foster-care', 'adoption-registration'];
const SIGNED_IN = [
  ['service page, signed in (apply)', '/services/foster-care', DEMO.citizen],
  ['cabinet', '/cabinet', DEMO.citizen],
  ['cabinet of staff', '/cabinet', DEMO.provider_head],
  ['accounts', '/admin/accounts', DEMO.administrator],
  ['not allowed', '/admin/accounts', DEMO.citizen],
  ['booking a visit', '/queue/book?branch=atyrau-regional', DEMO.citizen],
  ['booking not found', '/queue/bookings/nothing', DEMO.citizen],
  ["the operator's calls", '/centre/queue', DEMO.operator],
  ['booking, not for an operator', '/queue/book', DEMO.operator],
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
          await page.waitForFunction(() => !document.querySelector('.loading')); // every section loaded
          assert.equal(await page.locator('html').getAttribute('lang'), lang);
          await noViolations(page, `${name} (${path})`);
        }
        // Forms showing their errors: the summary and each field's message.
        for (const path of ['/sign-in', '/register']) {
          await page.goto(h.url + path);
          await page.locator('form button[type=submit]').click();
          await page.locator('.error-summary').waitFor();
          await noViolations(page, `${path} with errors`);
        }
        for (const [name, path, iin] of SIGNED_IN) {
          await h.signIn(page, iin);
          await page.goto(h.url + path);
          await page.locator('h1').first().waitFor();
          await page.waitForFunction(() => !document.querySelector('.loading')); // every section loaded
          await noViolations(page, `${name} (${path})`);
          await page.context().request.delete(`${h.url}/api/session`);
        }
        // Every step of every service's request form, with all its conditional questions
        // shown, before and after "continue" marks what is missing; then the cabinet's list.
        await h.signIn(page, DEMO.citizen);
        for (const service of SERVICES) {
          const { id, form } = await draftWithEverythingShown(page.context().request, h.url, service);
          for (const step of [...form.page.map((p) => p.id), 'documents', 'check']) {
            const path = `/applications/${id}/${step}`;
            await page.goto(h.url + path);
            await page.locator('h1').first().waitFor();
            await page.waitForFunction(() => !document.querySelector('.loading')); // every section loaded
            await noViolations(page, path);
            if (step === 'documents' || step === 'check') continue;
            // A page all of whose questions the switches answered goes on instead.
            await page.locator('form.form button[type=submit]').click();
            await page.waitForFunction((p) => document.querySelector('.error-summary') || location.pathname !== p, path);
            if (await page.locator('.error-summary').count()) await noViolations(page, `${path} with errors`);
          }
        }
        await page.goto(h.url + '/cabinet');
        await page.locator('.application').first().waitFor();
        await noViolations(page, 'cabinet with drafts');
        await page.locator('.application button.button--secondary').first().click();
        await page.locator('.confirm').waitFor();
        await noViolations(page, 'cabinet, confirming a deletion');
        await page.context().request.delete(`${h.url}/api/session`);
      });
    }
  }
});
