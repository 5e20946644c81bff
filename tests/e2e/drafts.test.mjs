// Drafts of requests in a real browser: each answer saved as it is given, kept on the device
// when it cannot be sent (offline, a rule broken, the session over) and sent when it can;
// continued on another device from "my applications"; deleted; only the applicant's own.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, DEMO, DEMO_PASSWORD, VIEWPORTS, NAMES } from './browser.mjs';

const HOUSING = 'housing-assistance';

const SAVED = { ru: 'Все ответы сохранены.', kk: 'Барлық жауаптар сақталды.' };
const OFFLINE = {
  ru: 'Нет связи. Ответы сохранены на этом устройстве и будут отправлены, когда связь восстановится.',
  kk: 'Байланыс жоқ. Жауаптарыңыз осы құрылғыда сақталды және байланыс қалпына келгенде жіберіледі.',
};
const HELD = 'Ответы с ошибками сохранены на этом устройстве и будут отправлены, когда вы их исправите.';

/** The sync retries every 10 s (and on `online`): waits for it allow a couple of rounds. */
const SYNC = { timeout: 25_000 };

/** The save status line, with this exact text. */
const status = (page, text) => page.locator('p.save-state').getByText(text, { exact: true });

/** Starts a request from the service page's Apply button; resolves to the draft's id. */
async function apply(h, page, service = HOUSING, button = 'Подать заявление') {
  await page.goto(`${h.url}/services/${service}`);
  await page.locator('section.apply').getByRole('button', { name: button }).click();
  await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
  await page.locator('#contact_phone').waitFor();
  return new URL(page.url()).pathname.split('/')[2];
}

/** Starts a draft through the API (the page's context must be signed in); resolves to its id. */
async function startByApi(h, page, service = HOUSING) {
  const created = await page.context().request.post(`${h.url}/api/applications`, { data: { service } });
  assert.equal(created.status(), 201, 'POST /api/applications');
  return (await created.json()).id;
}

/** The draft as the adapter has it, through the cookie of `page` (or of a browser context). */
async function onServer(h, page, id) {
  const response = await page.request.get(`${h.url}/api/applications/${id}`);
  assert.equal(response.status(), 200, `GET /api/applications/${id}`);
  return response.json();
}

/** Polls the adapter until the draft's answer under `key` is `value` (sync is retry-based). */
async function untilServerHas(h, page, id, key, value, timeout = SYNC.timeout) {
  const end = Date.now() + timeout;
  let answers;
  while (Date.now() < end) {
    ({ answers } = await onServer(h, page, id));
    if (answers[key] === value) return answers;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.fail(`the adapter's ${key} is ${JSON.stringify(answers?.[key])}, expected ${JSON.stringify(value)}`);
}

/** Picks a radio by its label (the inputs are styled; the label is what a person presses). */
const choose = (page, id) => page.locator(`label[for="${id}"]`).click();

/** Script errors, not the browser's notes on failed requests (offline, 401, 403, 404 here). */
const scriptErrors = (page) => page.jsErrors.filter((e) => !/Failed to load resource/.test(e));

async function signInByForm(page, signInButton = 'Войти') {
  await page.locator('#iin').fill(DEMO.citizen);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: signInButton }).click();
}

test('drafts', async (t) => {
  const h = await harness(t);

  await t.test('offline (kk, phone): answers are kept on the device, then sent when the connection is back', async () => {
    const page = await h.newPage({ viewport: VIEWPORTS.phone, lang: 'kk' });
    await h.signIn(page, DEMO.citizen);
    const id = await apply(h, page, HOUSING, 'Өтініш беру');

    await page.context().setOffline(true);
    await page.locator('#contact_phone').fill('+7 701 555 12 34');
    await page.locator('#contact_phone').press('Tab'); // leaving the field saves it
    await status(page, OFFLINE.kk).waitFor();
    await choose(page, 'lives_at_registered_address'); // "yes": a radio saves when checked
    await status(page, OFFLINE.kk).waitFor();
    assert.equal(await page.locator('#lives_at_registered_address').isChecked(), true);
    // Nothing reached the adapter meanwhile.
    const before = await onServer(h, page, id);
    assert.deepEqual(before.answers, {});

    await page.context().setOffline(false);
    await status(page, SAVED.kk).waitFor(SYNC);
    const after = await onServer(h, page, id);
    assert.equal(after.answers.contact_phone, '+7 701 555 12 34', 'as typed');
    assert.equal(after.answers.lives_at_registered_address, 'yes');
    assert.equal(await page.locator('#contact_phone').inputValue(), '+7 701 555 12 34');
    assert.deepEqual(scriptErrors(page), []);
  });

  await t.test('offline, the page closed: a new page sends what was typed, and shows it', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await apply(h, page);
    const context = page.context();

    await context.setOffline(true);
    await page.locator('#contact_phone').fill('8 702 111 22 33');
    await page.locator('#contact_phone').press('Tab');
    await status(page, OFFLINE.ru).waitFor();
    await page.close();
    assert.deepEqual((await onServer(h, context, id)).answers, {});

    // Back online, the person opens the draft again (same browser): the applicant page is still
    // the first unanswered one, shows the phone, and the phone reaches the adapter.
    await context.setOffline(false);
    const again = await context.newPage();
    await again.goto(`${h.url}/applications/${id}`);
    await again.waitForURL(`${h.url}/applications/${id}/applicant`);
    await again.locator('#contact_phone').waitFor();
    assert.equal(await again.locator('#contact_phone').inputValue(), '8 702 111 22 33');
    await untilServerHas(h, again, id, 'contact_phone', '8 702 111 22 33');
    await status(again, SAVED.ru).waitFor(SYNC);
  });

  await t.test('a reload keeps what is being typed (before leaving the field), and sends it', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await apply(h, page);
    await page.locator('#contact_phone').click();
    await page.keyboard.type('+7 705 000 00 01'); // no Tab: no change event, no save yet
    await page.reload();
    await page.locator('#contact_phone').waitFor();
    assert.equal(await page.locator('#contact_phone').inputValue(), '+7 705 000 00 01');
    // The reopened draft sends what the device held.
    await untilServerHas(h, page, id, 'contact_phone', '+7 705 000 00 01');
    assert.deepEqual(scriptErrors(page), []);
  });

  await t.test('another device: the draft in "my applications" with service, last change and progress; continue where left off', async () => {
    const first = await h.newPage({ lang: 'ru' });
    await h.signIn(first, DEMO.citizen);
    const id = await apply(h, first);
    await first.locator('#contact_phone').fill('+7 701 234 56 78');
    await first.locator('#contact_phone').press('Tab');
    await choose(first, 'lives_at_registered_address');
    await first.locator('form.form button[type=submit]').click();
    await first.waitForURL(`${h.url}/applications/${id}/representative`);
    await choose(first, 'has_representative-no');
    await first.locator('form.form button[type=submit]').click();
    await first.waitForURL(`${h.url}/applications/${id}/family-income`);
    await choose(first, 'income_quarter'); // the first option, q1
    await untilServerHas(h, first, id, 'income_quarter', 'q1');
    const { progress } = await onServer(h, first, id);
    assert.deepEqual(progress, { done: 2, total: 5 }, 'applicant and representative pages done');
    // The person closes the tab.
    await first.close();

    // Another device: the person opens the cabinet, signs in there, and is taken to it.
    const other = await h.newPage({ lang: 'ru' });
    await other.goto(h.url + '/cabinet');
    await other.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor();
    await signInByForm(other);
    await other.waitForURL(`${h.url}/cabinet`);
    await other.getByRole('heading', { level: 1, name: 'Личный кабинет' }).waitFor();
    const row = other.locator('ul.applications > li.application')
      .filter({ has: other.locator(`h3 a[href="/applications/${id}"]`) });
    await row.waitFor();
    assert.equal((await row.locator('h3').innerText()).trim(), NAMES.ru[0]);
    await row.locator('.tag').getByText('Черновик', { exact: true }).waitFor();
    assert.match(await row.locator('.application__meta').innerText(), /Последнее изменение: \S.*\d/);
    assert.equal((await row.locator('.application__progress').innerText()).trim(), 'Заполнено разделов: 2 из 5');

    await row.getByRole('link', { name: 'Продолжить', exact: true }).click();
    // The first page with something left to answer, with what was chosen there already.
    await other.waitForURL(`${h.url}/applications/${id}/family-income`);
    await other.locator('#income_quarter').waitFor();
    assert.equal(await other.locator('#income_quarter').isChecked(), true);
    // Earlier pages show their answers.
    await other.goto(`${h.url}/applications/${id}/applicant`);
    await other.locator('#contact_phone').waitFor();
    assert.equal(await other.locator('#contact_phone').inputValue(), '+7 701 234 56 78');
    assert.equal(await other.locator('#lives_at_registered_address').isChecked(), true);
    assert.deepEqual(scriptErrors(other), []);
  });

  await t.test('an answer that breaks a rule is kept as typed and marked, not sent until fixed', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await apply(h, page);
    await page.goto(`${h.url}/applications/${id}/family-income`);
    const income = page.locator('#applicant_income');
    await income.waitFor();
    await income.fill('12,345'); // three digits after the comma in a sum
    await income.press('Tab');
    await page.locator('#applicant_income-error')
      .getByText('В сумме не больше двух цифр после запятой (тиыны)').waitFor();
    assert.equal(await income.getAttribute('aria-invalid'), 'true');
    await status(page, HELD).waitFor();
    assert.equal((await onServer(h, page, id)).answers.applicant_income, undefined, 'not sent');

    // A reload keeps it as typed (and still held back).
    await page.reload();
    await income.waitFor();
    assert.equal(await income.inputValue(), '12,345');
    await status(page, HELD).waitFor();
    assert.equal((await onServer(h, page, id)).answers.applicant_income, undefined, 'still not sent');

    // Fixed: the mark goes, and the adapter gets the answer as typed.
    await income.fill('12 345,50');
    await income.press('Tab');
    await status(page, SAVED.ru).waitFor(SYNC);
    await untilServerHas(h, page, id, 'applicant_income', '12 345,50');
    assert.equal(await page.locator('#applicant_income-error').count(), 0);
    assert.equal(await income.getAttribute('aria-invalid'), null);

    // A date that does not exist, on the representative page, behaves the same.
    await page.goto(`${h.url}/applications/${id}/representative`);
    await choose(page, 'has_representative');
    await choose(page, 'poa_notarised');
    const poaDate = page.locator('#poa_date');
    await poaDate.fill('31.02.2024');
    await poaDate.press('Tab');
    await page.locator('#poa_date-error')
      .getByText('Введите дату в виде дд.мм.гггг, например 14.07.2024').waitFor();
    assert.equal(await poaDate.getAttribute('aria-invalid'), 'true');
    await status(page, HELD).waitFor();
    const held = await untilServerHas(h, page, id, 'poa_notarised', 'yes');
    assert.equal(held.poa_date, undefined, 'the impossible date is not sent');
    await page.reload();
    await poaDate.waitFor();
    assert.equal(await poaDate.inputValue(), '31.02.2024');
    await poaDate.fill('28.02.2024');
    await poaDate.press('Tab');
    await untilServerHas(h, page, id, 'poa_date', '28.02.2024');
    await status(page, SAVED.ru).waitFor(SYNC);
    assert.deepEqual(scriptErrors(page), []);
  });

  await t.test('a draft is deleted from "my applications" after a confirmation', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await apply(h, page);
    await page.locator('#contact_phone').fill('+7 701 999 88 77');
    await page.locator('#contact_phone').press('Tab');
    await untilServerHas(h, page, id, 'contact_phone', '+7 701 999 88 77');

    await page.close();

    // A later visit: the cabinet asks to sign in, then lists the draft.
    const later = await h.newPage({ lang: 'ru' });
    await later.goto(h.url + '/cabinet');
    await later.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor();
    await signInByForm(later);
    await later.waitForURL(`${h.url}/cabinet`);
    const row = later.locator('ul.applications > li.application')
      .filter({ has: later.locator(`h3 a[href="/applications/${id}"]`) });
    await row.waitFor();
    const remove = row.getByRole('button', { name: `Удалить ${NAMES.ru[0]}` });
    // Cancel keeps it.
    await remove.click();
    await row.getByRole('group', { name: /^Удалить этот черновик заявления\?/ }).waitFor();
    await row.getByRole('button', { name: 'Отмена' }).click();
    await remove.waitFor();
    assert.equal((await onServer(h, later, id)).id, id, 'still there');
    // Confirmed: gone from the list and from the adapter.
    await remove.click();
    await row.getByRole('button', { name: 'Да, удалить' }).click();
    await later.getByText('Черновик заявления удалён.', { exact: true }).waitFor();
    await row.waitFor({ state: 'detached' });
    const response = await later.context().request.get(`${h.url}/api/applications/${id}`);
    assert.equal(response.status(), 404);
    assert.deepEqual(scriptErrors(later), []);
  });

  await t.test('the form is left by its own links: back to the service, the cabinet in the header', async () => {
    // Entered as a person enters it: Apply (/applications/{id}, which then shows the first page).
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    const id = await apply(h, page);
    await page.locator('a.back-link', { hasText: 'Назад' }).click();
    await page.waitForURL(`${h.url}/services/${HOUSING}`);
    await page.getByRole('heading', { level: 1, name: NAMES.ru[0] }).waitFor();
    // Continuing the draft from the service page, then leaving for the cabinet.
    await page.locator(`section.apply a[href="/applications/${id}"]`).click();
    await page.waitForURL(`${h.url}/applications/${id}/applicant`);
    await page.locator('#contact_phone').waitFor();
    await page.locator('header a[href="/cabinet"]').click();
    await page.waitForURL(`${h.url}/cabinet`);
    await page.getByRole('heading', { level: 1, name: 'Личный кабинет' }).waitFor();
    assert.deepEqual(scriptErrors(page), []);
  });

  await t.test('Apply: signed out it leads to sign-in and back; staff have no Apply; a started draft is listed to continue', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await page.goto(h.url + '/services/foster-care');
    const link = page.locator('section.apply').getByRole('link', { name: 'Войти и подать заявление' });
    await link.waitFor();
    assert.equal(await link.getAttribute('href'), '/sign-in?return=%2Fservices%2Ffoster-care');
    await link.click();
    await page.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor();
    await signInByForm(page);
    await page.waitForURL(`${h.url}/services/foster-care`);
    const button = page.locator('section.apply').getByRole('button', { name: 'Подать заявление' });
    await button.waitFor();
    await button.click();
    await page.waitForURL(/\/applications\/[0-9a-f]+\/applicant$/);
    const id = new URL(page.url()).pathname.split('/')[2];
    await page.locator('#contact_phone').waitFor();

    await page.goto(h.url + '/services/foster-care');
    const draft = page.locator('section.apply').locator(`a[href="/applications/${id}"]`);
    await draft.waitFor();
    assert.match(await draft.innerText(), /^Продолжить черновик \(последнее изменение: .*\d.*\)$/);
    await page.locator('section.apply').getByRole('button', { name: 'Подать заявление' }).waitFor();

    // In Kazakh too, signed out.
    const kk = await h.newPage({ lang: 'kk' });
    await kk.goto(h.url + '/services/foster-care');
    await kk.locator('section.apply').getByRole('link', { name: 'Кіру және өтініш беру' }).waitFor();

    // Staff apply elsewhere: no Apply button here.
    const staff = await h.newPage({ lang: 'ru' });
    await h.signIn(staff, DEMO.operator);
    await staff.goto(h.url + '/services/foster-care');
    await staff.locator('section.apply').getByText('На портале заявление подаёт гражданин от своего имени.', { exact: false }).waitFor();
    assert.equal(await staff.locator('section.apply button').count(), 0);
    assert.equal(await staff.locator('section.apply a').count(), 0);
    assert.deepEqual(scriptErrors(page), []);
  });

  await t.test("someone else's draft: not allowed, in the page and in the API", async () => {
    const owner = await h.newPage({ lang: 'ru' });
    await h.signIn(owner, DEMO.citizen);
    const id = await apply(h, owner);

    const staff = await h.newPage({ lang: 'ru' });
    await h.signIn(staff, DEMO.operator);
    await staff.goto(`${h.url}/applications/${id}`);
    await staff.getByRole('heading', { level: 1, name: 'Доступ запрещён' }).waitFor();
    assert.equal(await staff.locator('#contact_phone').count(), 0);
    const api = await staff.context().request.get(`${h.url}/api/applications/${id}`);
    assert.equal(api.status(), 403);
    const patch = await staff.context().request.patch(`${h.url}/api/applications/${id}`,
      { data: { answers: { contact_phone: '+7 701 000 00 00' }, seq: Date.now() } });
    assert.equal(patch.status(), 403);
    assert.deepEqual((await onServer(h, owner, id)).answers, {});
  });

  await t.test('the session ended on the server mid-form: sign in again, back to the page, the answer saved', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    // Opened at its page (not through Apply: leaving a form entered that way is its own test).
    const id = await startByApi(h, page);
    await page.goto(`${h.url}/applications/${id}/applicant`);
    await page.locator('#contact_phone').waitFor();
    // The session ends where the page cannot see it coming (signed out elsewhere, or ended by
    // the server): the page learns it from the save.
    const out = await page.context().request.delete(`${h.url}/api/session`);
    assert.ok(out.ok(), 'signed out through the API');
    await page.locator('#contact_phone').fill('+7 707 123 45 67');
    await page.locator('#contact_phone').press('Tab');
    await page.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.pathname, '/sign-in');
    assert.equal(url.searchParams.get('return'), `/applications/${id}/applicant`);
    assert.equal(url.searchParams.get('why'), 'expired');
    await page.getByText('Сеанс завершён. Войдите снова, чтобы продолжить: введённое сохранено.').waitFor();
    // The page knows the person is signed out: no "you are signed in already".
    assert.equal(await page.getByText('Вы уже вошли на портал', { exact: false }).count(), 0,
      'the sign-in page must not say the person is still signed in');
    await signInByForm(page);
    await page.waitForURL(`${h.url}/applications/${id}/applicant`);
    await page.locator('#contact_phone').waitFor();
    assert.equal(await page.locator('#contact_phone').inputValue(), '+7 707 123 45 67');
    await untilServerHas(h, page, id, 'contact_phone', '+7 707 123 45 67');
    await status(page, SAVED.ru).waitFor(SYNC);
  });
});

test('drafts over the session end', async (t) => {
  // Short sessions so the test sees the end. 6 s, warned 3 s ahead: room for the page's own
  // requests and this test's checks after signing in again, before the next end.
  const h = await harness(t, { QYZMET_SESSION_IDLE_SECONDS: '6', QYZMET_SESSION_WARN_SECONDS: '3' });

  await t.test('what was typed survives the session running out; after sign-in it is on the server', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    // Opened at its page (not through Apply: leaving a form entered that way is its own test).
    const id = await startByApi(h, page);
    await page.goto(`${h.url}/applications/${id}/applicant`);
    await page.locator('#contact_phone').waitFor();
    // Typing, not yet leaving the field, then doing nothing until the session runs out.
    await page.locator('#contact_phone').click();
    await page.keyboard.type('+7 747 765 43 21');
    // The warning comes first (a modal dialog, which takes focus and so saves the field); the
    // person ignores it.
    await page.getByRole('dialog', { name: 'Сеанс скоро завершится' }).waitFor({ timeout: 20_000 });
    await page.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor({ timeout: 30_000 });
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('return'), `/applications/${id}/applicant`);
    assert.equal(url.searchParams.get('why'), 'expired');
    await page.getByText('Сеанс завершён. Войдите снова, чтобы продолжить: введённое сохранено.').waitFor();

    await signInByForm(page);
    await page.waitForURL(`${h.url}/applications/${id}/applicant`);
    await page.locator('#contact_phone').waitFor();
    assert.equal(await page.locator('#contact_phone').inputValue(), '+7 747 765 43 21');
    await untilServerHas(h, page, id, 'contact_phone', '+7 747 765 43 21', 5_000);
    assert.deepEqual(scriptErrors(page), []);
  });
});
