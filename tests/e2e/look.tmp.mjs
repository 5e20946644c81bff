// Temporary: walk a form and take screenshots (not committed).
import { startAdapter, launchBrowser, DEMO, DEMO_PASSWORD } from './browser.mjs';
const adapter = await startAdapter();
const browser = await launchBrowser();
const out = process.argv[2] || '/tmp/q';
const lang = process.argv[3] || 'kk';
const width = Number(process.argv[4] || 1280);
const ctx = await browser.newContext({ viewport: { width, height: 900 } });
await ctx.addInitScript((l) => localStorage.setItem('qyzmet.lang', l), lang);
const page = await ctx.newPage();
page.on('pageerror', (e) => console.log('PAGEERROR', String(e)));
page.on('console', (m) => { if (m.type() === 'error') console.log('CONSOLE', m.text()); });
await ctx.request.post(`${adapter.url}/api/session`, { data: { iin: DEMO.citizen, password: DEMO_PASSWORD } });
await page.goto(`${adapter.url}/services/${process.argv[5] || 'housing-assistance'}`);
await page.waitForSelector('.apply .button');
await page.screenshot({ path: `${out}/svc-${lang}-${width}.png`, fullPage: false });
await page.click('.apply button');
await page.waitForSelector('form.form');
console.log(page.url());
let n = 0;
for (let i = 0; i < 12; i++) {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${out}/step${n++}-${lang}-${width}.png`, fullPage: true });
  const h1 = await page.textContent('h1');
  console.log(i, page.url(), h1);
  if (page.url().endsWith('/check')) break;
  for (let round = 0; round < 3; round++) {
    for (const g of await page.$$('.group > button.button--secondary')) { if ((await page.$$('.group-item')).length === 0) await g.click(); }
    for (const r of await page.$$('fieldset')) {
      const radios = await r.$$('input[type=radio]');
      if (radios.length && !(await Promise.all(radios.map((x) => x.isChecked()))).some(Boolean)) await radios[0].check();
    }
    for (const i of await page.$$('input.field__input, textarea')) {
      if (await i.inputValue()) continue;
      const mode = await i.getAttribute('inputmode'); const type = await i.getAttribute('type');
      const hint = await i.getAttribute('aria-describedby');
      const hintText = hint ? await page.evaluate((h) => document.getElementById(h.split(' ')[0])?.textContent || '', hint) : '';
      let v = 'Тест Тестов';
      if (type === 'tel') v = '+7 701 234 56 78';
      else if (mode === 'numeric') v = '960914400450';
      else if (mode === 'decimal') v = '12 500,5';
      else if (/14\.07\.2024/.test(hintText)) v = '01.02.2020';
      await i.fill(v); await i.dispatchEvent('change');
    }
  }
  await page.screenshot({ path: `${out}/filled${n}-${lang}-${width}.png`, fullPage: true });
  await page.click('form.form button[type=submit]');
  await page.waitForTimeout(300);
  const errs = await page.$$eval('.error-summary a', (as) => as.map((a) => a.textContent));
  if (errs.length) { console.log('errors', errs); await page.screenshot({ path: `${out}/err${n}-${lang}-${width}.png`, fullPage: true }); break; }
}
await browser.close();
await adapter.stop();
