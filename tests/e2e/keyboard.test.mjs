// Keyboard only: skip link, visible focus, choosing a service, switching language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, NAMES, VIEWPORTS } from './browser.mjs';

const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return { tag: el?.tagName, text: (el?.innerText || '').trim(), id: el?.id };
});

test('keyboard only', async (t) => {
  const h = await harness(t);

  await t.test('the skip link is first, visible when focused, and jumps to the content', async () => {
    const page = await h.newPage({ viewport: VIEWPORTS.phone });
    await page.goto(h.url + '/');
    await page.locator('.service-card').first().waitFor();
    await page.keyboard.press('Tab');
    assert.deepEqual(await focused(page), { tag: 'A', text: 'Негізгі мазмұнға өту', id: '' });
    const box = await page.getByRole('link', { name: 'Негізгі мазмұнға өту' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.y >= 0, 'on screen when focused');
    await page.keyboard.press('Enter');
    assert.equal((await focused(page)).id, 'main');
  });

  await t.test('a service can be found, opened and read, and the language switched, without a mouse', async () => {
    const page = await h.newPage();
    await page.goto(h.url + '/');
    await page.locator('.service-card').first().waitFor();
    // Tab to the search box, type, then Tab on to the only result.
    for (let i = 0; i < 10 && (await focused(page)).tag !== 'INPUT'; i++) await page.keyboard.press('Tab');
    assert.equal((await focused(page)).tag, 'INPUT');
    await page.keyboard.type('асырап');
    await page.getByRole('status').filter({ hasText: 'Табылған қызметтер: 1' }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal((await focused(page)).text, NAMES.kk[3]);
    // The focus indicator is visible: a yellow background on the focused link.
    const background = await page.evaluate(() => getComputedStyle(document.activeElement).backgroundColor);
    assert.equal(background, 'rgb(255, 221, 0)');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: NAMES.kk[3] }).waitFor();
    await page.waitForFunction(() => document.activeElement?.tagName === 'H1');

    // Shift+Tab back up to the language switch and choose Russian with the keyboard.
    for (let i = 0; i < 10 && (await focused(page)).text !== 'Русский'; i++) await page.keyboard.press('Shift+Tab');
    assert.equal((await focused(page)).text, 'Русский');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: NAMES.ru[3] }).waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
  });
});
