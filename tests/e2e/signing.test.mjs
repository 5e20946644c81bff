// Sign and submit in a real browser against the real adapter: a test signing certificate
// obtained in the cabinet (a PKCS#12 key file downloaded), a housing assistance request in
// Kazakh and another service in Russian signed with it in the browser (the signing worker),
// the receipt with its number, the print view and the PDF; another person's certificate
// refused with its reason; axe on the signing, receipt and cabinet pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { harness, noViolations, DEMO, VIEWPORTS } from './browser.mjs';
import { IINS } from './answers.mjs';
import { startNcaLayer, VERSION } from './ncalayer.mjs';
import { KEY_PASSWORD, LONG, obtainKeyFile, readyToSign, sign } from './submitting.mjs';

const TEXT = {
  kk: {
    certificateButton: 'Тест куәлігін алу', password: 'Кілт файлының құпиясөзі', repeat: 'Құпиясөзді қайталаңыз',
    signContinue: 'Қол қоюға өту', sign: 'Қол қою және жіберу', signTitle: 'Қол қою және жіберу',
    keyFile: 'ЭЦҚ тіркеу куәлігі бар кілт файлы', receipt: 'Қолхат',
    due: 'Нәтиже берілетін мерзім', dueAt: /^\d{4} жылғы \d{1,2} [а-яәғқңөұүһі]+, \d\d:\d\d \(Астана уақыты\)/, print: 'Басып шығару', pdf: 'PDF жүктеп алу',
    submitted: /^Өтініш жіберілді\. Оның нөмірі: (\d{4}-\d{6})\.$/,
    wrongPassword: 'Құпиясөз бұл кілт файлына сәйкес келмейді. Тексеріп, қайта енгізіңіз.',
    anotherPerson: 'Куәліктегі ЖСН өтініштегі ЖСН-ге сәйкес келмейді. Өз куәлігіңізбен қол қойыңыз.',
    summary: 'Қатені түзетіңіз',
    notRunning: 'NCALayer іске қосылмаған: оны іске қосыңыз немесе кілт файлымен қол қойыңыз.',
    checkAgain: 'Қайта тексеру', running: `NCALayer ${VERSION} іске қосулы`,
    cancelled: 'Қол қою NCALayer терезесінде тоқтатылды. Қайта қол қойыңыз.',
  },
  ru: {
    certificateButton: 'Получить тестовое свидетельство', password: 'Пароль файла ключа', repeat: 'Повторите пароль',
    signContinue: 'Перейти к подписанию', sign: 'Подписать и отправить', signTitle: 'Подписание и отправка',
    keyFile: 'Файл ключа с регистрационным свидетельством ЭЦП', receipt: 'Расписка',
    due: 'Срок выдачи результата', dueAt: /^\d{1,2} [а-я]+ \d{4} г\., \d\d:\d\d \(время Астаны\)/, print: 'Распечатать', pdf: 'Скачать PDF',
    submitted: /^Заявление отправлено\. Его номер: (\d{4}-\d{6})\.$/,
    wrongPassword: 'Пароль не подходит к этому файлу ключа. Проверьте и введите снова.',
    anotherPerson: 'ИИН в свидетельстве не совпадает с ИИН в заявлении. Подпишите своим свидетельством.',
    notRunning: 'NCALayer не запущен: запустите его или подпишите файлом ключа.',
    checkAgain: 'Проверить снова', running: `NCALayer ${VERSION} запущен`,
    cancelled: 'Подписание отменено в окне NCALayer. Подпишите снова.',
  },
};
test('signing and submitting, with the receipt', { timeout: 300_000 }, async (t) => {
  const h = await harness(t);
  const cases = [
    { lang: 'kk', service: 'housing-assistance' },
    { lang: 'ru', service: 'foster-care' },
  ];
  for (const { lang, service } of cases) {
    await t.test(`${lang}: ${service} signed with a key file from the cabinet; the receipt; print and PDF`, LONG, async () => {
      const page = await h.newPage({ lang, bypassCSP: true, viewport: VIEWPORTS.kiosk });
      await h.signIn(page, DEMO.citizen);
      const keyFile = await obtainKeyFile(page, h.url, lang);
      assert.equal(readFileSync(keyFile)[0], 0x30, 'a DER key file (PKCS#12)');
      await noViolations(page, `${lang} cabinet with a certificate`);

      const id = await readyToSign(page, h.url, service, lang);
      await page.getByRole('link', { name: TEXT[lang].signContinue }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/sign'));
      await page.getByRole('heading', { level: 1, name: TEXT[lang].signTitle }).waitFor();
      // What is signed: every attached file with its SHA-256.
      await page.locator('.signed-file__hash').first().waitFor();
      const hashes = await page.locator('.signed-file__hash').allInnerTexts();
      assert.ok(hashes.length >= 1 && hashes.every((x) => /^SHA-256 [0-9a-f]{64}$/.test(x)), hashes.join('\n'));
      await noViolations(page, `${lang} sign page`);

      // A wrong password: said at the password, nothing lost, still on the page.
      await sign(page, keyFile, 'not-the-password', lang);
      await page.locator('#key_password-error').waitFor(LONG);
      assert.match(await page.locator('#key_password-error').innerText(), new RegExp(TEXT[lang].wrongPassword.slice(0, 20)));
      assert.ok(new URL(page.url()).pathname.endsWith('/sign'));

      await sign(page, keyFile, KEY_PASSWORD, lang);
      await page.waitForURL((u) => u.pathname.endsWith('/receipt'), LONG);
      const notice = await page.locator('p.notice--done').innerText();
      const number = TEXT[lang].submitted.exec(notice)?.[1];
      assert.ok(number, notice);
      assert.equal(await page.locator('.receipt__number').innerText(), number);
      // When the result is due, from the regulation's stages on the working-day calendar.
      const due = page.locator('.summary__row', { has: page.getByText(TEXT[lang].due, { exact: true }) }).locator('dd');
      assert.match(await due.innerText(), TEXT[lang].dueAt);
      const qr = page.locator('.receipt__qr img');
      await qr.waitFor();
      assert.ok(await qr.evaluate((img) => img.complete && img.naturalWidth > 0), 'the QR code loaded');
      await noViolations(page, `${lang} receipt`);

      // The print view: the receipt alone.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('header.site-header').isVisible(), false);
      assert.equal(await page.getByRole('button', { name: TEXT[lang].print }).isVisible(), false);
      assert.ok(await page.locator('.receipt').isVisible());
      await page.emulateMedia({ media: 'screen' });

      // The PDF: its text has the number and the applicant (read by the adapter's own test
      // too); here, that the link downloads a PDF in the page's language.
      const pdfLink = page.getByRole('link', { name: TEXT[lang].pdf });
      assert.match(await pdfLink.getAttribute('href'), new RegExp(`/receipt\\.pdf\\?lang=${lang}$`));
      const download = page.waitForEvent('download');
      await pdfLink.click();
      const pdf = readFileSync(await (await download).path());
      assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');

      // Listed as submitted, with the number; a direct visit to a form step lands on the receipt.
      await page.goto(`${h.url}/cabinet`);
      await page.locator('li.application', { hasText: number }).waitFor();
      await page.goto(`${h.url}/applications/${id}/check`);
      await page.waitForURL((u) => u.pathname.endsWith('/receipt'));
      assert.equal(page.jsErrors.length, 0, page.jsErrors.join('\n'));
      await page.context().close();
    });
  }

  await t.test('another person\'s certificate is refused with its reason; nothing is lost', LONG, async () => {
    // Another citizen registers and obtains a certificate.
    const other = await h.newPage({ lang: 'ru' });
    const registered = await other.context().request.post(`${h.url}/api/accounts`, {
      data: { iin: IINS.dinara, password: 'long-enough-1', password_repeat: 'long-enough-1', phone: '+7 701 000 00 00', email: '' },
    });
    assert.ok(registered.ok(), await registered.text());
    const theirKey = await obtainKeyFile(other, h.url, 'ru');

    const page = await h.newPage({ lang: 'ru', bypassCSP: true, viewport: VIEWPORTS.phone });
    await h.signIn(page, DEMO.citizen);
    const id = await readyToSign(page, h.url, 'housing-assistance', 'ru');
    await page.goto(`${h.url}/applications/${id}/sign`);
    await page.locator('#key_file').waitFor();
    await sign(page, theirKey, KEY_PASSWORD, 'ru');
    await page.locator('#key_file-error').waitFor(LONG);
    assert.match(await page.locator('#key_file-error').innerText(), /ИИН в свидетельстве не совпадает/);
    await page.locator('.error-summary').waitFor();
    await noViolations(page, 'ru sign page with a refusal, phone width');
    const draft = await (await page.context().request.get(`${h.url}/api/applications/${id}`)).json();
    assert.equal(draft.status, 'draft');
    assert.ok(Object.keys(draft.answers).length > 5, 'the answers are all still there');
  });
});

test('signing through NCALayer where it runs, and a plain message where it does not', { timeout: 300_000 }, async (t) => {
  const h = await harness(t);
  for (const lang of ['kk', 'ru']) {
    await t.test(`${lang}: NCALayer not running, then running: cancelled, then signed`, LONG, async () => {
      const page = await h.newPage({ lang, bypassCSP: true, ignoreHTTPSErrors: true, viewport: VIEWPORTS.kiosk });
      await h.signIn(page, DEMO.citizen);
      const keyFile = await obtainKeyFile(page, h.url, lang);
      await readyToSign(page, h.url, 'housing-assistance', lang);
      await page.getByRole('link', { name: TEXT[lang].signContinue }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/sign'));

      // Nothing at NCALayer's address: said plainly, and the key file is offered.
      const state = page.locator('#ncalayer-state');
      await state.getByText(TEXT[lang].notRunning).waitFor(LONG);
      assert.ok(await page.locator('#method-key-file').isChecked());
      assert.ok(await page.locator('#key_file').isVisible());
      await noViolations(page, `${lang} sign page, NCALayer not running`);

      const ncalayer = await startNcaLayer();
      t.after(() => ncalayer.stop());
      await page.getByRole('button', { name: TEXT[lang].checkAgain }).click();
      await state.getByText(TEXT[lang].running).waitFor(LONG);
      assert.ok(await page.locator('#ncalayer').isChecked(), 'NCALayer is chosen once it runs');
      assert.equal(await page.locator('#key_file').count(), 0, 'no key file asked for');
      await noViolations(page, `${lang} sign page, NCALayer running`);

      // The person closes NCALayer's window: said at the choice, still on the page.
      ncalayer.setAnswer('cancel');
      await page.getByRole('button', { name: TEXT[lang].sign }).click();
      await page.locator('#ncalayer-error').getByText(TEXT[lang].cancelled).waitFor(LONG);
      await page.locator('.error-summary a[href="#ncalayer"]').waitFor();
      assert.ok(new URL(page.url()).pathname.endsWith('/sign'));

      // Signed by NCALayer (openssl, not our code) and accepted by the adapter's checks.
      ncalayer.setAnswer('sign');
      ncalayer.setKey(keyFile, KEY_PASSWORD);
      await page.getByRole('button', { name: TEXT[lang].sign }).click();
      await page.waitForURL((u) => u.pathname.endsWith('/receipt'), LONG);
      assert.ok(TEXT[lang].submitted.test(await page.locator('p.notice--done').innerText()));
      const request = ncalayer.requests.at(-1);
      assert.equal(request.args.signerParams.iin, DEMO.citizen);
      assert.deepEqual(request.args.signerParams.extKeyUsageOids, ['1.3.6.1.5.5.7.3.4']);
      assert.equal(request.args.locale, lang);
      assert.equal(page.jsErrors.length, 0, page.jsErrors.join('\n'));
      await page.context().close();
      await ncalayer.stop();
    });
  }
});
