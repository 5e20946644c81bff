// The service-centre operator on a kiosk in a real browser against the real adapter (issue 9),
// at 1280 px: applying for housing assistance on a citizen's behalf with a representative whose
// notarised power of attorney is checked, scans with the documents ticked as brought on paper,
// signed with the operator's certificate, the receipt printed (A4 and the 80 mm roll) and
// handed out later; an incomplete package gets the receipt refusing intake; an idle kiosk signs
// itself out and keeps nothing of the citizen. Both languages; axe on every new page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, noViolations } from './browser.mjs';
import { ANSWERS, UI, fillPages } from './answers.mjs';
import { KEY_PASSWORD, LONG, obtainKeyFile, sign } from './submitting.mjs';
import {
  APPLICANT, POA, REPRESENTATIVE, TEXT, fillForCitizen, issue, operatorPage, scanAll, startForCitizen, tickPaper, typeIin,
} from './centre.mjs';

test('an operator applies on a citizen\'s behalf, prints the receipt and hands the result out', { timeout: 600_000 }, async (t) => {
  const h = await harness(t);
  for (const lang of ['kk', 'ru']) {
    const words = TEXT[lang];
    const page = await operatorPage(h, lang);
    const keyFile = await obtainKeyFile(page, h.url, lang);

    // Unknown IIN: said at the field; a power of attorney the registry does not know: said,
    // nothing typed is lost.
    await page.goto(`${h.url}/centre`);
    await page.getByRole('heading', { level: 1, name: words.centre }).waitFor();
    await noViolations(page, `/centre (${lang})`);
    // The kiosk's touch targets: every control at least 44 px high.
    const small = await page.locator('main button, main select, main .field__input, main .radio, main .checkbox, main a.button, .site-header button')
      .evaluateAll((els) => els.filter((e) => e.offsetParent && e.getBoundingClientRect().height < 44)
        .map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().height)}px`));
    assert.deepEqual(small, []);
    await typeIin(page, 'applicant', '900101300126');
    await page.locator('#applicant-error').getByText(words.notFound).waitFor();
    await startForCitizen(page, h.url, lang, { number: 'ATR-0000-1' });
    await page.locator('.error-summary').getByText(words.poaUnknown).waitFor();
    assert.equal(await page.locator('#poa_date').inputValue(), POA.date);
    assert.equal(await page.locator('#representative_iin').inputValue(), REPRESENTATIVE.iin);
    await noViolations(page, `/centre with errors (${lang})`);
    await page.locator('#poa_number').fill(POA.number);
    await page.getByRole('button', { name: words.start }).click();
    await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
    const id = new URL(page.url()).pathname.split('/')[2];

    // Every page says for whom; the first shows the citizen, not the operator.
    await page.locator('.on-behalf').getByText(words.onBehalf).waitFor();
    // In the operator's wording: the questions are the citizen's to answer.
    await page.locator('.on-behalf').getByText(words.askAsWritten).waitFor();
    await page.locator('.applicant').getByText(APPLICANT.iin).waitFor();
    await fillForCitizen(page, lang);
    await noViolations(page, `documents with paper ticks (${lang})`);
    // The kiosk's camera is offered beside the scanner's folder, whatever the pointer.
    assert.ok(await page.getByText(words.camera).first().isVisible());
    await scanAll(page);
    await tickPaper(page);
    assert.equal(await page.getByRole('button', { name: words.refuse }).count(), 0);
    await page.locator('form.form').getByRole('button', { name: UI[lang].continue }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/check'));
    await page.getByRole('heading', { level: 1, name: words.check }).waitFor();
    await page.getByRole('link', { name: words.signContinue }).click();
    await page.waitForURL((u) => u.pathname.endsWith('/sign'));
    await sign(page, keyFile, KEY_PASSWORD, lang);
    await page.waitForURL((u) => u.pathname.endsWith('/receipt'), LONG);

    // The receipt names the branch, the operator, the applicant and the representative.
    const receipt = page.locator('article.receipt');
    for (const text of [words.branch, words.operator, APPLICANT.name, REPRESENTATIVE.name]) {
      await receipt.getByText(text).first().waitFor();
    }
    const number = await page.locator('.receipt__number').innerText();
    await noViolations(page, `receipt at a centre (${lang})`);
    // Printed: the receipt alone; on A4, and on the 80 mm roll.
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('.site-header').isVisible(), false);
    assert.equal(await page.locator('.button-group').first().isVisible(), false);
    assert.ok(await receipt.isVisible());
    const a4 = await page.pdf({ preferCSSPageSize: true });
    assert.ok(a4.subarray(0, 5).toString() === '%PDF-');
    await page.evaluate(() => document.body.setAttribute('data-print', 'roll'));
    const roll = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const widths = [...roll.matchAll(/\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/g)].map((m) => Number(m[1]));
    assert.ok(widths.length > 0, 'the roll PDF has a page size');
    // Every page is the roll's: 80 mm = 226.8 pt.
    assert.ok(widths.every((w) => Math.abs(w - 226.8) < 2), `roll widths ${widths}`);
    await page.emulateMedia({ media: 'screen' });

    // Later the result is ready: found by number and handed out, against the journal.
    await issue(h, h.url, id);
    await page.goto(`${h.url}/centre/results`);
    await page.getByRole('heading', { level: 1, name: words.results }).waitFor();
    await page.locator('#q').fill(number);
    await page.getByRole('button', { name: words.find, exact: true }).click();
    const card = page.locator('article.result-card');
    await card.getByText(words.granted).waitFor();
    await noViolations(page, `/centre/results (${lang})`);
    // The result, to print for the citizen.
    const href = await card.locator('a[href*="/result.pdf"]').getAttribute('href');
    const printed = await page.context().request.get(h.url + href);
    assert.equal(printed.status(), 200);
    assert.equal((await printed.body()).subarray(0, 5).toString(), '%PDF-');
    await card.getByRole('button', { name: words.handOut }).click();
    await card.getByText(words.handedOut, { exact: false }).first().waitFor();
    assert.equal(await card.getByRole('button', { name: words.handOut }).count(), 0);
    // The refused lookups above are answers (422), which Chromium logs; nothing else.
    assert.deepEqual(page.jsErrors.filter((e) => !e.includes('status of 422')), []);
    await page.context().close();
  }
});

test('an incomplete package gets the receipt refusing intake', { timeout: 300_000 }, async (t) => {
  const h = await harness(t);
  for (const lang of ['ru', 'kk']) {
    const words = TEXT[lang];
    const page = await operatorPage(h, lang);
    await startForCitizen(page, h.url, lang, { representative: false });
    await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
    const [applicant, , ...rest] = ANSWERS['housing-assistance'];
    await fillPages(page, lang, [applicant, { page: 'representative', answers: { has_representative: 'no' } }, ...rest]);
    await page.waitForURL((u) => u.pathname.endsWith('/documents'));
    await page.locator('.paper').waitFor();
    await tickPaper(page, 1);
    await page.getByRole('button', { name: words.refuse }).click();
    await page.waitForURL(/\/centre\/refusals\/[0-9a-f]+$/);
    const receipt = page.locator('article.receipt');
    await receipt.getByRole('heading', { name: words.refusal }).waitFor();
    await receipt.getByText(APPLICANT.name).waitFor();
    // The three required documents not brought are listed.
    assert.ok(await receipt.locator('ol li').count() >= 3);
    await noViolations(page, `refusal receipt (${lang})`);
    assert.deepEqual(page.jsErrors, []);
    await page.context().close();
  }
});

test('an idle kiosk signs itself out and keeps nothing of the citizen', { timeout: 120_000 }, async (t) => {
  const h = await harness(t, { QYZMET_KIOSK_IDLE_SECONDS: '6', QYZMET_KIOSK_WARN_SECONDS: '3' });
  const page = await operatorPage(h, 'kk');
  await page.goto(`${h.url}/centre`);
  await typeIin(page, 'applicant', APPLICANT.iin);
  await page.getByText(TEXT.kk.found).waitFor();
  // The warning, then the end: the sign-in page, with nothing of the citizen on it or kept.
  await page.locator('dialog.session-dialog[open]').waitFor({ timeout: 15_000 });
  await page.waitForURL((u) => u.pathname === '/sign-in', { timeout: 15_000 });
  assert.equal(new URL(page.url()).searchParams.get('return'), null);
  assert.equal(await page.getByText(APPLICANT.iin).count(), 0);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('qyzmet.draft')).length), 0);
  await page.goto(`${h.url}/centre`);
  await page.waitForURL((u) => u.pathname === '/sign-in');
});
