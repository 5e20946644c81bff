// Document scans on the request's documents step, in a real browser against the real adapter:
// attaching (picker, several at once, drag and drop), progress while sending, a connection cut
// and resumed from the adapter's offset, cancelling, removing, a renamed executable refused,
// large photos reduced before sending, axe, and the check page's list of documents.
// Fixtures are made here (bytes in JS, a photo drawn on a canvas): nothing binary is committed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { harness, noViolations, draftWithEverythingShown, DEMO, VIEWPORTS } from './browser.mjs';
import { png, renamedExe } from './fixtures.mjs';


const HOUSING = 'housing-assistance';
const LANGS = ['kk', 'ru'];

const TEXT = {
  kk: {
    remove: 'Жою', cancel: 'Болдырмау', dismiss: 'Жабу', pick: 'Файлды таңдау',
    missing: 'Әлі тіркелмеген міндетті құжаттар:', notAttached: 'Тіркелмеген',
    paused: 'Байланыс жоқ: жіберу тоқтатылды және байланыс қалпына келгенде жалғасады.',
    wrongType: 'Бұл файл PDF, JPEG немесе PNG емес. Құжатты осы пішімдердің бірінде тіркеңіз.',
    progress: /^(\d+)% жіберілді, (\d+(?:,\d)?) (?:МБ|КБ) қалды$/,
    smallerStart: 'Фото кішірейтілді: ',
    smaller: (from, to) => `Фото кішірейтілді: ${from} орнына ${to} жіберіледі`,
  },
  ru: {
    remove: 'Удалить', cancel: 'Отмена', dismiss: 'Закрыть', pick: 'Выбрать файл',
    missing: 'Ещё не прикреплены обязательные документы:', notAttached: 'Не прикреплён',
    paused: 'Нет связи: отправка приостановлена и продолжится, когда связь восстановится.',
    wrongType: 'Этот файл не PDF, не JPEG и не PNG. Прикрепите документ в одном из этих форматов.',
    progress: /^Отправлено (\d+)%, осталось (\d+(?:,\d)?) (?:МБ|КБ)$/,
    smallerStart: 'Фото уменьшено: ',
    smaller: (from, to) => `Фото уменьшено: будет отправлено ${to} вместо ${from}`,
  },
};

/** A slow line (upload 1 MB/s): a 6 MB file takes about 6 s, long enough to watch and cut. */
const SLOW = { offline: false, latency: 20, downloadThroughput: 4 * 1024 * 1024, uploadThroughput: 1024 * 1024 };
const CUT = { offline: true, latency: 0, downloadThroughput: -1, uploadThroughput: -1 };
/** Waits on throttled uploads (6 MB at 1 MB/s plus the pauses) and on the adapter. */
const LONG = { timeout: 60_000 };

// ---- fixtures, made in memory ----

/** A PDF of about `size` bytes: header, comment lines unique per line (so a misplaced piece
 *  shows up when comparing bytes), the end marker the adapter looks for. */
function pdf(size = 300, label = 'scan') {
  const lines = ['%PDF-1.4', `% ${label}`];
  let length = lines.join('\n').length + 1;
  for (let i = 0; length < size - 7; i++) {
    const line = `% ${label} ${String(i).padStart(8, '0')} ${((i * 2654435761) >>> 0).toString(16).padStart(8, '0').repeat(6)}`;
    lines.push(line);
    length += line.length + 1;
  }
  lines.push('%%EOF');
  return Buffer.from(lines.join('\n') + '\n');
}

/** A noisy 3000×2000 photo drawn in the page and saved as a JPEG (well over 1.5 MB). */
async function bigPhoto(page) {
  const base64 = await page.evaluate(async () => {
    const canvas = document.createElement('canvas');
    canvas.width = 3000;
    canvas.height = 2000;
    const context = canvas.getContext('2d');
    const image = context.createImageData(3000, 2000);
    let seed = 12345;
    for (let i = 0; i < image.data.length; i += 4) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const p = i / 4;
      const noise = (seed >>> 24) - 128;
      image.data[i] = ((p % 3000) / 12 + noise) & 255;
      image.data[i + 1] = (Math.floor(p / 3000) / 8 + noise / 2) & 255;
      image.data[i + 2] = (200 + noise / 3) & 255;
      image.data[i + 3] = 255;
    }
    context.putImageData(image, 0, 0);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.95));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  });
  return Buffer.from(base64, 'base64');
}

/** A JPEG's width and height, from its start-of-frame marker. */
function jpegSize(bytes) {
  let i = 2;
  while (i < bytes.length) {
    const marker = bytes[i + 1];
    const length = bytes.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { height: bytes.readUInt16BE(i + 5), width: bytes.readUInt16BE(i + 7) };
    }
    i += 2 + length;
  }
  throw new Error('no SOF marker');
}

/** A size as the page writes it (src/uploads.rs size_text): "0,2 КБ", "6 МБ". */
function sizeText(bytes) {
  const [value, unit] = bytes >= 1024 * 1024 ? [bytes / (1024 * 1024), 'МБ'] : [Math.max(bytes / 1024, 0.1), 'КБ'];
  return `${String(Math.round(value * 10) / 10).replace('.', ',')} ${unit}`;
}

// ---- the page and the adapter ----

/** Script errors, not the browser's notes on failed requests that are expected here: a file
 *  refused (422), a request cut off (offline), and a PDF's thumbnail that cannot be drawn (404;
 *  the adapter draws a PDF's first page on request, and these fixture PDFs have no page). */
const scriptErrors = (page) => page.jsErrors.filter((e) =>
  !/Failed to load resource.*(422|404|ERR_INTERNET_DISCONNECTED)/.test(e));

/** The documents of `service` asked for on the portal, by id: { id: {kk, ru, required} }. */
async function portalDocuments(h, page, service) {
  const { service: s } = await (await page.context().request.get(`${h.url}/api/services/${service}`)).json();
  return Object.fromEntries(s.documents.filter((d) => d.channels.includes('portal')).map((d) => [d.id, d]));
}

/**
 * A signed-in citizen's page on the documents step of a fresh draft of `service` (every
 * conditional question switched on). Resolves to { page, id, docs }.
 */
async function openDocuments(h, { lang, viewport = VIEWPORTS.kiosk, service = HOUSING, bypassCSP = false }) {
  const page = await h.newPage({ lang, viewport, bypassCSP });
  await h.signIn(page, DEMO.citizen);
  const { id } = await draftWithEverythingShown(page.context().request, h.url, service);
  const docs = await portalDocuments(h, page, service);
  await page.goto(`${h.url}/applications/${id}/documents`);
  await page.locator('h1').first().waitFor();
  await page.locator('section.slot').first().waitFor();
  return { page, id, docs };
}

/** GET /api/applications/{id}/documents, through the page's cookie (node side, so it works
 *  while the browser is offline). */
async function onServer(h, page, id) {
  const response = await page.context().request.get(`${h.url}/api/applications/${id}/documents`);
  assert.equal(response.status(), 200, 'GET documents');
  return response.json();
}

/** Polls the adapter until `ok(list)` (cancel and refresh are asynchronous). */
async function untilServer(h, page, id, ok, what, timeout = 15_000) {
  const end = Date.now() + timeout;
  let list;
  while (Date.now() < end) {
    list = await onServer(h, page, id);
    if (ok(list)) return list;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`${what}: the adapter has ${JSON.stringify(list)}`);
}

/** The download's bytes, through the page's cookie. */
async function download(h, page, href) {
  const response = await page.context().request.get(new URL(href, h.url).href);
  assert.equal(response.status(), 200, `GET ${href}`);
  return response.body();
}

const slotOf = (page, slot) => page.locator(`section.slot[aria-labelledby="slot-${slot}"]`);
/** An attached file's row (with its download link), by file name. */
const attachedRow = (page, slot, name) => slotOf(page, slot).locator('li.slot__file')
  .filter({ has: page.locator('a.slot__name', { hasText: name }) });
/** A file's row while it is sent (or refused: then without its bar), by file name. */
const sendingRow = (page, slot, name) => slotOf(page, slot).locator('li.slot__file')
  .filter({ has: page.locator('span.slot__name', { hasText: name }) });

/** Throttles the page's network through its own DevTools session. Offline is switched through
 *  the same session: Playwright's context.setOffline, sent on another session, does not
 *  override these conditions (the upload carried on regardless), so it cannot cut it. */
async function slowLine(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW);
  return {
    cut: () => cdp.send('Network.emulateNetworkConditions', CUT),
    restore: () => cdp.send('Network.emulateNetworkConditions', SLOW),
    fast: () => cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 }),
  };
}

/** Percent of a file's progress bar (a number), read in the page. */
const percentOf = (row) => row.locator('progress.slot__progress').evaluate((p) => Number(p.value));

test('document scans', async (t) => {
  const h = await harness(t);

  for (const lang of LANGS) {
    await t.test(`${lang}: a PDF and a PNG attached at once; names, sizes, thumbnail, download, the notice`, async () => {
      const viewport = lang === 'kk' ? VIEWPORTS.phone : VIEWPORTS.kiosk;
      const { page, id, docs } = await openDocuments(h, { lang, viewport });
      const slot = 'income';
      const name = docs[slot][lang];
      const section = slotOf(page, slot);
      assert.equal((await section.locator('h2').innerText()).trim(), name);
      // The picker's visible label is the button, in the page's language.
      await page.locator(`label[for="file-${slot}"]`).getByText(TEXT[lang].pick, { exact: true }).waitFor();
      // Before: the notice names the document.
      const notice = page.locator('.notice');
      await notice.getByText(TEXT[lang].missing, { exact: true }).waitFor();
      await notice.locator('li').getByText(name, { exact: true }).waitFor();

      const files = [
        { name: 'справка о доходах.pdf', mimeType: 'application/pdf', buffer: pdf(300, 'income') },
        { name: 'scan-1.png', mimeType: 'image/png', buffer: png() },
      ];
      await page.locator(`#file-${slot}`).setInputFiles(files);
      for (const file of files) {
        const row = attachedRow(page, slot, file.name);
        await row.waitFor(LONG);
        assert.equal((await row.locator('a.slot__name').innerText()).trim(), file.name);
        assert.equal((await row.locator('.slot__size').innerText()).trim(), sizeText(file.buffer.length));
        await row.getByRole('button', { name: `${TEXT[lang].remove} ${file.name}` }).waitFor();
      }
      // The photo has a thumbnail that loaded; the PDF the PDF mark.
      const thumb = attachedRow(page, slot, 'scan-1.png').locator('img.slot__thumb');
      assert.match(await thumb.getAttribute('src'), /^\/api\/documents\/[0-9a-f]+\/thumbnail$/);
      await thumb.evaluate((img) => img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; }));
      assert.ok(await thumb.evaluate((img) => img.naturalWidth) > 0, 'the thumbnail loaded');
      // A PDF with no page to draw: its mark (at once, or once its thumbnail is refused).
      const pdfRow = attachedRow(page, slot, files[0].name);
      await pdfRow.locator('span.slot__thumb--pdf').waitFor();
      assert.equal((await pdfRow.locator('span.slot__thumb--pdf').innerText()).trim(), 'PDF');
      assert.equal(await pdfRow.locator('img').count(), 0);
      // Nothing left sending.
      await section.locator('progress.slot__progress').waitFor({ state: 'detached' });

      const list = await onServer(h, page, id);
      assert.deepEqual(list.uploads, []);
      assert.deepEqual(list.files.map((f) => [f.slot, f.name, f.size, f.content_type, f.thumbnail]).sort(), [
        [slot, 'scan-1.png', files[1].buffer.length, 'image/png', true],
        [slot, files[0].name, files[0].buffer.length, 'application/pdf', false],
      ]);
      // The notice no longer names the document (the other required ones are still there).
      await notice.locator('li').getByText(name, { exact: true }).waitFor({ state: 'detached' });
      await notice.locator('li').getByText(docs['utility-bills'][lang], { exact: true }).waitFor();
      // Each download link gives back the very bytes sent.
      for (const file of files) {
        const href = await attachedRow(page, slot, file.name).locator('a.slot__name').getAttribute('href');
        const served = list.files.find((f) => f.name === file.name);
        assert.equal(href, `/api/documents/${served.id}`);
        assert.ok((await download(h, page, href)).equals(file.buffer), `${file.name}: same bytes`);
      }
      assert.deepEqual(scriptErrors(page), []);
      await page.context().close();
    });
  }

  await t.test('kk: a file dropped onto the slot is attached', async () => {
    const { page, id } = await openDocuments(h, { lang: 'kk' });
    const slot = 'utility-bills';
    const bytes = pdf(500, 'dropped');
    // A drop as the browser makes it: a DataTransfer holding a File, on the drop zone.
    await slotOf(page, slot).locator('.slot__drop').evaluate((zone, data) => {
      const transfer = new DataTransfer();
      transfer.items.add(new File([new Uint8Array(data)], 'dropped.pdf', { type: 'application/pdf' }));
      zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
      zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    }, [...bytes]);
    await attachedRow(page, slot, 'dropped.pdf').waitFor(LONG);
    const list = await onServer(h, page, id);
    assert.deepEqual(list.files.map((f) => [f.slot, f.name, f.size]), [[slot, 'dropped.pdf', bytes.length]]);
    // The zone's "dragging over" look goes with the drop.
    assert.equal(await slotOf(page, slot).locator('.slot__drop--over').count(), 0);
    assert.deepEqual(scriptErrors(page), []);
    await page.context().close();
  });

  await t.test('kk: the progress bar and its status move while a large file is sent, then it is attached', async () => {
    const { page, id } = await openDocuments(h, { lang: 'kk' });
    const slot = 'maintenance-bill';
    await slowLine(page);
    const big = pdf(6 * 1024 * 1024, 'progress');
    await page.locator(`#file-${slot}`).setInputFiles({ name: 'big.pdf', mimeType: 'application/pdf', buffer: big });
    const row = sendingRow(page, slot, 'big.pdf');
    await row.waitFor();
    // Every frame: the bar's value and the status line, until two different values between
    // 0 and 100 were seen, each with a status that matches it.
    const seen = await page.waitForFunction(() => {
      const progress = document.querySelector('progress.slot__progress[aria-label="big.pdf"]');
      const status = progress?.parentElement.querySelector('.slot__status');
      window.__seen ??= [];
      if (progress && status) window.__seen.push([Number(progress.value), progress.max, status.textContent]);
      const middle = new Set(window.__seen.filter(([v]) => v > 0 && v < 100).map(([v]) => v));
      return middle.size >= 2 && window.__seen;
    }, null, { polling: 'raf', ...LONG }).then((handle) => handle.jsonValue());
    const middle = seen.filter(([v]) => v > 0 && v < 100);
    for (const [value, max, status] of middle) {
      assert.equal(max, 100);
      const match = TEXT.kk.progress.exec(status);
      assert.ok(match, `status "${status}"`);
      // The status may lag the bar by a frame; it never runs ahead of it.
      assert.ok(Number(match[1]) <= value, `status ${match[1]}% with the bar at ${value}`);
    }
    await attachedRow(page, slot, 'big.pdf').waitFor(LONG);
    await row.waitFor({ state: 'detached' });
    const list = await onServer(h, page, id);
    assert.deepEqual(list.files.map((f) => [f.name, f.size]), [['big.pdf', big.length]]);
    assert.deepEqual(list.uploads, []);
    assert.deepEqual(scriptErrors(page), []);
    await page.context().close();
  });

  for (const lang of LANGS) {
    await t.test(`${lang}: the connection cut mid-file pauses it; back online it goes on from the adapter's offset`, async () => {
      const { page, id } = await openDocuments(h, { lang });
      const slot = 'telecom-bill';
      const line = await slowLine(page);
      const patches = [];
      page.on('request', (r) => {
        if (r.method() === 'PATCH' && r.url().includes('/api/uploads/')) patches.push(Number(r.headers()['upload-offset']));
      });
      const big = pdf(6 * 1024 * 1024, `resume-${lang}`);
      await page.locator(`#file-${slot}`).setInputFiles({ name: 'resume.pdf', mimeType: 'application/pdf', buffer: big });
      const row = sendingRow(page, slot, 'resume.pdf');
      await row.waitFor();
      await page.waitForFunction(() => {
        const p = document.querySelector('progress.slot__progress[aria-label="resume.pdf"]');
        return p && Number(p.value) >= 20;
      }, null, { polling: 'raf', ...LONG });

      await line.cut();
      await row.locator('.slot__status').getByText(TEXT[lang].paused, { exact: true }).waitFor(LONG);
      const pausedAt = await percentOf(row);
      assert.ok(pausedAt >= 20 && pausedAt < 100, `paused at ${pausedAt}%`);
      // The adapter kept what arrived (read from node: the browser is offline).
      const held = await onServer(h, page, id);
      assert.deepEqual(held.files, []);
      assert.equal(held.uploads.length, 1);
      const [upload] = held.uploads;
      assert.deepEqual([upload.slot, upload.name, upload.length], [slot, 'resume.pdf', big.length]);
      assert.ok(upload.offset > 0 && upload.offset < big.length, `the adapter has ${upload.offset} bytes`);
      const patchesBefore = patches.length;

      // From here, every frame: the bar and the status, to see what the person sees on resuming.
      await page.evaluate(() => {
        window.__resumed = [];
        const watch = () => {
          const p = document.querySelector('progress.slot__progress[aria-label="resume.pdf"]');
          if (!p) return;
          window.__resumed.push([Number(p.value), p.parentElement.querySelector('.slot__status')?.textContent ?? '']);
          requestAnimationFrame(watch);
        };
        requestAnimationFrame(watch);
      });
      await line.restore(); // the page hears 'online' and asks the adapter where it stopped
      await attachedRow(page, slot, 'resume.pdf').waitFor(LONG);
      await row.waitFor({ state: 'detached' });

      // Not started over: one piece ever sent from 0, the first one after the cut from where
      // the adapter was (at least what it had when asked above).
      assert.equal(patches.filter((o) => o === 0).length, 1, `offsets sent: ${patches.join(', ')}`);
      const resumedFrom = patches[patchesBefore];
      assert.ok(resumedFrom >= upload.offset && resumedFrom > 0, `resumed from ${resumedFrom}, the adapter had ${upload.offset}`);

      const list = await onServer(h, page, id);
      assert.deepEqual(list.uploads, []);
      assert.equal(list.files.length, 1);
      assert.equal(list.files[0].size, big.length);
      const bytes = await download(h, page, `/api/documents/${list.files[0].id}`);
      assert.ok(bytes.equals(big), 'the attached file is byte for byte the one chosen');
      assert.deepEqual(scriptErrors(page), []);

      // Once the bar moves again the status must not still say the connection is lost.
      const resumed = await page.evaluate(() => window.__resumed);
      const wrong = resumed.filter(([value, status]) => value > pausedAt && status === TEXT[lang].paused);
      assert.deepEqual(wrong.slice(0, 3), [],
        `sending again (bar past ${pausedAt}%) while the status still says "${TEXT[lang].paused}" in ${wrong.length} frames`);
      await page.context().close();
    });
  }

  for (const lang of LANGS) {
    await t.test(`${lang}: removing a file takes it off the page and off the adapter`, async () => {
      const { page, id } = await openDocuments(h, { lang });
      const slot = 'income';
      const files = [
        { name: 'keep.pdf', mimeType: 'application/pdf', buffer: pdf(400, 'keep') },
        { name: 'remove-me.png', mimeType: 'image/png', buffer: png(32, 32) },
      ];
      await page.locator(`#file-${slot}`).setInputFiles(files);
      for (const file of files) await attachedRow(page, slot, file.name).waitFor(LONG);
      await untilServer(h, page, id, (l) => l.files.length === 2, 'both attached');

      await attachedRow(page, slot, 'remove-me.png')
        .getByRole('button', { name: `${TEXT[lang].remove} remove-me.png` }).click();
      await attachedRow(page, slot, 'remove-me.png').waitFor({ state: 'detached' });
      await attachedRow(page, slot, 'keep.pdf').waitFor();
      const list = await onServer(h, page, id);
      assert.deepEqual(list.files.map((f) => f.name), ['keep.pdf']);
      // And after a reload.
      await page.reload();
      await attachedRow(page, slot, 'keep.pdf').waitFor();
      assert.equal(await attachedRow(page, slot, 'remove-me.png').count(), 0);
      assert.deepEqual(scriptErrors(page), []);
      await page.context().close();
    });
  }

  for (const lang of LANGS) {
    await t.test(`${lang}: an executable renamed scan.pdf is refused at its slot, in the page's language`, async () => {
      const { page, id } = await openDocuments(h, { lang });
      const slot = 'utility-bills';
      await page.locator(`#file-${slot}`).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: renamedExe() });
      const row = sendingRow(page, slot, 'scan.pdf');
      await row.locator('.field__error').getByText(TEXT[lang].wrongType, { exact: true }).waitFor(LONG);
      assert.match(await row.getAttribute('class'), /slot__file--refused/);
      assert.equal(await row.locator('.slot__status').count(), 0);
      assert.equal(await attachedRow(page, slot, 'scan.pdf').count(), 0);
      const list = await onServer(h, page, id);
      assert.deepEqual(list, { files: [], uploads: [] }, 'nothing attached, nothing left half-sent');
      // "Close" takes the message away.
      await row.getByRole('button', { name: TEXT[lang].dismiss, exact: true }).click();
      await row.waitFor({ state: 'detached' });
      // The slot takes a proper file afterwards.
      await page.locator(`#file-${slot}`).setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: pdf(300, 'real') });
      await attachedRow(page, slot, 'scan.pdf').waitFor(LONG);
      assert.deepEqual(scriptErrors(page), []);
      await page.context().close();
    });
  }

  for (const lang of LANGS) {
    await t.test(`${lang}: cancelling a file on its way removes it, on the page and on the adapter`, async () => {
      const { page, id } = await openDocuments(h, { lang, viewport: VIEWPORTS.phone });
      const slot = 'income';
      await slowLine(page);
      await page.locator(`#file-${slot}`).setInputFiles({ name: 'cancel-me.pdf', mimeType: 'application/pdf', buffer: pdf(6 * 1024 * 1024, 'cancel') });
      const row = sendingRow(page, slot, 'cancel-me.pdf');
      await page.waitForFunction(() => {
        const p = document.querySelector('progress.slot__progress[aria-label="cancel-me.pdf"]');
        return p && Number(p.value) >= 10;
      }, null, { polling: 'raf', ...LONG });
      await untilServer(h, page, id, (l) => l.uploads.length === 1, 'the upload begun');
      await row.getByRole('button', { name: `${TEXT[lang].cancel} cancel-me.pdf` }).click();
      await row.waitFor({ state: 'detached' });
      await untilServer(h, page, id, (l) => l.uploads.length === 0, 'the upload dropped');
      assert.deepEqual((await onServer(h, page, id)).files, []);
      // Nothing comes back on a reload either (no "stopped at N%" row).
      await page.reload();
      await slotOf(page, slot).waitFor();
      assert.equal(await slotOf(page, slot).locator('li.slot__file').count(), 0);
      assert.deepEqual(scriptErrors(page), []);
      await page.context().close();
    });
  }

  for (const lang of LANGS) {
    await t.test(`${lang}: a 3000×2000 photo is reduced to a JPEG of 2000 px before sending`, async () => {
      const { page, id } = await openDocuments(h, { lang });
      const slot = 'maintenance-bill';
      const photo = await bigPhoto(page);
      assert.ok(photo.length > 1.5 * 1024 * 1024, `the photo is ${photo.length} bytes`);
      // Slow enough that the reduced size can be read while it is sent.
      const line = await slowLine(page);
      await page.locator(`#file-${slot}`).setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: photo });
      const row = sendingRow(page, slot, 'photo.jpg');
      const note = row.locator('.slot__size').filter({ hasText: TEXT[lang].smallerStart });
      await note.waitFor(LONG);
      const shown = (await note.innerText()).trim();
      await line.fast();
      await attachedRow(page, slot, 'photo.jpg').waitFor(LONG);

      const list = await onServer(h, page, id);
      assert.equal(list.files.length, 1);
      const [file] = list.files;
      assert.equal(file.content_type, 'image/jpeg');
      assert.ok(file.size < photo.length, `sent ${file.size} bytes of ${photo.length}`);
      assert.equal(shown, TEXT[lang].smaller(sizeText(photo.length), sizeText(file.size)));
      const bytes = await download(h, page, `/api/documents/${file.id}`);
      assert.equal(bytes.length, file.size);
      assert.deepEqual(jpegSize(bytes), { width: 2000, height: 1333 });
      // The attached row shows the size sent.
      assert.equal((await attachedRow(page, slot, 'photo.jpg').locator('.slot__size').innerText()).trim(), sizeText(file.size));
      assert.deepEqual(scriptErrors(page), []);
      await page.context().close();
    });
  }

  for (const lang of LANGS) {
    for (const [width, viewport] of Object.entries(VIEWPORTS)) {
      await t.test(`axe, ${lang}, ${width}: files attached and a refused one shown`, async () => {
        // axe is injected as a script: only the test's context may bypass our strict CSP.
        const { page } = await openDocuments(h, { lang, viewport, bypassCSP: true });
        await noViolations(page, 'documents, nothing attached');
        await page.locator('#file-income').setInputFiles([
          { name: 'income.pdf', mimeType: 'application/pdf', buffer: pdf(300, 'axe') },
          { name: 'income.png', mimeType: 'image/png', buffer: png() },
        ]);
        await attachedRow(page, 'income', 'income.pdf').waitFor(LONG);
        await attachedRow(page, 'income', 'income.png').waitFor(LONG);
        // Settled: the PDF's mark in place of a thumbnail, the photo's thumbnail loaded.
        await attachedRow(page, 'income', 'income.pdf').locator('span.slot__thumb--pdf').waitFor();
        await attachedRow(page, 'income', 'income.png').locator('img.slot__thumb')
          .evaluate((img) => img.complete ? null : new Promise((r) => { img.onload = img.onerror = r; }));
        await page.locator('#file-utility-bills').setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: renamedExe() });
        await sendingRow(page, 'utility-bills', 'scan.pdf').locator('.field__error')
          .getByText(TEXT[lang].wrongType, { exact: true }).waitFor(LONG);
        await noViolations(page, 'documents with files and a refusal');
        await page.context().close();
      });
    }
  }

  for (const [lang, service] of [['ru', HOUSING], ['kk', 'foster-care']]) {
    await t.test(`${lang}: the check page lists each required document with its files (${service})`, async () => {
      const { page, id, docs } = await openDocuments(h, { lang, service });
      // Required ones: by the regulations, and by the answers (their tag says so).
      const required = [];
      for (const section of await page.locator('section.slot').all()) {
        if (await section.locator('.tag--required').count()) {
          required.push((await section.getAttribute('aria-labelledby')).replace(/^slot-/, ''));
        }
      }
      const notice = await page.locator('.notice li').allInnerTexts();
      assert.deepEqual(notice.map((s) => s.trim()).sort(), required.map((d) => docs[d][lang]).sort(),
        'the notice names exactly the required documents');
      assert.ok(required.some((d) => !docs[d].required), 'a document required by the answers is among them');

      // Before: each is "not attached" on the check page.
      await page.goto(`${h.url}/applications/${id}/check`);
      const summary = page.locator('dl.summary--documents');
      await summary.waitFor();
      assert.equal(await summary.locator('.summary__missing').count(), required.length);

      await page.goto(`${h.url}/applications/${id}/documents`);
      for (const slot of required) {
        await page.locator(`#file-${slot}`).setInputFiles({ name: `${slot}.pdf`, mimeType: 'application/pdf', buffer: pdf(250, slot) });
        await attachedRow(page, slot, `${slot}.pdf`).waitFor(LONG);
      }
      await page.locator('.notice').waitFor({ state: 'detached' });
      await page.locator('form.form button[type=submit]').click();
      await page.waitForURL(`${h.url}/applications/${id}/check`);
      await summary.waitFor();
      const text = await summary.innerText();
      assert.ok(!text.includes(TEXT[lang].notAttached), `no "${TEXT[lang].notAttached}" in:\n${text}`);
      assert.equal(await summary.locator('.summary__missing').count(), 0);
      for (const slot of required) {
        const row = summary.locator('.summary__row').filter({ has: page.locator('dt', { hasText: docs[slot][lang] }) });
        assert.equal(await row.count(), 1, docs[slot][lang]);
        assert.equal((await row.locator('dd').first().innerText()).trim(), `${slot}.pdf`);
      }
      assert.deepEqual(scriptErrors(page), []);
      await page.context().close();
    });
  }
});

