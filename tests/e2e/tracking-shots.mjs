// Screenshots of the tracking pages (status page at each moment, workbench, case page) in both
// languages at phone and kiosk widths: `node tests/e2e/tracking-shots.mjs [out-dir]`.
import { mkdirSync } from 'node:fs';
import { DEMO, DEMO_PASSWORD, launchBrowser, shootBoth, startAdapter, VIEWPORTS } from './browser.mjs';
import { submitted } from './submitting.mjs';

const out = process.argv[2] || '/tmp/qyzmet-shots';
mkdirSync(out, { recursive: true });
const adapter = await startAdapter();
const browser = await launchBrowser();
try {
  const staff = {};
  for (const role of ['provider_office', 'provider_head', 'provider_executor']) {
    staff[role] = await browser.newContext();
    await staff[role].request.post(`${adapter.url}/api/session`, { data: { iin: DEMO[role], password: DEMO_PASSWORD } });
  }
  const step = async (role, id, body) => {
    const r = await staff[role].request.post(`${adapter.url}/api/workbench/${id}/actions`, { data: body });
    if (!r.ok()) throw new Error(`${body.action}: ${r.status()} ${await r.text()}`);
  };
  const citizen = await browser.newContext({ viewport: VIEWPORTS.kiosk });
  await citizen.request.post(`${adapter.url}/api/session`, { data: { iin: DEMO.citizen, password: DEMO_PASSWORD } });
  const page = await citizen.newPage();
  const granted = await submitted(page, adapter.url, 'housing-assistance', 'kk');
  const refused = await submitted(page, adapter.url, 'housing-assistance', 'kk');
  await step('provider_office', granted.id, { action: 'register' });
  await step('provider_head', granted.id, { action: 'assign', executor: DEMO.provider_executor });
  const shoot = (name, path, who = citizen) => shootBoth(who, adapter.url, out, name, path);
  await shoot('status-assigned', `/applications/${granted.id}/status`);
  await shoot('case-prepare', `/workbench/${granted.id}`, staff.provider_executor);
  await shoot('case-register', `/workbench/${refused.id}`, staff.provider_office);
  await shoot('workbench', '/workbench', staff.provider_office);
  await step('provider_executor', granted.id, { action: 'prepare', outcome: 'granted' });
  await step('provider_head', granted.id, { action: 'sign' });
  await step('provider_office', granted.id, { action: 'issue' });
  await step('provider_office', refused.id, { action: 'register' });
  await step('provider_head', refused.id, { action: 'assign', executor: DEMO.provider_executor });
  await step('provider_executor', refused.id, { action: 'prepare', outcome: 'refused', grounds: ['income-increased'], comment: 'Табыс шектен асады.' });
  await step('provider_head', refused.id, { action: 'sign' });
  await step('provider_office', refused.id, { action: 'issue' });
  await shoot('status-granted', `/applications/${granted.id}/status`);
  await shoot('status-refused', `/applications/${refused.id}/status`);
  await shoot('cabinet-tracking', '/cabinet');
  const pdf = await citizen.request.get(`${adapter.url}/api/applications/${refused.id}/result.pdf?lang=ru`);
  const { writeFileSync } = await import('node:fs');
  writeFileSync(`${out}/result-refused-ru.pdf`, await pdf.body());
} finally {
  await browser.close();
  await adapter.stop();
}
