// Takes a screenshot of every page in both languages at phone and kiosk widths, for a person
// to look at: `node tests/e2e/screenshots.mjs [out-dir]` (uses the release build).
import { mkdirSync } from 'node:fs';
import { draftWithEverythingShown, launchBrowser, startAdapter, VIEWPORTS } from './browser.mjs';
import { completeForm } from './answers.mjs';
import { png as makePng, renamedExe } from './fixtures.mjs';

const out = process.argv[2] || '/tmp/qyzmet-shots';
mkdirSync(out, { recursive: true });
const PAGES = {
  catalogue: '/',
  search: '/?q=патронат',
  housing: '/services/housing-assistance',
  waiting: '/services/housing-waiting-list',
  foster: '/services/foster-care',
  adoption: '/services/adoption-registration',
  notfound: '/no-such-page',
  signin: '/sign-in',
  register: '/register',
};
// Pages seen signed in, as [demo account IIN, path].
const SIGNED_IN = {
  cabinet: ['850714300127', '/cabinet'],
  'staff-cabinet': ['880505400787', '/cabinet'],
  accounts: ['751203400236', '/admin/accounts'],
  'not-allowed': ['850714300127', '/admin/accounts'],
};
const adapter = await startAdapter();
const browser = await launchBrowser();
try {
  for (const lang of ['kk', 'ru']) {
    for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
      const context = await browser.newContext({ viewport });
      await context.addInitScript((l) => localStorage.setItem('qyzmet.lang', l), lang);
      const page = await context.newPage();
      for (const [name, path] of Object.entries(PAGES)) {
        await page.goto(adapter.url + path);
        await page.locator('h1').first().waitFor();
        await page.screenshot({ path: `${out}/${name}-${lang}-${vpName}.png`, fullPage: true });
      }
      for (const [name, [iin, path]] of Object.entries(SIGNED_IN)) {
        await context.request.post(`${adapter.url}/api/session`, { data: { iin, password: 'qyzmet-demo' } });
        await page.goto(adapter.url + path);
        await page.locator('h1').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('.loading'));
        await page.screenshot({ path: `${out}/${name}-${lang}-${vpName}.png`, fullPage: true });
        await context.request.delete(`${adapter.url}/api/session`);
      }
      // The forms with their errors, and the session warning.
      for (const name of ['sign-in', 'register']) {
        await page.goto(`${adapter.url}/${name}`);
        await page.locator('#iin').fill('850714300128');
        await page.locator('form button[type=submit]').click();
        await page.locator('.error-summary').waitFor();
        await page.screenshot({ path: `${out}/${name}-errors-${lang}-${vpName}.png`, fullPage: true });
      }
      // A request: each step of housing assistance with every question shown, one page with
      // its errors, a complete check page, the service page with a draft, the cabinet's list.
      await context.request.post(`${adapter.url}/api/session`, { data: { iin: '850714300127', password: 'qyzmet-demo' } });
      const { id, form } = await draftWithEverythingShown(context.request, adapter.url, 'housing-assistance');
      for (const step of [...form.page.map((p) => p.id), 'documents', 'check']) {
        await page.goto(`${adapter.url}/applications/${id}/${step}`);
        await page.locator('h1').first().waitFor();
        await page.waitForFunction(() => !document.querySelector('.loading'));
        await page.screenshot({ path: `${out}/form-${step}-${lang}-${vpName}.png`, fullPage: true });
      }
      // Documents: a PDF and a photo attached to the first slot, a renamed program refused.
      await page.goto(`${adapter.url}/applications/${id}/documents`);
      await page.locator('.slot').first().waitFor();
      const pdf = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 280]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
      const png = makePng(160, 120);
      const slots = page.locator('input.file-pick__input:not([capture])');
      await slots.nth(0).setInputFiles([{ name: 'справка.pdf', mimeType: 'application/pdf', buffer: pdf }, { name: 'photo.png', mimeType: 'image/png', buffer: png }]);
      await slots.nth(1).setInputFiles([{ name: 'scan.pdf', mimeType: 'application/pdf', buffer: renamedExe() }]);
      await page.locator('.slot').first().locator('img.slot__thumb').waitFor();
      await page.locator('.slot__file--refused').waitFor();
      await page.screenshot({ path: `${out}/form-documents-attached-${lang}-${vpName}.png`, fullPage: true });
      await page.goto(`${adapter.url}/applications/${id}/dwelling`);
      await page.locator('[id="dwelling_area"]').fill('54,321');
      await page.locator('form.form button[type=submit]').click();
      await page.locator('.error-summary').waitFor();
      await page.screenshot({ path: `${out}/form-errors-${lang}-${vpName}.png`, fullPage: true });
      await page.goto(`${adapter.url}/services/housing-waiting-list`);
      await page.locator('.apply button').click();
      await page.locator('form.form').waitFor();
      await completeForm(page, 'housing-waiting-list', lang);
      await page.screenshot({ path: `${out}/form-complete-check-${lang}-${vpName}.png`, fullPage: true });
      await page.goto(`${adapter.url}/services/housing-assistance`);
      await page.locator('.apply a').first().waitFor();
      await page.screenshot({ path: `${out}/service-with-draft-${lang}-${vpName}.png`, fullPage: false });
      await page.goto(`${adapter.url}/cabinet`);
      await page.locator('.application').first().waitFor();
      await page.screenshot({ path: `${out}/cabinet-drafts-${lang}-${vpName}.png`, fullPage: true });
      await context.close();
    }
  }
} finally {
  await browser.close();
  await adapter.stop();
}
console.log(`screenshots in ${out}`);
