// The catalogue page: Kazakh by default, Russian on request (in place, remembered), search.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, NAMES } from './browser.mjs';

const serviceLinks = (page) => page.locator('.service-card h2 a');

test('the catalogue', async (t) => {
  const h = await harness(t);

  await t.test('opens in Kazakh, even for a browser set to Russian', async () => {
    const page = await h.newPage({ locale: 'ru-RU' });
    await page.goto(h.url + '/');
    await page.getByRole('heading', { level: 1, name: 'Мемлекеттік қызметтер' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
    assert.equal(await page.title(), 'Мемлекеттік қызметтер — Қызмет');
    assert.equal(await page.getByRole('button', { name: 'Қазақша' }).getAttribute('aria-pressed'), 'true');
    const names = (await serviceLinks(page).allInnerTexts()).map((n) => n.trim());
    assert.deepEqual(names, NAMES.kk);
    // Each card: provider, result, cost.
    const first = page.locator('.service-card').first();
    await first.getByText('Көрсетілетін қызметті беруші').waitFor();
    await first.getByText('Тегін').waitFor();
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('switches to Russian in place, remembers it, and back', async () => {
    const page = await h.newPage();
    await page.goto(h.url + '/');
    await serviceLinks(page).first().waitFor();
    await page.evaluate(() => { window.__samePage = true; });
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Государственные услуги' }).waitFor();
    assert.equal(await page.evaluate(() => window.__samePage), true, 'no reload');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    assert.deepEqual((await serviceLinks(page).allInnerTexts()).map((n) => n.trim()), NAMES.ru);
    assert.equal(await page.getByRole('button', { name: 'Русский' }).getAttribute('aria-pressed'), 'true');

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Государственные услуги' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');

    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { level: 1, name: 'Мемлекеттік қызметтер' }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'kk');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Мемлекеттік қызметтер' }).waitFor();
  });

  await t.test('search filters as you type, ignoring case and diacritics, in both languages', async () => {
    const page = await h.newPage();
    await page.goto(h.url + '/');
    const search = page.getByRole('searchbox', { name: 'Қызметті іздеу' });
    await serviceLinks(page).first().waitFor();

    await search.pressSequentially('ПАТРОНАТ');
    await page.getByRole('status').filter({ hasText: 'Табылған қызметтер: 1' }).waitFor();
    assert.deepEqual((await serviceLinks(page).allInnerTexts()).map((n) => n.trim()), [NAMES.kk[2]]);

    // Without Kazakh letters: "тургын уи" finds «тұрғын үй».
    await search.fill('тургын уи комегин');
    await page.getByRole('status').filter({ hasText: 'Табылған қызметтер: 1' }).waitFor();
    assert.equal((await serviceLinks(page).first().innerText()).trim(), NAMES.kk[0]);

    // Russian words find services while the page is in Kazakh.
    await search.fill('усыновить');
    await page.getByRole('status').filter({ hasText: 'Табылған қызметтер: 1' }).waitFor();
    assert.equal((await serviceLinks(page).first().innerText()).trim(), NAMES.kk[3]);

    await search.fill('zzzz');
    await page.getByRole('status').filter({ hasText: '«zzzz» бойынша қызмет табылмады' }).waitFor();
    assert.equal(await serviceLinks(page).count(), 0);

    // The search is in the URL: a reload keeps what was typed.
    await search.fill('жилищной');
    await page.waitForURL(/\?q=/);
    await page.reload();
    await page.getByRole('status').filter({ hasText: 'Табылған қызметтер: 1' }).waitFor();
    assert.equal(await page.getByRole('searchbox').inputValue(), 'жилищной');

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('status').filter({ hasText: 'Найдено услуг: 1' }).waitFor();
    await page.getByRole('searchbox', { name: 'Поиск услуги' }).fill('');
    await page.getByRole('status').filter({ hasText: 'Найдено услуг: 4' }).waitFor();
  });

  await t.test('a failed request shows a translated message with a retry, never a blank page', async () => {
    const page = await h.newPage();
    await page.route('**/api/services', (route) => route.abort('connectionrefused'));
    await page.goto(h.url + '/');
    const alert = page.getByRole('alert');
    await alert.getByText('Серверге қосылу мүмкін болмады').waitFor();
    await page.unroute('**/api/services');
    await alert.getByRole('button', { name: 'Қайталау' }).click();
    await serviceLinks(page).first().waitFor();
    assert.equal(await serviceLinks(page).count(), 4);

    // A server failure reads differently from a network one.
    const page2 = await h.newPage({ lang: 'ru' });
    await page2.route('**/api/services', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"code":"unexpected","message":"x"}' }));
    await page2.goto(h.url + '/');
    await page2.getByRole('alert').getByText('На сервере произошла ошибка').waitFor();
    await page2.getByRole('button', { name: 'Повторить' }).waitFor();
  });
});
