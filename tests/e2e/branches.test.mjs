// The service centres and their days (issue 10): the directory from 001 app. 2 with each
// centre's hours, and a centre's days ahead from the working calendar, open with the electronic
// queue's places left or closed with the reason; in both languages, at phone and kiosk widths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, noViolations, VIEWPORTS } from './browser.mjs';

const WORDS = {
  kk: {
    title: 'Халыққа қызмет көрсету орталықтары', regional: 'Облыстық ХҚКО РМК филиалы',
    address: 'Атырау қаласы, Сәтпаев даңғылы 23', days: 'Алдағы күндер', weekend: 'Демалыс күні',
    footer: 'Халыққа қызмет көрсету орталықтарының бөлімдері', notFound: 'Мұндай бөлім табылмады',
    lunch: /09:00–18:00, түскі үзіліс 13:00–14:00/,
  },
  ru: {
    title: 'Центры обслуживания населения', regional: 'Областной филиала РГП ЦОН',
    address: 'город Атырау, проспект Сатпаева, 23', days: 'Ближайшие дни', weekend: 'Выходной день',
    footer: 'Отделы центров обслуживания населения', notFound: 'Такой отдел не найден',
    lunch: /09:00–18:00, обед 13:00–14:00/,
  },
};

test('service centres and their days', async (t) => {
  const h = await harness(t);
  for (const lang of ['kk', 'ru']) {
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await t.test(`${lang}, ${width}`, async () => {
        const w = WORDS[lang];
        const page = await h.newPage({ viewport, lang, bypassCSP: true });
        // From any page's footer to the directory.
        await page.goto(h.url + '/');
        await page.getByRole('link', { name: w.footer }).click();
        await page.getByRole('heading', { level: 1, name: w.title }).waitFor();
        const cards = page.locator('.branch-list > li');
        await cards.first().waitFor();
        assert.equal(await cards.count(), 10);
        await noViolations(page, `/branches (${lang}, ${width})`);

        // One centre: its address as appendix 2 gives it, its hours, its days.
        await page.getByRole('link', { name: w.regional }).click();
        await page.getByRole('heading', { level: 1, name: w.regional }).waitFor();
        await page.waitForFunction(() => document.activeElement?.tagName === 'H1');
        await page.getByText(w.address).waitFor();
        await page.getByRole('heading', { level: 2, name: w.days }).waitFor();
        const rows = page.locator('table tbody tr');
        assert.equal(await rows.count(), 31, 'today and 30 days ahead');
        const texts = await rows.allInnerTexts();
        // An open weekday shows its hours with lunch and a number of places; a Sunday is
        // closed with no places; a duty centre's Saturday is open until 13:00.
        assert.ok(texts.some((r) => w.lunch.test(r) && /\d+\s*$/.test(r)), texts.join('\n'));
        assert.ok(texts.some((r) => r.includes(w.weekend) && r.trim().endsWith('—')));
        assert.ok(texts.some((r) => r.includes('09:00–13:00')), 'a duty Saturday');
        assert.equal(await page.locator('.table__row--closed').count() > 0, true);
        await noViolations(page, `/branches/atyrau-regional (${lang}, ${width})`);

        // A reload keeps the page; an unknown centre says so.
        await page.reload();
        await page.getByRole('heading', { level: 1, name: w.regional }).waitFor();
        await page.goto(h.url + '/branches/nowhere');
        await page.getByRole('heading', { level: 1, name: w.notFound }).waitFor();
        // Only the unknown centre's 404, which Chromium logs.
        assert.deepEqual(page.jsErrors.filter((e) => !e.includes('404')), []);
        await page.context().close();
      });
    }
  }
});
