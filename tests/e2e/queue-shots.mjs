// Screenshots of the electronic queue's pages (booking, the ticket, the cabinet's bookings, the
// hall's kiosk, the display, the operator's calls) in both languages at phone and kiosk widths:
// `node tests/e2e/queue-shots.mjs [out-dir]`.
import { mkdirSync } from 'node:fs';
import { DEMO, DEMO_PASSWORD, launchBrowser, shootBoth, startAdapter, VIEWPORTS } from './browser.mjs';

const BRANCH = 'atyrau-city-1';
const out = process.argv[2] || '/tmp/qyzmet-shots';
mkdirSync(out, { recursive: true });
const adapter = await startAdapter();
const browser = await launchBrowser();
const signedIn = async (iin) => {
  const context = await browser.newContext({ viewport: VIEWPORTS.kiosk });
  await context.request.post(`${adapter.url}/api/session`, { data: { iin, password: DEMO_PASSWORD } });
  return context;
};
try {
  const citizen = await signedIn(DEMO.citizen);
  const days = (await (await citizen.request.get(`${adapter.url}/api/queue/branches/${BRANCH}`)).json()).days
    .filter((d) => !d.closed && d.free > 0);
  const { slots } = await (await citizen.request.get(`${adapter.url}/api/queue/branches/${BRANCH}/slots?date=${days.at(-1).date}`)).json();
  const booking = await (await citizen.request.post(`${adapter.url}/api/queue/bookings`,
    { data: { branch: BRANCH, purpose: 'collect-result', start: slots[3].start } })).json();
  await shootBoth(citizen, adapter.url, out, 'queue-book', `/queue/book?branch=${BRANCH}`);
  // The form with a day chosen, its slots, and a refusal at the slots (nothing chosen there).
  for (const lang of ['kk', 'ru']) {
    for (const [vpName, viewport] of Object.entries(VIEWPORTS)) {
      const p = await citizen.newPage();
      await p.setViewportSize(viewport);
      await p.addInitScript((l) => localStorage.setItem('qyzmet.lang', l), lang);
      await p.goto(`${adapter.url}/queue/book?branch=${BRANCH}`);
      await p.locator('#purpose option[value="collect-result"]').waitFor({ state: 'attached' });
      await p.selectOption('#purpose', 'collect-result');
      const day = p.locator('#date option:not([value=""])').nth(1);
      await day.waitFor({ state: 'attached' });
      await p.selectOption('#date', await day.getAttribute('value'));
      await p.locator('input[name="start"]').first().waitFor();
      await p.locator('button[type="submit"]').click();
      await p.locator('.error-summary').waitFor();
      await p.screenshot({ path: `${out}/queue-book-slots-${lang}-${vpName}.png`, fullPage: true });
      await p.close();
    }
  }
  await shootBoth(citizen, adapter.url, out, 'queue-ticket', `/queue/bookings/${booking.id}?done=booked`);
  await shootBoth(citizen, adapter.url, out, 'queue-cabinet', '/cabinet');

  // A screen no operator set up, then one set up as the hall's kiosk.
  const anyone = await browser.newContext({ viewport: VIEWPORTS.kiosk });
  await shootBoth(anyone, adapter.url, out, 'queue-hall-not-set-up', `/queue/hall/${BRANCH}`);
  const kiosk = await signedIn(DEMO.operator);
  await kiosk.request.post(`${adapter.url}/api/queue/hall-device`);
  for (const purpose of ['collect-result', 'collect-result', 'foster-care']) {
    await kiosk.request.post(`${adapter.url}/api/queue/branches/${BRANCH}/tickets`, { data: { purpose } });
  }
  const operator = await signedIn(DEMO.operator);
  await operator.request.post(`${adapter.url}/api/queue/calls`, { data: { window: 2 } });
  await operator.request.post(`${adapter.url}/api/queue/calls`, { data: { window: 3 } });
  await shootBoth(kiosk, adapter.url, out, 'queue-hall', `/queue/hall/${BRANCH}`);
  await shootBoth(anyone, adapter.url, out, 'queue-board', `/queue/board/${BRANCH}`);
  await shootBoth(operator, adapter.url, out, 'queue-calls', '/centre/queue');
  console.log(`screenshots in ${out}`);
} finally {
  await browser.close();
  await adapter.stop();
}
