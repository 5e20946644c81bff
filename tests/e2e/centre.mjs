// The operator's steps at a service centre through the real pages (issue 9), shared by the
// centre's browser tests and its screenshots.
import assert from 'node:assert/strict';
import { DEMO, VIEWPORTS } from './browser.mjs';
import { ANSWERS, fillPages } from './answers.mjs';
import { png } from './fixtures.mjs';
import { LONG } from './submitting.mjs';

export const APPLICANT = { iin: '830228300895', name: 'Омаров Нұржан' };
export const REPRESENTATIVE = { iin: '960914400450', name: 'Ибраева Динара Асқарқызы' };
export const POA = { number: 'ATR-2026-000731', date: '10.03.2026' };

export const TEXT = {
  kk: {
    centre: 'Халыққа қызмет көрсету орталығы', start: 'Өтінішті бастау', found: 'Деректер қорында табылды:',
    poaUnknown: 'Бұл нөмірдегі сенімхат нотариалды ақпараттық жүйеде табылмады. Нөмірді тексеріңіз.',
    notFound: /«Жеке тұлғалар» мемлекеттік деректер қорында табылмады/, onBehalf: 'Өтініш азаматтың атынан',
    signContinue: 'Қол қоюға өту', branch: 'ХҚКО РМК филиалының №1 қалалық бөлімі', operator: 'Жұмабаева Әсел Қайратқызы',
    refuse: 'Қабылдаудан бас тарту туралы қолхат беру', refusal: 'Құжаттарды қабылдаудан бас тарту туралы қолхат',
    results: 'Нәтижелерді беру', find: 'Табу', handOut: 'Нәтижені беру (журналға қол қойылды)', handedOut: 'берілді',
    granted: 'Мемлекеттік қызмет көрсетілді', check: 'Өтініш берушінің жауаптарын тексеріңіз', camera: 'Киоск камерасымен түсіру',
    askAsWritten: 'Сұрақтар өтініш берушіге арналған',
  },
  ru: {
    centre: 'Центр обслуживания населения', start: 'Начать заявление', found: 'Найден в базе данных:',
    poaUnknown: 'Доверенность с этим номером не найдена в нотариальной информационной системе. Проверьте номер.',
    notFound: /не найден в государственной базе данных «Физические лица»/, onBehalf: 'Заявление от имени гражданина',
    signContinue: 'Перейти к подписанию', branch: '№ 1 городской отдел филиала РГП ЦОН', operator: 'Жұмабаева Әсел Қайратқызы',
    refuse: 'Выдать расписку об отказе в приеме', refusal: 'Расписка об отказе в приеме документов',
    results: 'Выдача результатов', find: 'Найти', handOut: 'Выдать результат (подпись в журнале получена)', handedOut: 'выдан',
    granted: 'Государственная услуга оказана', check: 'Проверьте ответы заявителя', camera: 'Снять камерой киоска',
    askAsWritten: 'Вопросы обращены к заявителю',
  },
};

export async function operatorPage(h, lang) {
  const page = await h.newPage({ lang, bypassCSP: true, viewport: VIEWPORTS.kiosk });
  await h.signIn(page, DEMO.operator);
  return page;
}

/** Types an IIN and leaves the field, as the operator does (the lookup runs on leaving). */
export async function typeIin(page, id, iin) {
  const field = page.locator(`#${id}`);
  // Whatever the field held (the tab keeps what was typed), the lookup runs on the change.
  if ((await field.inputValue()) !== '') {
    await field.fill('');
    await field.press('Tab');
  }
  await field.fill(iin);
  await field.press('Tab');
}

/** On /centre: the service, the applicant and (if given) the representative; resolves to the
 * new draft's id once its first page is open. */
export async function startForCitizen(page, url, lang, { representative = true, number = POA.number } = {}) {
  const words = TEXT[lang];
  await page.goto(`${url}/centre`);
  await page.locator('#service option[value="housing-assistance"]').waitFor({ state: 'attached' });
  await page.locator('#service').selectOption('housing-assistance');
  await typeIin(page, 'applicant', APPLICANT.iin);
  await page.getByText(words.found).first().waitFor();
  await page.locator(`input[name="has_representative"][value="${representative ? 'yes' : 'no'}"]`).check();
  if (representative) {
    await typeIin(page, 'representative_iin', REPRESENTATIVE.iin);
    await page.locator('input[name="poa_notarised"][value="yes"]').check();
    await page.locator('#poa_number').fill(number);
    await page.locator('#poa_date').fill(POA.date);
  }
  await page.getByRole('button', { name: words.start }).click();
}

/** From the draft's first page: the answers, with the representative page as the intake
 * filled it (only the phone to add). */
export async function fillForCitizen(page, lang) {
  const [applicant, , ...rest] = ANSWERS['housing-assistance'];
  await fillPages(page, lang, [applicant, { page: 'representative', answers: { representative_phone: '8 (702) 555-12-34' } }, ...rest]);
  await page.waitForURL((u) => u.pathname.endsWith('/documents'));
  await page.locator('.paper').waitFor();
}

/** Ticks `count` documents (all when undefined) as brought on paper, waiting for each save. */
export async function tickPaper(page, count) {
  const boxes = page.locator('.paper input[type=checkbox]');
  const total = count ?? await boxes.count();
  for (let n = 0; n < total; n++) {
    if (await boxes.nth(n).isChecked()) continue;
    const saved = page.waitForResponse((r) => r.url().endsWith('/paper') && r.request().method() === 'PUT');
    await boxes.nth(n).check();
    assert.equal((await saved).status(), 200);
  }
}

/** A PNG in every slot on the documents page. */
export async function scanAll(page) {
  const slots = await page.locator('input[id^="file-"]').evaluateAll((inputs) => inputs.map((i) => i.id.slice(5)));
  for (const slot of slots) {
    await page.locator(`#file-${slot}`).setInputFiles({ name: `scan-${slot}.png`, mimeType: 'image/png', buffer: png() });
    await page.locator('section.slot', { has: page.locator(`[id="slot-${slot}"]`) })
      .locator('li.slot__file a.slot__name').first().waitFor(LONG);
  }
}

/** The provider's staff take request `id` through every step to "issued", granted. */
export async function issue(h, url, id) {
  const staff = {};
  for (const role of ['provider_office', 'provider_head', 'provider_executor']) {
    staff[role] = await h.newPage({ viewport: VIEWPORTS.kiosk });
    await h.signIn(staff[role], DEMO[role]);
  }
  for (const [role, data] of [
    ['provider_office', { action: 'register' }],
    ['provider_head', { action: 'assign', executor: DEMO.provider_executor }],
    ['provider_executor', { action: 'prepare', outcome: 'granted' }],
    ['provider_head', { action: 'sign' }],
    ['provider_office', { action: 'issue' }],
  ]) {
    const reply = await staff[role].context().request.post(`${url}/api/workbench/${id}/actions`, { data });
    assert.equal(reply.status(), 200, `${data.action}: ${await reply.text()}`);
  }
}

