// Accounts in a real browser: register, sign in, the cabinet, sign out, in both languages and
// by keyboard only; refusals with their translated messages; roles; the session's end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, DEMO, DEMO_PASSWORD, VIEWPORTS } from './browser.mjs';

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName, id: el?.id, text: (el?.innerText || '').trim() };
});

/** Tabs forward until the element with this id has focus (at most 30 presses). */
async function tabTo(page, id) {
  for (let i = 0; i < 30 && (await focused(page)).id !== id; i++) await page.keyboard.press('Tab');
  assert.equal((await focused(page)).id, id, `focus reached #${id}`);
}

test('accounts', async (t) => {
  const h = await harness(t);

  await t.test('register by keyboard only (kk, phone): checks as you type, keeps what was typed, name from the database', async () => {
    const page = await h.newPage({ viewport: VIEWPORTS.phone });
    await page.goto(h.url + '/register');
    await page.getByRole('heading', { level: 1, name: 'Порталда тіркелу' }).waitFor();

    // A wrong check digit is named as such when the person leaves the field.
    await tabTo(page, 'iin');
    await page.keyboard.type('960914400451');
    await page.keyboard.press('Tab');
    await page.locator('#iin-error').getByText('ЖСН-нің бақылау цифры сәйкес келмейді').waitFor();
    assert.equal(await page.locator('#iin').getAttribute('aria-invalid'), 'true');

    // Submitting with problems: the summary takes focus and links to each field.
    await tabTo(page, 'phone');
    await page.keyboard.type('+7 701 555 12 34');
    await page.keyboard.press('Enter');
    await page.locator('.error-summary').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.classList.contains('error-summary')), true);
    const links = await page.locator('.error-summary a').allInnerTexts();
    assert.deepEqual(links, [
      'ЖСН-нің бақылау цифры сәйкес келмейді: цифрларды тексеріңіз',
      'Құпиясөзді енгізіңіз',
      'Құпиясөзді қайта енгізіңіз',
    ]);
    // Following a link puts the cursor in its field.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'iin');

    // A reload loses nothing typed (passwords are never kept).
    await page.reload();
    await page.locator('#iin').waitFor();
    assert.equal(await page.locator('#iin').inputValue(), '960914400451');
    assert.equal(await page.locator('#phone').inputValue(), '+7 701 555 12 34');

    // Fixed: registered, signed in, in the cabinet with the database's name and address.
    await page.locator('#iin').focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.type('0');
    await tabTo(page, 'password');
    await page.keyboard.type('бір екі үш төрт');
    await tabTo(page, 'password_repeat');
    await page.keyboard.type('бір екі үш төрт');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Жеке кабинет' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/cabinet');
    await page.getByText('Ибраева Динара Асқарқызы').waitFor();
    await page.getByText('1996 жылғы 14 қыркүйек').waitFor();
    await page.getByText('Индербор кенті').waitFor();
    await page.getByRole('heading', { name: 'Менің өтініштерім' }).waitFor();
    assert.deepEqual(page.jsErrors, []);

    // Sign out by keyboard: the session ends on the server; the cabinet now asks to sign in.
    await tabTo(page, '');
    for (let i = 0; i < 30 && (await focused(page)).text !== 'Шығу'; i++) await page.keyboard.press('Shift+Tab');
    assert.equal((await focused(page)).text, 'Шығу');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: 'Кіру' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/', 'signed out, home');
    const session = await page.context().request.get(`${h.url}/api/session`);
    assert.equal(session.status(), 204, 'no session on the server');
    await page.goto(h.url + '/cabinet');
    await page.getByRole('heading', { level: 1, name: 'Порталға кіру' }).waitFor();
    await page.getByText('Бұл бетті ашу үшін порталға кіріңіз.').waitFor();
  });

  await t.test('registration is refused for an IIN not in the persons database, and for a second account', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await page.goto(h.url + '/register');
    const fill = async (iin) => {
      await page.locator('#iin').fill(iin);
      await page.locator('#password').fill('длинный пароль');
      await page.locator('#password_repeat').fill('длинный пароль');
      await page.locator('#phone').fill('87015551234');
      await page.getByRole('button', { name: 'Зарегистрироваться' }).click();
    };
    await fill('100000000011'); // a well-formed IIN of no one
    await page.locator('.error-summary').getByText('Этот ИИН не найден в государственной базе данных физических лиц').waitFor();
    assert.equal(await page.locator('#iin').inputValue(), '100000000011', 'what was typed stays');
    await fill(DEMO.citizen);
    await page.locator('.error-summary').getByText('С этим ИИН уже есть учётная запись').waitFor();
  });

  await t.test('sign in (ru): one message for a wrong pair, then back to the page that asked', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await page.goto(h.url + '/cabinet');
    await page.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor();
    await page.locator('#iin').fill(DEMO.citizen);
    await page.locator('#password').fill('не тот пароль');
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.locator('.error-summary').getByText('Неверный ИИН или пароль.').waitFor();
    assert.equal(await page.locator('#iin').inputValue(), DEMO.citizen);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Личный кабинет' }).waitFor();
    await page.getByText('Серікбаев Айдар Нұрланұлы').waitFor();
    await page.getByText('14 июля 1985 г.').waitFor();
    // Coming back to the sign-in page says so, with the way to the cabinet.
    await page.goto(h.url + '/sign-in');
    await page.getByText('Вы уже вошли на портал: Серікбаев Айдар Нұрланұлы.').waitFor();
  });

  await t.test('repeated failures pause, then lock, sign-in, saying until when', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await page.goto(h.url + '/sign-in');
    const attempt = async () => {
      await page.locator('#iin').fill(DEMO.provider_office);
      await page.locator('#password').fill('угадываю');
      await page.getByRole('button', { name: 'Войти' }).click();
      await page.locator('.error-summary').waitFor();
    };
    await attempt();
    await attempt();
    await attempt();
    await page.locator('.error-summary').getByText(/Неверный ИИН или пароль\. Следующая попытка возможна с \d+ [а-я]+, \d\d:\d\d\./).waitFor();
    await page.waitForTimeout(2200); // the first pause is 2 s by default
    await attempt();
    await page.waitForTimeout(4200);
    await attempt();
    await page.locator('.error-summary').getByText(/временно заблокирован\. Войти снова можно с \d+ [а-я]+, \d\d:\d\d\./).waitFor();

    // The administrator sees the lock and lifts it.
    const admin = await h.newPage({ lang: 'ru' });
    await h.signIn(admin, DEMO.administrator);
    await admin.goto(h.url + '/admin/accounts');
    const row = admin.getByRole('row').filter({ hasText: DEMO.provider_office });
    await row.getByText(/Вход заблокирован до/).waitFor();
    await row.getByRole('button', { name: 'Разблокировать: Ермеков Бауыржан Серікұлы' }).click();
    await row.getByText('Активна').waitFor();
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.getByRole('heading', { level: 1, name: 'Личный кабинет' }).waitFor();
    await page.getByText('Канцелярия услугодателя').waitFor();
  });

  await t.test('a page for another role answers "not allowed", in both languages', async () => {
    for (const [lang, title] of [['kk', 'Рұқсат жоқ'], ['ru', 'Доступ запрещён']]) {
      const page = await h.newPage({ lang });
      await h.signIn(page, DEMO.citizen);
      await page.goto(h.url + '/admin/accounts');
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      assert.equal(await page.getByRole('table').count(), 0, 'no one else\'s data');
    }
  });
});

test('the session end', async (t) => {
  // Sessions of 12 s with a warning 8 s ahead, so the test sees both.
  const h = await harness(t, { QYZMET_SESSION_IDLE_SECONDS: '12', QYZMET_SESSION_WARN_SECONDS: '8' });

  await t.test('a warning with a way to stay signed in (keyboard)', async () => {
    const page = await h.newPage();
    await h.signIn(page, DEMO.citizen);
    await page.goto(h.url + '/cabinet');
    await page.getByRole('heading', { level: 1, name: 'Жеке кабинет' }).waitFor();
    const dialog = page.getByRole('dialog', { name: 'Сессия аяқталуға жақын' });
    await dialog.waitFor({ timeout: 10_000 });
    assert.equal((await focused(page)).text, 'Жүйеде қалу', 'focus moves into the dialog');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    // Past the first end: still signed in.
    await page.waitForTimeout(5000);
    const session = await page.context().request.get(`${h.url}/api/session`);
    assert.equal(session.status(), 200);
  });

  await t.test('on a page that needs an account, the end says the session ended and comes back after sign-in', async () => {
    const page = await h.newPage();
    await h.signIn(page, DEMO.citizen);
    await page.goto(h.url + '/cabinet');
    await page.getByRole('heading', { level: 1, name: 'Жеке кабинет' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Порталға кіру' }).waitFor({ timeout: 20_000 });
    await page.getByText('Сессия аяқталды.', { exact: false }).waitFor();
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('return'), '/cabinet');
    assert.equal(url.searchParams.get('why'), 'expired');
    await page.locator('#iin').fill(DEMO.citizen);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Кіру' }).click();
    await page.getByRole('heading', { level: 1, name: 'Жеке кабинет' }).waitFor();
  });

  await t.test('after the end, signing in again returns to the page with what was typed', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await h.signIn(page, DEMO.citizen);
    await page.goto(h.url + '/');
    await page.locator('.service-card').first().waitFor();
    await page.getByRole('searchbox').fill('патронат');
    await page.waitForURL(/q=/);
    // Wait out the session (no requests meanwhile).
    await page.getByRole('heading', { level: 1, name: 'Вход на портал' }).waitFor({ timeout: 20_000 });
    await page.getByText('Сеанс завершён. Войдите снова, чтобы продолжить: введённое сохранено.').waitFor();
    await page.locator('#iin').fill(DEMO.citizen);
    await page.locator('#password').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Войти' }).click();
    await page.waitForURL((url) => url.pathname === '/' && url.searchParams.get('q') === 'патронат');
    assert.equal(await page.getByRole('searchbox').inputValue(), 'патронат');
  });
});
