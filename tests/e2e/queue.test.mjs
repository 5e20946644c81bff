// The electronic queue (issue 10) in the browser, against the real adapter: a citizen books a
// visit from a centre's page, sees the ticket with its code and QR code, finds it in the
// cabinet, moves it and cancels it; a refused booking says why at its field and keeps what was
// chosen; in the hall, a screen an operator sets up as the kiosk (no other gives tickets), a
// walk-in ticket and a check-in with a wrong code; the operator calls
// the next ticket and the hall's display shows it without a reload. Kazakh and Russian, at
// phone and kiosk widths, with axe on every page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, noViolations, DEMO, VIEWPORTS } from './browser.mjs';

const BRANCH = 'atyrau-city-1'; // the demo operator's centre

const WORDS = {
  kk: {
    bookHere: 'Осы орталыққа кезекке жазылу', book: 'Электрондық кезекке жазылу', bookButton: 'Жазылу',
    move: 'Уақытын ауыстыру', moveTitle: 'Жазылу уақытын ауыстыру', moveButton: 'Уақытты ауыстыру',
    ticket: 'Электрондық кезек талоны', booked: 'Сіз электрондық кезекке жазылдыңыз.',
    moved: 'Жазылу уақыты ауыстырылды. Бұрынғы уақыт босатылды.', cancel: 'Жазылудан бас тарту',
    cancelYes: 'Иә, бас тарту', cancelled: 'Жазылудан бас тартылды. Орын басқаларға босатылды.',
    errors: 'Қате бар', purposeEmpty: 'Келу мақсатын таңдаңыз', startEmpty: 'Уақытты таңдаңыз',
    limit: 'Жазылу саны шегіне жетті', bookings: 'Электрондық кезекке жазылуларым',
    collect: 'Нәтижені алу', yourTicket: 'Сіздің талоныңыз', checkIn: 'Тіркелу',
    unknownCode: 'Бұл орталықта мұндай код жоқ. Кодты тексеріңіз.', codeEmpty: 'Жазылу кодын енгізіңіз',
    window: 'Терезе нөмірі', callNext: 'Келесіні шақыру', served: 'Қызмет көрсетілді', calls: 'Кезекті шақыру',
    called: (t) => `${t} талоны 3-терезеге шақырылды.`, noOne: 'Кезекте ешкім жоқ.', board: 'Кезек таблосы',
    reminder: 'Бүгін сізді орталықта күтеді',
    notSetUp: 'Бұл экран әлі осы орталықтың залындағы киоск ретінде бапталмаған', setUp: 'Осы экранды залдағы киоск ету',
  },
  ru: {
    bookHere: 'Записаться в очередь в этот центр', book: 'Запись в электронную очередь', bookButton: 'Записаться',
    move: 'Перенести', moveTitle: 'Перенос записи', moveButton: 'Перенести запись',
    ticket: 'Талон электронной очереди', booked: 'Вы записаны в электронную очередь.',
    moved: 'Запись перенесена. Прежнее время освобождено.', cancel: 'Отменить запись',
    cancelYes: 'Да, отменить', cancelled: 'Запись отменена. Место освобождено для других.',
    errors: 'Есть ошибки', purposeEmpty: 'Выберите цель визита', startEmpty: 'Выберите время',
    limit: 'Достигнут предел числа записей', bookings: 'Мои записи в электронную очередь',
    collect: 'Получение результата', yourTicket: 'Ваш талон', checkIn: 'Отметиться',
    unknownCode: 'В этом центре такого кода нет. Проверьте код.', codeEmpty: 'Введите код записи',
    window: 'Номер окна', callNext: 'Вызвать следующего', served: 'Обслужен', calls: 'Вызов очереди',
    called: (t) => `Талон ${t} вызван к окну 3.`, noOne: 'В очереди никого нет.', board: 'Табло очереди',
    reminder: 'Сегодня вас ждут в центре',
    notSetUp: 'Этот экран ещё не настроен как киоск в зале этого центра', setUp: 'Сделать этот экран киоском в зале',
  },
};

/** Chooses the purpose, the last day offered (a whole day of slots ahead) and its `nth` free
 * slot; returns the slot's start. */
async function choose(page, nth = 0) {
  await page.locator('#purpose option[value="collect-result"]').waitFor({ state: 'attached' });
  await page.selectOption('#purpose', 'collect-result');
  const day = page.locator('#date option:not([value=""])').last();
  await day.waitFor({ state: 'attached' });
  await page.selectOption('#date', await day.getAttribute('value'));
  const slot = page.locator('input[name="start"]:not([disabled])').nth(nth);
  await slot.waitFor();
  await slot.check();
  return slot.getAttribute('value');
}

/** The free slots of the centre's last open day, or of today (`today`), through the API. */
async function freeSlots(request, url, { today = false } = {}) {
  const days = (await (await request.get(`${url}/api/queue/branches/${BRANCH}`)).json()).days
    .filter((d) => !d.closed && d.free > 0);
  const day = today ? days.find((d) => d.date === kazakhstanToday()) : days.at(-1);
  if (!day) return [];
  const { slots } = await (await request.get(`${url}/api/queue/branches/${BRANCH}/slots?date=${day.date}`)).json();
  return slots.filter((s) => s.left > 0);
}

const kazakhstanToday = () => new Date(Date.now() + 5 * 3600e3).toISOString().slice(0, 10);

/** Books `start` through the API as the page's signed-in person. */
async function bookByApi(page, url, start) {
  const answer = await page.context().request.post(`${url}/api/queue/bookings`,
    { data: { branch: BRANCH, purpose: 'collect-result', start } });
  assert.equal(answer.status(), 201, await answer.text());
  return answer.json();
}

test('a citizen books a visit, sees the ticket, moves it and cancels it', async (t) => {
  const h = await harness(t);
  for (const [lang, width] of [['kk', 'phone'], ['ru', 'kiosk']]) {
    await t.test(`${lang}, ${width}`, async () => {
      const w = WORDS[lang];
      const page = await h.newPage({ viewport: VIEWPORTS[width], lang, bypassCSP: true });
      await h.signIn(page, DEMO.citizen);
      await page.goto(`${h.url}/branches/${BRANCH}`);
      await page.getByRole('link', { name: w.bookHere }).click();
      await page.getByRole('heading', { level: 1, name: w.book }).waitFor();
      assert.equal(await page.locator('#branch').inputValue(), BRANCH, 'the centre comes chosen');
      await page.locator('#purpose option[value="collect-result"]').waitFor({ state: 'attached' });
      await noViolations(page, `/queue/book (${lang}, ${width})`);

      // Sent with nothing chosen: the summary says what is missing and takes focus.
      await page.getByRole('button', { name: w.bookButton }).click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), new RegExp(w.purposeEmpty));
      assert.match(await summary.innerText(), new RegExp(w.startEmpty));
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('error-summary')), true);
      await noViolations(page, `/queue/book with errors (${lang}, ${width})`);

      const first = await choose(page, 0);
      await page.getByRole('button', { name: w.bookButton }).click();
      await page.getByRole('heading', { level: 1, name: w.ticket }).waitFor();
      await page.getByText(w.booked).waitFor();
      const code = (await page.locator('.ticket__code').innerText()).trim();
      assert.match(code, /^[A-Z0-9]{6}$/);
      assert.ok(await page.locator('.ticket').innerText().then((t) => t.includes(first.slice(11, 16))), 'the time booked');
      await page.waitForFunction(() => document.querySelector('.ticket__qr img')?.naturalWidth > 0);
      await noViolations(page, `/queue/bookings/… (${lang}, ${width})`);
      const ticketUrl = page.url().split('?')[0];

      // The cabinet lists it with its code.
      await page.goto(`${h.url}/cabinet`);
      await page.getByRole('heading', { level: 2, name: w.bookings }).waitFor();
      await page.locator('.applications').getByText(code).waitFor();

      // Moved to another slot: the same code, the new time.
      await page.goto(ticketUrl);
      await page.getByRole('link', { name: w.move }).click();
      await page.getByRole('heading', { level: 1, name: w.moveTitle }).waitFor();
      // It starts from the booking's centre, purpose and day.
      await page.waitForFunction((day) => document.querySelector('#date')?.value === day, first.slice(0, 10));
      assert.equal(await page.locator('#branch').inputValue(), BRANCH);
      assert.equal(await page.locator('#purpose').inputValue(), 'collect-result');
      const second = await choose(page, 1);
      assert.notEqual(second, first);
      await page.getByRole('button', { name: w.moveButton }).click();
      await page.getByText(w.moved).waitFor();
      assert.equal((await page.locator('.ticket__code').innerText()).trim(), code);
      assert.ok((await page.locator('.ticket').innerText()).includes(second.slice(11, 16)));

      // Cancelled after a confirmation: the place is free again.
      await page.getByRole('button', { name: w.cancel }).click();
      await page.getByRole('button', { name: w.cancelYes }).click();
      await page.getByText(w.cancelled).waitFor();
      assert.equal(await page.getByRole('button', { name: w.cancel }).count(), 0);
      await noViolations(page, `/queue/bookings/… cancelled (${lang}, ${width})`);

      // On the day of a visit the cabinet reminds of it (when the centre still has a place
      // today: the test runs at any hour).
      const today = await freeSlots(page.context().request, h.url, { today: true });
      if (today.length > 0) {
        const visit = await bookByApi(page, h.url, today[0].start);
        await page.goto(`${h.url}/cabinet`);
        await page.getByRole('heading', { name: w.reminder }).waitFor();
        assert.match(await page.locator('.notice--reminder').innerText(), new RegExp(visit.code));
        await page.context().request.delete(`${h.url}/api/queue/bookings/${visit.id}`);
      }
      assert.deepEqual(page.jsErrors, []);
      await page.context().close();
    });
  }
});

test('a booking over the limit is refused at its field, and nothing chosen is lost', async (t) => {
  const h = await harness(t);
  for (const lang of ['kk', 'ru']) {
    await t.test(lang, async () => {
      const w = WORDS[lang];
      const page = await h.newPage({ viewport: VIEWPORTS.phone, lang, bypassCSP: true });
      await h.signIn(page, DEMO.citizen);
      // Two held on the last open day: a third that day passes the day's limit.
      const slots = await freeSlots(page.context().request, h.url);
      const held = [await bookByApi(page, h.url, slots[0].start), await bookByApi(page, h.url, slots[1].start)];
      await page.goto(`${h.url}/queue/book?branch=${BRANCH}`);
      const start = await choose(page, 2);
      await page.getByRole('button', { name: w.bookButton }).click();
      const summary = page.locator('.error-summary');
      await summary.waitFor();
      assert.match(await summary.innerText(), new RegExp(w.limit));
      assert.match(await page.locator('#start-error').innerText(), new RegExp(w.limit));
      assert.equal(await page.locator('#purpose').inputValue(), 'collect-result');
      assert.equal(await page.locator(`input[name="start"][value="${start}"]`).isChecked(), true);
      await noViolations(page, `/queue/book refused (${lang})`);
      // A reload keeps the choice too.
      await page.reload();
      await page.locator(`input[name="start"][value="${start}"]`).waitFor();
      assert.equal(await page.locator(`input[name="start"][value="${start}"]`).isChecked(), true);
      for (const b of held) {
        assert.equal((await page.context().request.delete(`${h.url}/api/queue/bookings/${b.id}`)).status(), 200);
      }
      await page.context().close();
    });
  }
});

test('the hall gives a ticket, the operator calls it and the display shows it live', async (t) => {
  const h = await harness(t);
  let number = 0;
  for (const [lang, width] of [['kk', 'kiosk'], ['ru', 'phone']]) {
    await t.test(`${lang}, ${width}`, async () => {
      const w = WORDS[lang];
      // The display, open before anything is called.
      const board = await h.newPage({ viewport: VIEWPORTS[width], lang, bypassCSP: true });
      await board.goto(`${h.url}/queue/board/${BRANCH}`);
      await board.getByRole('heading', { level: 1, name: new RegExp(w.board) }).waitFor();
      await board.locator('.board__waiting').waitFor();
      await noViolations(board, `/queue/board (${lang}, ${width})`);

      // A screen no operator set up gives no tickets and says how to set it up; the operator
      // signs in on it, sets it up from the calls page and is signed out of it there and then.
      const hall = await h.newPage({ viewport: VIEWPORTS[width], lang, bypassCSP: true });
      await hall.goto(`${h.url}/queue/hall/${BRANCH}`);
      await hall.getByText(w.notSetUp).waitFor();
      assert.equal(await hall.getByRole('button', { name: w.collect }).count(), 0);
      await noViolations(hall, `/queue/hall not set up (${lang}, ${width})`);
      await h.signIn(hall, DEMO.operator);
      await hall.goto(`${h.url}/centre/queue`);
      await hall.getByRole('button', { name: w.setUp }).click();
      await hall.getByRole('button', { name: w.collect }).waitFor();
      assert.equal(new URL(hall.url()).pathname, `/queue/hall/${BRANCH}`);
      const session = await hall.evaluate(async () => (await fetch('/api/session')).status);
      assert.equal(session, 204, 'the operator is signed out of the hall screen');
      await hall.reload();

      // The hall's kiosk: a wrong code is refused at its field; a walk-in ticket is given.
      await hall.getByRole('button', { name: w.collect }).waitFor();
      await noViolations(hall, `/queue/hall (${lang}, ${width})`);
      await hall.getByRole('button', { name: w.checkIn }).click();
      await hall.locator('#code-error').getByText(w.codeEmpty).waitFor();
      await hall.locator('#code').fill('ZZ9ZZ9');
      await hall.getByRole('button', { name: w.checkIn }).click();
      await hall.locator('#code-error').getByText(w.unknownCode).waitFor();
      assert.equal(await hall.locator('#code').inputValue(), 'ZZ9ZZ9', 'what was typed stays');
      await hall.getByRole('button', { name: w.collect }).click();
      await hall.getByRole('heading', { name: w.yourTicket }).waitFor();
      number += 1;
      const label = `A-${String(number).padStart(3, '0')}`;
      assert.equal((await hall.locator('.ticket__code').innerText()).trim(), label);
      await noViolations(hall, `/queue/hall ticket (${lang}, ${width})`);

      // The operator calls the next ticket to window 3; the display shows it without a reload.
      const desk = await h.newPage({ viewport: VIEWPORTS.kiosk, lang, bypassCSP: true });
      await h.signIn(desk, DEMO.operator);
      await desk.goto(`${h.url}/centre/queue`);
      await desk.getByRole('heading', { level: 1, name: w.calls }).waitFor();
      await desk.getByRole('cell', { name: label }).or(desk.getByRole('rowheader', { name: label })).waitFor();
      await noViolations(desk, `/centre/queue (${lang})`);
      await desk.getByLabel(w.window).fill('3');
      await desk.getByRole('button', { name: w.callNext }).click();
      await desk.getByText(w.called(label)).waitFor();
      await board.locator('.board__latest').getByText(label).waitFor();
      assert.match(await board.locator('.board__latest').innerText(), /3/);
      // Served: out of the windows, counted in the day.
      await desk.getByRole('button', { name: new RegExp(`^${w.served} ${label}`) }).click();
      await desk.locator('.summary').getByText(w.served).waitFor();
      await desk.waitForFunction(() => !document.querySelector('#serving-title ~ ul'));
      await desk.getByRole('button', { name: w.callNext }).click();
      await desk.getByText(w.noOne).waitFor();
      await noViolations(desk, `/centre/queue after calls (${lang})`);
      // Only the wrong code's 422, which Chromium logs.
      for (const p of [board, hall, desk]) {
        assert.deepEqual(p.jsErrors.filter((e) => !e.includes('422')), []);
        await p.context().close();
      }
    });
  }
});
