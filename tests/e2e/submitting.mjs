// Submitting a request through the pages, as a citizen does: a test signing certificate from
// the cabinet, the form filled, a PNG in each document slot, signed with the key file. Shared
// by the signing and tracking tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ANSWERS, UI, fillPages, startApplication } from './answers.mjs';
import { png } from './fixtures.mjs';

const WORDS = {
  kk: { certificateButton: 'Тест куәлігін алу', password: 'Кілт файлының құпиясөзі', sign: 'Қол қою және жіберу', signContinue: 'Қол қоюға өту' },
  ru: { certificateButton: 'Получить тестовое свидетельство', password: 'Пароль файла ключа', sign: 'Подписать и отправить', signContinue: 'Перейти к подписанию' },
};

export const KEY_PASSWORD = 'kilt-faily-1';
export const LONG = { timeout: 60_000 };

/** Obtains a test certificate in the cabinet; resolves to the downloaded key file's path. */
export async function obtainKeyFile(page, url, lang) {
  await page.goto(`${url}/cabinet`);
  const section = page.locator('#certificates');
  await section.getByLabel(WORDS[lang].password, { exact: true }).fill(KEY_PASSWORD);
  await section.locator('#key_file_password_repeat').fill(KEY_PASSWORD);
  const download = page.waitForEvent('download');
  await section.getByRole('button', { name: WORDS[lang].certificateButton }).click();
  const file = await download;
  const path = join(mkdtempSync(join(tmpdir(), 'qyzmet-key-')), 'key.p12');
  await file.saveAs(path);
  // Listed with its validity once obtained.
  await section.locator('li.certificate').first().waitFor();
  return path;
}

/** Fills the whole form, attaches a PNG in each document slot, and opens the check page. */
export async function readyToSign(page, url, service, lang) {
  const id = await startApplication(page, url, service, lang);
  await fillPages(page, lang, ANSWERS[service]);
  await page.waitForURL((u) => u.pathname.endsWith('/documents'));
  // Every slot on the page: the required ones and those the answers made needed.
  await page.locator('input[id^="file-"]').first().waitFor();
  const slots = (await page.locator('input[id^="file-"]').evaluateAll((inputs) => inputs.map((i) => i.id.slice(5))));
  for (const slot of slots) {
    await page.locator(`#file-${slot}`).setInputFiles({ name: `${slot}.png`, mimeType: 'image/png', buffer: png() });
    await page.locator('section.slot', { has: page.locator(`[id="slot-${slot}"]`) })
      .locator('li.slot__file a.slot__name').first().waitFor(LONG);
  }
  await page.locator('form.form').getByRole('button', { name: UI[lang].continue }).click();
  await page.waitForURL((u) => u.pathname.endsWith('/check'));
  return id;
}

export async function sign(page, keyFile, password, lang) {
  await page.locator('#key_file').setInputFiles(keyFile);
  await page.locator('#key_password').fill(password);
  await page.getByRole('button', { name: WORDS[lang].sign }).click();
}

/** A request of `service` submitted through the pages by the signed-in citizen of `page`:
 * resolves to { id, number } on its receipt. */
export async function submitted(page, url, service, lang) {
  const keyFile = await obtainKeyFile(page, url, lang);
  const id = await readyToSign(page, url, service, lang);
  await page.getByRole('link', { name: WORDS[lang].signContinue }).click();
  await page.waitForURL((u) => u.pathname.endsWith('/sign'));
  await sign(page, keyFile, KEY_PASSWORD, lang);
  await page.waitForURL((u) => u.pathname.endsWith('/receipt'), LONG);
  const number = await page.locator('.receipt__number').innerText();
  return { id, number };
}
