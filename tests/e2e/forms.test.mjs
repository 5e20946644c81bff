// Request forms in a real browser: each service's form filled to check-your-answers in Kazakh
// and in Russian; changing an answer from there; a reload mid-form; keyboard only; questions
// that a yes/no switches on and off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, DEMO, VIEWPORTS } from './browser.mjs';
import {
  ANSWERS, SERVICES, UI, IINS, answer, byId, completeForm, fillPage, fillPages, flatten, startApplication,
} from './answers.mjs';

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName, id: el?.id, type: el?.getAttribute('type'), value: el?.value, text: (el?.innerText || '').trim() };
});

/** Tabs forward until `match(focused)` holds (at most 60 presses). */
async function tabUntil(page, match, what) {
  for (let i = 0; i < 60 && !match(await focused(page)); i++) await page.keyboard.press('Tab');
  assert.ok(match(await focused(page)), `focus reached ${what}`);
}
const tabToId = (page, id) => tabUntil(page, (f) => f.id === id, `#${id}`);

/** The adapter's copy of the draft, read with the page's session. */
async function serverDraft(page, url, id) {
  const response = await page.context().request.get(`${url}/api/applications/${id}`);
  assert.equal(response.status(), 200);
  return response.json();
}

/** Non-empty stored answers (a cleared answer is stored as ""). */
const stored = (draft) => Object.fromEntries(Object.entries(draft.answers).filter(([, v]) => v !== ''));

/**
 * Waits until the adapter holds exactly `expected` (sends run after `change` and on Continue,
 * asynchronously), then returns the draft.
 */
async function serverHas(page, url, id, expected) {
  let draft;
  for (let i = 0; i < 50; i++) {
    draft = await serverDraft(page, url, id);
    if (JSON.stringify(sortKeys(stored(draft))) === JSON.stringify(sortKeys(expected))) return draft;
    await page.waitForTimeout(100); // polling the adapter, not waiting on the page
  }
  assert.deepEqual(sortKeys(stored(draft)), sortKeys(expected), 'answers on the server');
  return draft;
}
const sortKeys = (o) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));

/** The form definition as the adapter serves it (the same one the app renders). */
async function definition(page, url, service) {
  const response = await page.context().request.get(`${url}/api/services/${service}/form`);
  assert.equal(response.status(), 200);
  return response.json();
}

const holds = (when, answers) => !when || answers[when.field] === when.equals;
const optionLabel = (field, value, lang) => field.options.find((o) => o.id === value)[lang];

/** In a group item, a question is followed by its answer after a space, a label after ": ". */
const joint = (label) => (label.endsWith('?') ? ' ' : ': ');

/**
 * The check page's rows as they should read: [page title, [[label, value], …]] for each
 * page, only the questions that apply under `flat`, each value in human form.
 */
function expectedCheck(def, flat, lang) {
  const words = UI[lang];
  const shown = (field, text, required) => {
    if (text === undefined || text === '') return required ? null : '—';
    switch (field.kind) {
      case 'choice': return optionLabel(field, text, lang);
      case 'yes_no': return text === 'yes' ? words.yes : words.no;
      case 'money': return `${text} ₸`;
      default: return text;
    }
  };
  return def.page.filter((p) => holds(p.when, flat)).map((p) => [
    p.title[lang],
    p.field.filter((f) => holds(f.when, flat)).map((f) => {
      if (f.kind !== 'group') return [f.label[lang], shown(f, flat[f.id], f.required)];
      const items = [];
      for (let i = 0; i < Number(flat[f.id] || 0); i++) {
        items.push(f.fields
          .filter((sub) => flat[`${f.id}.${i}.${sub.id}`])
          .map((sub) => `${sub.label[lang]}${joint(sub.label[lang])}${shown(sub, flat[`${f.id}.${i}.${sub.id}`], true)}`)
          .join('; '));
      }
      return [f.label[lang], items];
    }),
  ]);
}

/** The check page as shown: [h2, [[dt, dd or its list items], …]] per page. */
const shownCheck = (page) => page.evaluate(() => [...document.querySelectorAll('main h2')]
  .filter((h2) => h2.nextElementSibling?.matches('dl.summary--check:not(.summary--documents)'))
  .map((h2) => [h2.textContent.trim(), [...h2.nextElementSibling.querySelectorAll('.summary__row')].map((row) => {
    const value = row.querySelector('dt + dd');
    const items = value.querySelectorAll('ol.group-answers li');
    return [row.querySelector('dt').textContent.trim(),
      items.length ? [...items].map((li) => li.textContent.trim()) : value.textContent.trim()];
  })]));

const exactly = (text) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The check row of the question labelled `label`. */
const checkRow = (page, label) => page.locator('dl.summary--check .summary__row')
  .filter({ has: page.locator('dt', { hasText: exactly(label) }) });

test('request forms', async (t) => {
  const h = await harness(t);

  for (const service of SERVICES) {
    for (const lang of ['kk', 'ru']) {
      await t.test(`${service} (${lang}): every page with valid answers, to check-your-answers`, async () => {
        const page = await h.newPage({ lang });
        await h.signIn(page, DEMO.citizen);
        const def = await definition(page, h.url, service);
        const set = ANSWERS[service];
        const flat = flatten(set);
        const total = set.length + 3; // the form's pages, the documents, the check, signing

        const id = await startApplication(page, h.url, service, lang);
        await completeForm(page, service, lang, {
          onPage: async (pageId) => {
            const at = set.findIndex((p) => p.page === pageId);
            const title = def.page.find((p) => p.id === pageId).title[lang];
            await page.getByRole('heading', { level: 1, name: title }).waitFor();
            assert.equal(await page.locator('p.step-progress__text').innerText(), UI[lang].step(at + 1, total));
            assert.equal(await page.locator('a.back-link').innerText(), UI[lang].back);
            // Who applies comes from the persons database, on the first page only.
            const applicant = page.locator('section.applicant');
            if (at === 0) {
              await applicant.getByText('Серікбаев Айдар Нұрланұлы').waitFor();
              await applicant.getByText(DEMO.citizen).waitFor();
            } else {
              assert.equal(await applicant.count(), 0);
            }
          },
        });

        assert.equal(await page.locator('h1').innerText(), UI[lang].check);
        assert.equal(await page.locator('p.step-progress__text').innerText(), UI[lang].step(total - 1, total));
        await page.locator('p.notice--done').waitFor();
        assert.deepEqual(await shownCheck(page), expectedCheck(def, flat, lang));

        // Spot checks in plain words, independent of the definition the app renders from.
        const yes = UI[lang].yes;
        assert.equal(await checkRow(page, def.page[0].field[0].label[lang]).locator('dt + dd').innerText(), '+7 701 234 56 78');
        assert.equal(await checkRow(page, def.page[1].field[0].label[lang]).locator('dt + dd').innerText(), yes);
        const spot = {
          'housing-assistance': { kk: ['III тоқсан (шілде – қыркүйек)', '85 000 ₸', 'Жұбайы (зайыбы)', '120 000,50 ₸'], ru: ['III квартал (июль – сентябрь)', '85 000 ₸', 'Супруг (супруга)', '120 000,50 ₸'] },
          'housing-waiting-list': { kk: ['Көп балалы отбасылар', '2 400 000 ₸', 'Туған күні: 05.03.2015'], ru: ['Многодетные семьи', '2 400 000 ₸', 'Дата рождения: 05.03.2015'] },
          'foster-care': { kk: ['Некеде тұрмын', 'Әкесі немесе анасы', 'Атырау облыстық балалар үйі'], ru: ['Состою в браке', 'Отец или мать', 'Атырау облыстық балалар үйі'] },
          'adoption-registration': { kk: ['Жеке тұрғын үй', 'Маңызды емес', '350 000 ₸'], ru: ['Индивидуальный жилой дом', 'Не имеет значения', '350 000 ₸'] },
        }[service][lang];
        const text = await page.locator('main').innerText();
        for (const words of spot) assert.ok(text.includes(words), `the check page shows «${words}»`);
        const groups = Object.values(Object.assign({}, ...set.map((p) => p.answers))).filter(Array.isArray);
        for (const items of groups) assert.ok(items.length > 0);
        assert.equal(await page.locator('ol.group-answers > li').count(), groups.reduce((n, g) => n + g.length, 0), 'each group item listed');
        // Every answer is given: every link says "change", none "answer" (documents apart).
        const links = await page.locator('dl.summary--check:not(.summary--documents) dd.summary__action a').allInnerTexts();
        assert.ok(links.length > 0 && links.every((l) => l.startsWith(UI[lang].change)), links.join(' | '));

        const draft = await serverHas(page, h.url, id, flat);
        assert.equal(draft.answers.contact_phone, '+7 701 234 56 78', 'the phone as typed');
        assert.equal(draft.progress.done, draft.progress.total);
        assert.equal(draft.progress.total, set.length);
        assert.deepEqual(page.jsErrors, []);
      });
    }
  }

  await t.test('change an answer from check-your-answers (ru): back to the check with the new value', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await startApplication(page, h.url, 'housing-assistance', 'ru');
    await completeForm(page, 'housing-assistance', 'ru');

    // The phone: a text answer on the first page.
    const phone = checkRow(page, 'Контактный телефон').locator('dd.summary__action a');
    assert.equal((await phone.innerText()).replace(/\s+/g, ' '), 'Изменить Контактный телефон');
    await phone.click();
    await page.waitForURL((url) => url.pathname.endsWith('/applicant') && url.searchParams.get('return') === 'check');
    await page.getByRole('heading', { level: 1, name: 'Контактные данные' }).waitFor();
    assert.equal(await byId(page, 'contact_phone').inputValue(), '+7 701 234 56 78', 'the old value is there to edit');
    await answer(page, 'contact_phone', '+7 777 000 11 22');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/check'));
    await page.getByRole('heading', { level: 1, name: 'Проверьте ответы' }).waitFor();
    await checkRow(page, 'Контактный телефон').locator('dt + dd', { hasText: '+7 777 000 11 22' }).waitFor();

    // A choice on a later page: the tenure, whose change also drops the rent question.
    await checkRow(page, 'На каком основании вы пользуетесь жилищем?').locator('dd.summary__action a').click();
    await page.waitForURL((url) => url.pathname.endsWith('/dwelling') && url.searchParams.get('return') === 'check');
    await answer(page, 'dwelling_tenure', 'owner');
    assert.equal(await byId(page, 'rent_amount').count(), 0, 'the rent question no longer applies');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/check'));
    await checkRow(page, 'На каком основании вы пользуетесь жилищем?')
      .locator('dt + dd', { hasText: 'Жилище в собственности моей или члена моей семьи' }).waitFor();
    assert.equal(await checkRow(page, 'Размер арендной платы в месяц').count(), 0);
    await page.locator('p.notice--done').waitFor();

    const draft = await serverHas(page, h.url, id, {
      ...flatten(ANSWERS['housing-assistance']), contact_phone: '+7 777 000 11 22', dwelling_tenure: 'owner',
    });
    assert.equal(draft.progress.done, draft.progress.total);
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('a reload mid-form keeps what was typed (kk), and the form goes on to the end', async () => {
    const page = await h.newPage({ lang: 'kk' });
    await h.signIn(page, DEMO.citizen);
    const id = await startApplication(page, h.url, 'adoption-registration', 'kk');
    const set = ANSWERS['adoption-registration'];
    await fillPages(page, 'kk', set.slice(0, 2));

    // Half of the family page: a choice, then a name typed and left with Tab.
    await page.waitForURL((url) => url.pathname.endsWith('/family'));
    await answer(page, 'marital_status', 'married');
    await byId(page, 'spouse_name').fill('Серікбаева Гүлнар Маратқызы');
    await byId(page, 'spouse_name').press('Tab');
    await serverHas(page, h.url, id, { ...flatten(set.slice(0, 2)), marital_status: 'married', spouse_name: 'Серікбаева Гүлнар Маратқызы' });
    await page.locator('p.save-state', { hasText: UI.kk.saved }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Отбасы' }).waitFor({ timeout: 10_000 });
    assert.equal(await byId(page, 'spouse_name').inputValue(), 'Серікбаева Гүлнар Маратқызы');
    assert.equal(await page.locator('input[name=marital_status][value=married]').isChecked(), true);
    assert.equal(await byId(page, 'spouse_iin').inputValue(), '', 'what was not typed is still empty');
    assert.equal(await page.locator('p.step-progress__text').innerText(), UI.kk.step(3, set.length + 3));

    await completeForm(page, 'adoption-registration', 'kk', { set: set.slice(2) });
    await page.locator('p.notice--done').waitFor();
    await checkRow(page, 'Жұбайыңыздың (зайыбыңыздың) тегі, аты, әкесінің аты (бар болғанда)')
      .locator('dt + dd', { hasText: 'Серікбаева Гүлнар Маратқызы' }).waitFor();
    const draft = await serverHas(page, h.url, id, flatten(set));
    assert.equal(draft.progress.done, draft.progress.total);
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('a reload right after typing, before leaving the field, loses nothing (ru)', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await startApplication(page, h.url, 'foster-care', 'ru');
    // Typed only (an input event, no change): kept on the device, not sent yet.
    await byId(page, 'contact_phone').fill('+7 701 234 56 78');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Контактные данные' }).waitFor({ timeout: 10_000 });
    assert.equal(await byId(page, 'contact_phone').inputValue(), '+7 701 234 56 78');
    // Kept on the device is not enough: it reaches the adapter after the reload.
    await serverHas(page, h.url, id, { contact_phone: '+7 701 234 56 78' });
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('keyboard only (foster-care, ru, phone): Apply to check-your-answers; the error summary leads to each field', async () => {
    const page = await h.newPage({ lang: 'ru', viewport: VIEWPORTS.phone });
    await h.signIn(page, DEMO.citizen);
    await page.goto(h.url + '/services/foster-care');
    await page.locator('section.apply button.button').waitFor();
    await tabUntil(page, (f) => f.tag === 'BUTTON' && f.text === 'Подать заявление', 'Apply');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
    const id = new URL(page.url()).pathname.split('/')[2];
    await page.getByRole('heading', { level: 1, name: 'Контактные данные' }).waitFor();

    const kb = page.keyboard;
    const submit = async () => {
      await tabUntil(page, (f) => f.tag === 'BUTTON' && f.text === 'Продолжить', 'Continue');
      await kb.press('Enter');
    };
    /** Tabs into the radio group `key` and picks `value` with the arrow keys (no mouse). */
    const choose = async (key, value) => {
      await tabUntil(page, (f) => f.type === 'radio' && (f.id === key || f.id.startsWith(`${key}-`)), `radios ${key}`);
      if ((await focused(page)).value !== value) {
        const values = await page.locator(`input[type=radio][name="${key}"]`).evaluateAll((els) => els.map((e) => e.value));
        const checked = await page.locator(`input[type=radio][name="${key}"]:checked`).count();
        if (!checked) await kb.press('Space'); // nothing chosen yet: Space chooses the first
        for (let i = 0; i < values.length && (await focused(page)).value !== value; i++) await kb.press('ArrowDown');
      } else {
        await kb.press('Space');
      }
      assert.equal(await page.locator(`input[type=radio][name="${key}"][value="${value}"]`).isChecked(), true, `${key} = ${value}`);
    };
    const type = async (key, text) => {
      await tabToId(page, key);
      await kb.type(text);
    };

    // Continue on the empty page: the summary takes focus and links to both questions.
    await submit();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
    const hrefs = await summary.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, ['#contact_phone', '#lives_at_registered_address']);
    const hrefsText = await summary.locator('a').allInnerTexts();
    assert.deepEqual(hrefsText, ['Введите номер телефона', 'Выберите один из вариантов']);
    await page.locator('#contact_phone-error').waitFor();
    // The second link (the radios) by Enter: the first radio takes focus.
    await kb.press('Tab');
    await kb.press('Tab');
    await kb.press('Enter');
    assert.equal((await focused(page)).id, 'lives_at_registered_address');
    // Back up to the summary's first link: the phone field takes focus.
    const phoneLink = (f) => f.tag === 'A' && f.text === (hrefsText[0]);
    for (let i = 0; i < 10 && !phoneLink(await focused(page)); i++) await kb.press('Shift+Tab');
    assert.ok(phoneLink(await focused(page)), 'focus back on the first link');
    await kb.press('Enter');
    assert.equal((await focused(page)).id, 'contact_phone');

    await kb.type('+7 701 234 56 78');
    await choose('lives_at_registered_address', 'yes');
    assert.equal(await byId(page, 'actual_address').count(), 0, 'no address asked when living at the registered one');
    await submit();

    await page.waitForURL((url) => url.pathname.endsWith('/representative'));
    await page.getByRole('heading', { level: 1, name: 'Представитель по доверенности' }).waitFor();
    await choose('has_representative', 'yes');
    await type('representative_name', 'Ибраева Динара Асқарқызы');
    await type('representative_iin', IINS.dinara);
    await type('representative_phone', '+7 702 555 12 34');
    await choose('poa_notarised', 'no');
    await type('poa_date', '05.03.2025');
    await submit();

    // Family: a group item added with the keyboard; "add" moves focus into the new item.
    await page.waitForURL((url) => url.pathname.endsWith('/family'));
    await choose('marital_status', 'never_married');
    await choose('lives_with_others', 'yes');
    await tabToId(page, 'household_members');
    await kb.press('Enter');
    await byId(page, 'household_members.0.member_name').waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'household_members.0.member_name');
    await kb.type('Серікбаева Раушан Тоқтарқызы');
    await choose('household_members.0.member_relation', 'parent');
    await type('household_members.0.member_birth_date', '02.11.1958');
    await submit();

    await page.waitForURL((url) => url.pathname.endsWith('/living-conditions'));
    await choose('dwelling_type', 'house');
    await choose('dwelling_tenure', 'relatives');
    await type('dwelling_rooms', '2');
    await type('dwelling_area', '48,5');
    await kb.press('Enter'); // Enter in a text field sends the form

    await page.waitForURL((url) => url.pathname.endsWith('/child'));
    await type('children_count', '2');
    await choose('child_known', 'no');
    assert.equal(await byId(page, 'known_children').count(), 0);
    await submit();

    await page.waitForURL((url) => url.pathname.endsWith('/documents'));
    await page.getByRole('heading', { level: 1, name: 'Документы' }).waitFor();
    await submit();
    await page.waitForURL((url) => url.pathname.endsWith('/check'));
    await page.getByRole('heading', { level: 1, name: 'Проверьте ответы' }).waitFor();
    await page.locator('p.notice--done').waitFor();
    assert.match(await checkRow(page, 'Люди, которые живут вместе с вами').locator('li').innerText(),
      /^Фамилия, имя, отчество \(при его наличии\): Серікбаева Раушан Тоқтарқызы; Кем вам приходится\? Отец или мать; Дата рождения: 02\.11\.1958$/);

    const draft = await serverHas(page, h.url, id, {
      contact_phone: '+7 701 234 56 78', lives_at_registered_address: 'yes',
      has_representative: 'yes', representative_name: 'Ибраева Динара Асқарқызы', representative_iin: IINS.dinara,
      representative_phone: '+7 702 555 12 34', poa_notarised: 'no', poa_date: '05.03.2025',
      marital_status: 'never_married', lives_with_others: 'yes', household_members: '1',
      'household_members.0.member_name': 'Серікбаева Раушан Тоқтарқызы',
      'household_members.0.member_relation': 'parent', 'household_members.0.member_birth_date': '02.11.1958',
      dwelling_type: 'house', dwelling_tenure: 'relatives', dwelling_rooms: '2', dwelling_area: '48,5',
      children_count: '2', child_known: 'no',
    });
    assert.equal(draft.progress.done, draft.progress.total);
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('the error summary names each problem of a page in words (ru), and links to it', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    await startApplication(page, h.url, 'housing-assistance', 'ru');
    const set = ANSWERS['housing-assistance'];
    await fillPages(page, 'ru', set.slice(0, 1));
    const summary = page.locator('.error-summary');
    const summaryItems = () => summary.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.textContent.trim()]));

    // Dates: one that does not exist is named when the field is left, a future one too.
    await page.waitForURL((url) => url.pathname.endsWith('/representative'));
    await answer(page, 'has_representative', 'yes');
    await answer(page, 'poa_date', '31.02.2025'); // no such day
    await byId(page, 'poa_date-error').getByText('Введите дату в виде дд.мм.гггг, например 14.07.2024').waitFor();
    assert.equal(await byId(page, 'poa_date').getAttribute('aria-invalid'), 'true');
    await answer(page, 'poa_date', '01.01.2027');
    await byId(page, 'poa_date-error').getByText('Дата не может быть в будущем').waitFor();
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await summary.waitFor();
    assert.deepEqual(await summaryItems(), [
      ['#representative_name', 'Ответьте на этот вопрос'],
      ['#representative_iin', 'Введите ИИН'],
      ['#representative_phone', 'Введите номер телефона'],
      ['#poa_notarised', 'Выберите один из вариантов'],
      ['#poa_date', 'Дата не может быть в будущем'],
    ]);
    await fillPage(page, set[1].answers);
    await page.getByRole('button', { name: 'Продолжить' }).click();

    await page.waitForURL((url) => url.pathname.endsWith('/family-income'));
    await answer(page, 'lives_with_family', 'yes');
    await answer(page, 'applicant_income', '12,505');
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await summary.waitFor();
    assert.deepEqual(await summaryItems(), [
      ['#income_quarter', 'Выберите один из вариантов'],
      ['#applicant_income', 'В сумме не больше двух цифр после запятой (тиыны)'],
      ['#family_members', 'Добавьте хотя бы одну запись'],
    ]);
    await summary.locator('a[href="#family_members"]').click();
    assert.equal((await focused(page)).id, 'family_members', 'the "add" button of the group');
    // An item with a number that is not one: the item's questions join the summary.
    await page.keyboard.press('Enter');
    await answer(page, 'family_members.0.member_income', 'много');
    await byId(page, 'family_members.0.member_income-error').getByText('Введите число, например 12 500,50').waitFor();
    await page.getByRole('button', { name: 'Продолжить' }).click();
    await summary.locator('a[href="#family_members.0.member_name"]', { hasText: 'Ответьте на этот вопрос' }).waitFor();
    await summary.locator('a[href="#family_members.0.member_relation"]', { hasText: 'Выберите один из вариантов' }).waitFor();
    await summary.locator('a[href="#family_members.0.member_income"]', { hasText: 'Введите число, например 12 500,50' }).waitFor();
    assert.equal(new URL(page.url()).pathname.endsWith('/family-income'), true, 'stays on the page');
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('representative (kk): "no" hides the representative\'s questions, "yes" shows them; the check lists only what applies', async () => {
    const page = await h.newPage({ lang: 'kk' });
    await h.signIn(page, DEMO.citizen);
    const id = await startApplication(page, h.url, 'housing-waiting-list', 'kk');
    const set = ANSWERS['housing-waiting-list'];
    await fillPage(page, set[0].answers);
    await page.getByRole('button', { name: 'Жалғастыру' }).click();
    await page.waitForURL((url) => url.pathname.endsWith('/representative'));
    await page.getByRole('heading', { level: 1, name: 'Сенімхат бойынша өкіл' }).waitFor();

    const dependent = ['representative_name', 'representative_iin', 'representative_phone', 'poa_notarised', 'poa_number', 'poa_date', 'poa_notary'];
    const visible = async () => {
      const shown = [];
      for (const key of dependent) if (await byId(page, key).count()) shown.push(key);
      return shown;
    };
    assert.deepEqual(await visible(), [], 'nothing before the question is answered');
    await answer(page, 'has_representative', 'yes');
    await byId(page, 'representative_name').waitFor();
    assert.deepEqual(await visible(), dependent);
    await page.getByText('Өкілдің ЖСН-і', { exact: true }).waitFor();
    await fillPage(page, set[1].answers);
    await answer(page, 'has_representative', 'no');
    await byId(page, 'representative_name').waitFor({ state: 'detached' });
    assert.deepEqual(await visible(), []);
    // Back to yes: what was typed is still there (kept, only not in force while hidden).
    await answer(page, 'has_representative', 'yes');
    assert.equal(await byId(page, 'representative_iin').inputValue(), IINS.dinara);
    await answer(page, 'has_representative', 'no');
    await page.getByRole('button', { name: 'Жалғастыру' }).click();

    const rest = set.slice(2);
    await completeForm(page, 'housing-waiting-list', 'kk', { set: rest });
    await page.locator('p.notice--done').waitFor();
    const labels = await page.locator('dl.summary--check dt').allInnerTexts();
    assert.ok(labels.includes('Өтінішті сіздің атыңыздан сенімхат бойынша өкіл бере ме?'));
    for (const label of ['Өкілдің тегі, аты, әкесінің аты (бар болғанда)', 'Өкілдің ЖСН-і', 'Өкілдің байланыс телефоны',
      'Сенімхатты нотариус куәландырды ма?', 'Сенімхаттың нөмірі', 'Сенімхат берілген күн']) {
      assert.ok(!labels.includes(label), `«${label}» is not listed`);
    }
    assert.equal(await checkRow(page, 'Өтінішті сіздің атыңыздан сенімхат бойынша өкіл бере ме?').locator('dt + dd').innerText(), 'Жоқ');
    // Conditional questions switched on stay listed (this set does not live at the registered address).
    await checkRow(page, 'Нақты тұратын мекенжайыңыз').waitFor();
    const text = await page.locator('main').innerText();
    assert.ok(!text.includes(IINS.dinara), 'the hidden IIN is not shown');

    const draft = await serverDraft(page, h.url, id);
    assert.equal(draft.answers.has_representative, 'no');
    assert.equal(draft.progress.done, draft.progress.total, 'the hidden questions are not required');
    assert.deepEqual(page.jsErrors, []);
  });
});
