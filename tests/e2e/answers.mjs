// Valid answers for each service's request form (data/forms/), and helpers that type them in
// through the real pages, for any browser test that needs a filled-in request.
//
// An answer set is the form's pages in order, each `{ page, answers }`, where `answers` maps an
// answer key to the value as a person types it: text for text-like fields, an option id (or
// "yes"/"no") for radios, an array of item objects for a group. Conditional questions come
// after the answer that switches them on, as on the page. Empty text means "left blank".

/** The interface's words each helper relies on (locales/*.json). */
export const UI = {
  kk: {
    apply: 'Өтініш беру', continue: 'Жалғастыру', back: 'Артқа', documents: 'Құжаттар',
    check: 'Жауаптарыңызды тексеріңіз', change: 'Өзгерту', answer: 'Жауап беру', yes: 'Иә', no: 'Жоқ',
    saved: 'Барлық жауаптар сақталды.', groupAddFirst: 'Қосу', groupAdd: 'Тағы біреуін қосу',
    remove: 'Жою', item: (n) => `№ ${n} жазба`, step: (n, total) => `${total} қадамның ${n}-қадамы`,
  },
  ru: {
    apply: 'Подать заявление', continue: 'Продолжить', back: 'Назад', documents: 'Документы',
    check: 'Проверьте ответы', change: 'Изменить', answer: 'Ответить', yes: 'Да', no: 'Нет',
    saved: 'Все ответы сохранены.', groupAddFirst: 'Добавить', groupAdd: 'Добавить ещё',
    remove: 'Удалить', item: (n) => `Запись № ${n}`, step: (n, total) => `Шаг ${n} из ${total}`,
  },
};

/** Valid IINs of the demo persons database other than the citizen's own. */
export const IINS = { dinara: '960914400450', other: '010410600674' };

/** The two pages every request starts with (data/forms/common.toml). */
const COMMON = [
  {
    page: 'applicant',
    answers: {
      contact_phone: '+7 701 234 56 78',
      lives_at_registered_address: 'no',
      actual_address: 'г. Атырау, ул. Абая, дом 5, кв. 12',
    },
  },
  {
    page: 'representative',
    answers: {
      has_representative: 'yes',
      representative_name: 'Ибраева Динара Асқарқызы',
      representative_iin: IINS.dinara,
      representative_phone: '8 (702) 555-12-34',
      poa_notarised: 'yes',
      poa_number: '2025-0417',
      poa_date: '05.03.2025',
      poa_notary: 'Ахметов Ерлан Серікұлы',
    },
  },
];

export const ANSWERS = {
  'housing-assistance': [
    ...COMMON,
    {
      page: 'family-income',
      answers: {
        income_quarter: 'q3',
        applicant_income: '85 000',
        lives_with_family: 'yes',
        family_members: [
          { member_name: 'Серікбаева Гүлнар Маратқызы', member_relation: 'spouse', member_iin: IINS.other, member_income: '120 000,50' },
          { member_name: 'Серікбаев Нұрлан Айдарұлы', member_relation: 'child', member_iin: '', member_income: '0' },
        ],
      },
    },
    {
      page: 'dwelling',
      answers: { dwelling_tenure: 'leo_rented', rent_amount: '45 000', dwelling_area: '54,3', registered_persons: '3' },
    },
    {
      page: 'monthly-payments',
      answers: {
        maintenance_fee: '3 500', heating_cost: '12 500,50', water_cost: '', electricity_cost: '4 200',
        gas_cost: '', telecom_cost: '5 990',
      },
    },
  ],
  'housing-waiting-list': [
    ...COMMON,
    { page: 'category', answers: { applicant_category: 'vulnerable', vulnerable_group: 'large_family' } },
    {
      page: 'family',
      answers: {
        with_family: 'yes',
        family_members: [
          { member_name: 'Серікбаева Гүлнар Маратқызы', member_relation: 'spouse', member_birth_date: '10.04.2001', member_iin: IINS.other },
          { member_name: 'Серікбаев Нұрлан Айдарұлы', member_relation: 'child', member_birth_date: '05.03.2015', member_iin: '' },
        ],
        family_income_12m: '2 400 000',
      },
    },
    {
      page: 'current-housing',
      answers: {
        current_housing: 'rented', monthly_rent: '150 000', current_area: '18,5', registered_persons: '4',
        dwelling_substandard: 'no',
      },
    },
  ],
  'foster-care': [
    ...COMMON,
    {
      page: 'family',
      answers: {
        marital_status: 'married',
        spouse_name: 'Серікбаева Гүлнар Маратқызы',
        spouse_iin: IINS.other,
        lives_with_others: 'yes',
        household_members: [
          { member_name: 'Серікбаева Раушан Тоқтарқызы', member_relation: 'parent', member_birth_date: '02.11.1958', member_iin: '' },
        ],
      },
    },
    {
      page: 'living-conditions',
      answers: { dwelling_type: 'apartment', dwelling_tenure: 'owned', dwelling_rooms: '3', dwelling_area: '72,5' },
    },
    {
      page: 'child',
      answers: {
        children_count: '1',
        child_known: 'yes',
        known_children: [
          { child_name: 'Жақсылықов Әли Бекұлы', child_birth_date: '12.06.2019', child_iin: '', child_organisation: 'Атырау облыстық балалар үйі' },
        ],
      },
    },
  ],
  'adoption-registration': [
    ...COMMON,
    {
      page: 'family',
      answers: {
        marital_status: 'married',
        spouse_name: 'Серікбаева Гүлнар Маратқызы',
        spouse_iin: IINS.other,
        adopt_jointly: 'yes',
        lives_with_others: 'no',
      },
    },
    {
      page: 'work-income',
      answers: { workplace: 'ТОО «Атырау Энерго», инженер', spouse_workplace: '', family_income: '350 000' },
    },
    {
      page: 'living-conditions',
      answers: { dwelling_type: 'house', dwelling_tenure: 'owned', dwelling_rooms: '4', dwelling_area: '96' },
    },
    {
      page: 'wishes',
      answers: { child_age_from: '0', child_age_to: '5', child_sex: 'any', children_count: '1' },
    },
  ],
};

export const SERVICES = Object.keys(ANSWERS);

/** A locator for an element by id; ids of group answers hold dots, which CSS would misread. */
export const byId = (page, id) => page.locator(`[id="${id}"]`);

/**
 * Gives one answer as a person would: checks the radio with that value, or types the text
 * and leaves the field with Tab (the draft is saved on `change`, not while typing).
 */
export async function answer(page, key, value) {
  const control = byId(page, key);
  await control.waitFor();
  const [tag, type] = await control.evaluate((el) => [el.tagName, el.getAttribute('type')]);
  if (tag === 'INPUT' && type === 'radio') {
    await page.locator(`input[type=radio][name="${key}"][value="${value}"]`).check();
    return;
  }
  if ((await control.inputValue()) === value) return;
  await control.fill(value);
  await control.press('Tab');
}

/** Adds items to the group `key` until it has `count` (one "add" press each). */
export async function ensureItems(page, key, count) {
  const items = page.locator(`section.group[aria-labelledby="${key}-title"] fieldset.group-item`);
  for (let n = await items.count(); n < count; n++) {
    await byId(page, key).click();
    await items.nth(n).waitFor();
  }
}

/** Fills one page's answers in the order given (see the file's head for the shape). */
export async function fillPage(page, answers) {
  for (const [key, value] of Object.entries(answers)) {
    if (Array.isArray(value)) {
      await byId(page, key).waitFor();
      await ensureItems(page, key, value.length);
      for (const [index, item] of value.entries()) {
        for (const [sub, text] of Object.entries(item)) await answer(page, `${key}.${index}.${sub}`, text);
      }
    } else {
      await answer(page, key, value);
    }
  }
}

/** Opens the service's page and presses Apply; resolves to the new draft's id. */
export async function startApplication(page, baseUrl, service, lang) {
  await page.goto(`${baseUrl}/services/${service}`);
  await page.locator('section.apply').getByRole('button', { name: UI[lang].apply }).click();
  await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
  return new URL(page.url()).pathname.split('/')[2];
}

/**
 * Fills each page of `pages` and presses Continue on it, waiting for each to open first.
 * `onPage(pageId)`, if given, runs on each page before it is filled.
 */
export async function fillPages(page, lang, pages, onPage) {
  for (const { page: id, answers } of pages) {
    await page.waitForURL((url) => url.pathname.endsWith(`/${id}`));
    await page.locator('form.form').waitFor();
    if (onPage) await onPage(id);
    await fillPage(page, answers);
    await page.locator('form.form').getByRole('button', { name: UI[lang].continue }).click();
  }
}

/**
 * From the form's first page (where Apply lands), fills every page of `set` (by default the
 * service's whole answer set), presses Continue on each and on the documents checklist, and
 * waits for check-your-answers.
 */
export async function completeForm(page, service, lang, { set = ANSWERS[service], onPage } = {}) {
  await fillPages(page, lang, set, onPage);
  await page.waitForURL((url) => url.pathname.endsWith('/documents'));
  await page.getByRole('heading', { level: 1, name: UI[lang].documents }).waitFor();
  await page.locator('form.form').getByRole('button', { name: UI[lang].continue }).click();
  await page.waitForURL((url) => url.pathname.endsWith('/check'));
  await page.getByRole('heading', { level: 1, name: UI[lang].check }).waitFor();
}

/** The answers as the adapter should store them: groups as their item count, items by key. */
export function flatten(set) {
  const flat = {};
  for (const { answers } of set) {
    for (const [key, value] of Object.entries(answers)) {
      if (Array.isArray(value)) {
        flat[key] = String(value.length);
        value.forEach((item, index) => {
          for (const [sub, text] of Object.entries(item)) if (text !== '') flat[`${key}.${index}.${sub}`] = text;
        });
      } else if (value !== '') {
        flat[key] = value;
      }
    }
  }
  return flat;
}
