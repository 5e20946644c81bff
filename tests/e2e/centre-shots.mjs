// Screenshots of the operator's pages (the desk, a request for a citizen, the documents with
// paper ticks, the receipt, the refusal receipt, results) in both languages at phone and kiosk
// widths: `node tests/e2e/centre-shots.mjs [out-dir]`.
import { mkdirSync } from 'node:fs';
import { DEMO, DEMO_PASSWORD, launchBrowser, shootBoth, startAdapter, VIEWPORTS } from './browser.mjs';
import { KEY_PASSWORD, LONG, obtainKeyFile, sign } from './submitting.mjs';
import { UI } from './answers.mjs';
import { TEXT, fillForCitizen, issue, scanAll, startForCitizen, tickPaper } from './centre.mjs';

const out = process.argv[2] || '/tmp/qyzmet-shots';
mkdirSync(out, { recursive: true });
const adapter = await startAdapter();
const browser = await launchBrowser();
try {
  const operator = await browser.newContext({ viewport: VIEWPORTS.kiosk });
  await operator.request.post(`${adapter.url}/api/session`, { data: { iin: DEMO.operator, password: DEMO_PASSWORD } });
  const page = await operator.newPage();
  const keyFile = await obtainKeyFile(page, adapter.url, 'kk');
  await startForCitizen(page, adapter.url, 'kk');
  await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
  const id = new URL(page.url()).pathname.split('/')[2];
  await fillForCitizen(page, 'kk');
  await scanAll(page);
  await tickPaper(page, 2);
  const h = { newPage: async () => browser.newPage(), signIn: async (p, iin) => p.context().request.post(`${adapter.url}/api/session`, { data: { iin, password: DEMO_PASSWORD } }) };
  const shoot = (name, path) => shootBoth(operator, adapter.url, out, name, path);
  await shoot('centre-applicant', `/applications/${id}/applicant`);
  await shoot('centre-documents', `/applications/${id}/documents`);
  await tickPaper(page);
  await page.locator('form.form').getByRole('button', { name: UI.kk.continue }).click();
  await page.waitForURL((u) => u.pathname.endsWith('/check'));
  await page.getByRole('link', { name: TEXT.kk.signContinue }).click();
  await sign(page, keyFile, KEY_PASSWORD, 'kk');
  await page.waitForURL((u) => u.pathname.endsWith('/receipt'), LONG);
  const number = await page.locator('.receipt__number').innerText();
  await shoot('centre-receipt', `/applications/${id}/receipt`);
  const roll = await operator.newPage();
  await roll.goto(`${adapter.url}/applications/${id}/receipt`);
  await roll.locator('.receipt__number').waitFor();
  await roll.evaluate(() => document.body.setAttribute('data-print', 'roll'));
  await roll.emulateMedia({ media: 'print' });
  await roll.pdf({ path: `${out}/centre-receipt-roll.pdf`, preferCSSPageSize: true });
  await roll.evaluate(() => document.body.setAttribute('data-print', 'a4'));
  await roll.pdf({ path: `${out}/centre-receipt-a4.pdf`, preferCSSPageSize: true });
  // An incomplete package: the receipt refusing intake.
  const next = await operator.newPage();
  // The screenshots left Russian chosen on this origin.
  await next.addInitScript(() => localStorage.setItem('qyzmet.lang', 'kk'));
  await startForCitizen(next, adapter.url, 'kk', { representative: false });
  await next.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
  const draft = new URL(next.url()).pathname.split('/')[2];
  const refusal = await operator.request.post(`${adapter.url}/api/applications/${draft}/intake-refusal`, { data: {} });
  const { id: refusalId } = await refusal.json();
  await shoot('centre-refusal', `/centre/refusals/${refusalId}`);
  await issue(h, adapter.url, id);
  await shoot('centre-desk', '/centre');
  await shoot('centre-results', `/centre/results`);
  console.log(`request ${number}; screenshots in ${out}`);
} finally {
  await browser.close();
  await adapter.stop();
}
