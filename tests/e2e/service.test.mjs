// Service pages: deep links, reload, stages per region with clauses, not-found pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, NAMES } from './browser.mjs';

test('service pages', async (t) => {
  const h = await harness(t);

  await t.test('a deep link opens the service, and survives a reload', async () => {
    const page = await h.newPage();
    await page.goto(h.url + '/services/foster-care');
    const h1 = page.getByRole('heading', { level: 1, name: NAMES.kk[2] });
    await h1.waitFor();
    await page.getByRole('heading', { level: 2, name: 'Қажетті құжаттар' }).waitFor();
    await page.getByRole('heading', { level: 3, name: 'Ақтөбе облысы' }).waitFor();
    const stages = page.locator('.regulation').first().locator('.stage');
    assert.equal(await stages.count(), 5);
    assert.match(await stages.nth(2).innerText(), /27 күнтізбелік күн/);
    assert.match(await stages.nth(0).innerText(), /5-тармақтың 1\) тармақшасы/);
    // The portal total and the cost.
    await page.getByText('30 күнтізбелік күн').first().waitFor();
    await page.getByText('Тегін').first().waitFor();
    await page.reload();
    await h1.waitFor();
    assert.deepEqual(page.jsErrors, []);
  });

  await t.test('housing assistance shows the three regions as their regulations state them', async () => {
    const page = await h.newPage({ lang: 'ru' });
    await page.goto(h.url + '/services/housing-assistance');
    await page.getByRole('heading', { level: 1, name: NAMES.ru[0] }).waitFor();
    const regions = await page.getByRole('heading', { level: 3 }).allInnerTexts();
    assert.deepEqual(regions.map((r) => r.trim()), ['город Алматы', 'Карагандинская область', 'Атырауская область']);
    const almaty = page.locator('.regulation').nth(0);
    assert.match(await almaty.innerText(), /2 рабочих дня/);
    assert.match(await almaty.innerText(), /3 рабочих дня/);
    // Almaty states no total: the page says so and sums the stages per unit.
    assert.match(await almaty.innerText(), /Общий срок в регламенте не указан/);
    const karaganda = page.locator('.regulation').nth(1);
    assert.match(await karaganda.innerText(), /9 календарных дней/);
    const atyrau = page.locator('.regulation').nth(2);
    assert.match(await atyrau.innerText(), /10 календарных дней/);
    // Wording translated from a Kazakh-only act is marked.
    assert.ok(await almaty.locator('.translated-mark').count() > 0);
    // "Applied today, result due by …", per region, in Kazakhstan's time; Atyrau at 18:00.
    const due = atyrau.locator('.summary__row', { hasText: 'Если подать заявление сегодня' });
    await due.waitFor();
    assert.match(await due.innerText(), /\d{1,2} [а-я]+ \d{4} г\., 18:00 \(время Астаны\)/);
    assert.equal(await page.locator('.regulation .summary__row', { hasText: 'Если подать заявление сегодня' }).count(), 3);
  });

  await t.test('choosing a service moves focus to its heading', async () => {
    const page = await h.newPage();
    await page.goto(h.url + '/');
    await page.getByRole('link', { name: NAMES.kk[3] }).click();
    await page.getByRole('heading', { level: 1, name: NAMES.kk[3] }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
    assert.equal(await page.title(), `${NAMES.kk[3]} — Қызмет`);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: 'Мемлекеттік қызметтер' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
  });

  await t.test('unknown pages and services are translated "not found" pages with a way back', async () => {
    const page = await h.newPage();
    const response = await page.goto(h.url + '/no/such/page');
    assert.equal(response.status(), 404, 'the page says "not found", and so does the status');
    await page.getByRole('heading', { level: 1, name: 'Бет табылмады' }).waitFor();
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { level: 1, name: 'Страница не найдена' }).waitFor();
    await page.getByRole('link', { name: 'Вернуться к списку услуг' }).click();
    await page.getByRole('heading', { level: 1, name: 'Государственные услуги' }).waitFor();

    await page.goto(h.url + '/services/no-such-service');
    await page.getByRole('heading', { level: 1, name: 'Такой услуги нет' }).waitFor();
    await page.getByRole('link', { name: 'Вернуться к списку услуг' }).waitFor();
  });
});
