// The upload benchmark (README): document scans sent to the adapter with tus over loopback, as
// the app sends them (4 MB PATCH pieces, one after another), and as one PATCH for the whole
// file. Throughput is a ratio against the same machine's raw sequential disk write of the same
// bytes, measured in the same run on the same file system (write in 1 MB chunks, fsync, close).
// The adapter's memory is read from /proc while it receives a file: its peak RSS (VmHWM, reset
// before each upload, and VmRSS sampled every 5 ms) over its idle RSS after warm-up requests.
// Not a test: it only reports. Alone: `node bench/uploads.mjs` (QYZMET_ADAPTER_BIN picks the
// adapter, as for the browser tests; QYZMET_BENCH_UPLOAD_RUNS multiplies the runs).
import { randomBytes } from 'node:crypto';
import {
  closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { startAdapter as startTestAdapter } from '../tests/e2e/browser.mjs';

const MB = 1024 * 1024;
const PIECE = 4 * MB; // as the app sends (src/uploads.rs, PIECE)
const CITIZEN = { iin: '850714300127', password: 'qyzmet-demo' };
const SERVICE = 'housing-assistance';
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// --- The adapter, started as the browser tests start it; its pid is ours to read ----------
const startAdapter = (adapterBin) => startTestAdapter({}, { binary: adapterBin });

// --- HTTP over one kept-alive connection, as a browser tab would -----------------------------
function client(base) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let cookie = '';
  function send(method, path, { headers = {}, body } = {}) {
    return new Promise((resolveResponse, reject) => {
      const req = request(base + path, {
        method, agent, headers: { ...(cookie && { cookie }), ...headers, 'content-length': body ? body.length : 0 },
      }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const setCookie = res.headers['set-cookie'];
          const session = setCookie && setCookie.map((c) => /^qyzmet_session=[^;]*/.exec(c)).find(Boolean);
          if (session) cookie = session[0];
          resolveResponse({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  async function json(method, path, data, expect) {
    const body = data === undefined ? undefined : Buffer.from(JSON.stringify(data));
    const res = await send(method, path, { body, headers: body ? { 'content-type': 'application/json' } : {} });
    if (res.status !== expect) throw new Error(`${method} ${path}: ${res.status} ${res.text}`);
    return res.text ? JSON.parse(res.text) : null;
  }
  return { send, json, close: () => agent.destroy() };
}

/** Signs the demo citizen in; returns the client and a document slot of the service. */
async function citizen(url) {
  const http = client(url);
  await http.json('POST', '/api/session', CITIZEN, 200);
  const { service } = await http.json('GET', `/api/services/${SERVICE}`, undefined, 200);
  return { http, slot: service.documents[0].id };
}

const b64 = (s) => Buffer.from(s).toString('base64');

/**
 * Sends `file` as one tus upload into a fresh draft (so the 100 MB per-request limit never
 * binds), in `piece`-byte PATCHes; returns the seconds from creation to the final 200.
 */
async function upload({ http, slot }, file, piece, times = []) {
  const draft = await http.json('POST', '/api/applications', { service: SERVICE }, 201);
  const started = process.hrtime.bigint();
  let lap = started;
  const split = () => { const now = process.hrtime.bigint(); times.push(Number(now - lap) / 1e6); lap = now; };
  const created = await http.send('POST', `/api/applications/${draft.id}/uploads`, {
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(file.length),
      'upload-metadata': `slot ${b64(slot)},filename ${b64('scan.pdf')}`,
    },
  });
  if (created.status !== 201) throw new Error(`create upload: ${created.status} ${created.text}`);
  split();
  const location = created.headers.location;
  for (let offset = 0; offset < file.length; offset += piece) {
    const body = file.subarray(offset, Math.min(offset + piece, file.length));
    const res = await http.send('PATCH', location, {
      body,
      headers: { 'tus-resumable': '1.0.0', 'content-type': 'application/offset+octet-stream', 'upload-offset': String(offset) },
    });
    const last = offset + body.length === file.length;
    if (res.status !== (last ? 200 : 204)) throw new Error(`PATCH ${location} @${offset}: ${res.status} ${res.text}`);
    split();
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await http.json('DELETE', `/api/applications/${draft.id}`, undefined, 204).catch(() => {});
  return seconds;
}

/**
 * A PDF the adapter accepts (it checks the two ends: "%PDF-" … "%%EOF", no markup or ZIP
 * headers) around random bytes, with no 'P' or '<' in them so no polyglot marker can appear.
 */
function pdf(bytes) {
  const file = randomBytes(bytes);
  for (let i = 0; i < file.length; i++) if (file[i] === 0x50 || file[i] === 0x3c) file[i] ^= 0x01;
  file.write('%PDF-1.7\n', 0, 'latin1');
  file.write('\n%%EOF\n', bytes - 7, 'latin1');
  return file;
}
/** Each upload its own bytes (the blob store keeps equal files once). */
let serial = 0;
function fresh(file) {
  file.write(String(serial++).padStart(12, '0') + '\n', 9, 'latin1');
  return file;
}

// --- The baseline: raw sequential write of the same bytes -----------------------------------
function diskWrite(dir, file) {
  const path = join(dir, `baseline-${serial++}.bin`);
  const started = process.hrtime.bigint();
  const fd = openSync(path, 'w');
  for (let offset = 0; offset < file.length; offset += MB) {
    const chunk = file.subarray(offset, Math.min(offset + MB, file.length));
    let done = 0;
    while (done < chunk.length) done += writeSync(fd, chunk, done);
  }
  fsyncSync(fd);
  closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  unlinkSync(path);
  return seconds;
}

// --- Memory: the adapter's VmRSS, read every few ms by a worker thread ----------------------
function status(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
  const threads = Number(/^Threads:\s+(\d+)/m.exec(text)?.[1]);
  return { rss: kb('VmRSS'), anon: kb('RssAnon'), hwm: kb('VmHWM'), threads };
}
const SAMPLER = `
const { workerData, parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const flag = new Int32Array(workerData.stop);
let rss = 0, anon = 0, samples = 0;
while (Atomics.load(flag, 0) === 0) {
  try {
    const t = readFileSync('/proc/' + workerData.pid + '/status', 'utf8');
    rss = Math.max(rss, Number(/^VmRSS:\\s+(\\d+)/m.exec(t)[1]) * 1024);
    anon = Math.max(anon, Number(/^RssAnon:\\s+(\\d+)/m.exec(t)[1]) * 1024);
    samples++;
  } catch { break; }
  Atomics.wait(flag, 0, 0, workerData.every);
}
parentPort.postMessage({ rss, anon, samples });`;
/** Runs `work` while sampling the adapter's memory; resolves to its peaks. */
async function peakWhile(pid, work, every = 5) {
  const stop = new SharedArrayBuffer(4);
  const worker = new Worker(SAMPLER, { eval: true, workerData: { pid, stop, every } });
  const peak = new Promise((r, reject) => { worker.once('message', r); worker.once('error', reject); });
  await new Promise((r) => worker.once('online', r));
  const started = process.hrtime.bigint();
  try {
    await work();
  } finally {
    Atomics.store(new Int32Array(stop), 0, 1);
    Atomics.notify(new Int32Array(stop), 0);
  }
  const result = await peak;
  await worker.terminate();
  return { ...result, ms: Number(process.hrtime.bigint() - started) / 1e6 };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Idle: the median of a few readings a moment apart. */
async function idle(pid) {
  await sleep(300);
  const readings = [];
  for (let i = 0; i < 5; i++) { readings.push(status(pid)); await sleep(50); }
  const last = status(pid);
  return { rss: median(readings.map((r) => r.rss)), anon: median(readings.map((r) => r.anon)), hwm: last.hwm, threads: last.threads };
}

/**
 * Runs the benchmark. Returns `{ rows, notes }`: rows as bench.mjs prints them
 * ([measure, app, baseline, ratio]), notes as lines to print under the table.
 */
export async function uploadBench({
  root = resolve(fileURLToPath(import.meta.url), '../..'),
  adapterBin = process.env.QYZMET_ADAPTER_BIN || join(root, 'target/release/qyzmet-adapter'),
  scale = Number(process.env.QYZMET_BENCH_UPLOAD_RUNS || 1),
} = {}) {
  const rows = [];
  const notes = [];
  const mbps = (bytes, seconds) => bytes / MB / seconds;
  const fmt = (v) => `${v.toFixed(v < 100 ? 1 : 0)} MB/s`;
  const mb = (b) => `${(b / MB).toFixed(1)} MB`;
  const signed = (b) => `${b < 0 ? '−' : '+'}${(Math.abs(b) / MB).toFixed(1)} MB`;

  // Throughput, each upload beside disk writes of the same bytes, interleaved against drift;
  // the disk is written three times per upload (its small writes vary the most).
  const cases = [
    { size: 1, piece: PIECE, runs: 11, label: 'upload 1 MB (one piece)' },
    { size: 20, piece: PIECE, runs: 5, label: 'upload 20 MB (4 MB pieces)' },
    { size: 20, piece: 20 * MB, runs: 5, label: 'upload 20 MB (one PATCH)' },
  ];
  const adapter = await startAdapter(adapterBin, root);
  const diskDir = mkdtempSync(join(tmpdir(), 'qyzmet-disk-'));
  const sameDisk = statSync(diskDir).dev === statSync(adapter.dataDir).dev;
  try {
    const session = await citizen(adapter.url);
    await upload(session, fresh(pdf(MB)), PIECE); // warm-up, not counted
    diskWrite(diskDir, pdf(MB));
    for (const c of cases) {
      const file = pdf(c.size * MB);
      const up = [];
      const disk = [];
      const laps = [];
      for (let i = 0; i < c.runs * scale; i++) {
        for (let j = 0; j < 3; j++) disk.push(mbps(file.length, diskWrite(diskDir, file)));
        const times = [];
        up.push(mbps(file.length, await upload(session, fresh(file), c.piece, times)));
        laps.push(times);
      }
      const u = median(up);
      const d = median(disk);
      rows.push([c.label, fmt(u), fmt(d), `${(u / d).toFixed(2)}×`]);
      // Where the time goes: creation, the pieces before the last, the last (which also
      // checks, hashes and stores the file).
      const ms = (xs) => `${median(xs).toFixed(1)} ms`;
      const middle = laps.flatMap((t) => t.slice(1, -1));
      notes.push(`${c.label}: upload ${up.map((x) => x.toFixed(0)).join(', ')} MB/s; disk ${disk.map((x) => x.toFixed(0)).join(', ')} MB/s`);
      notes.push(`  median: creation ${ms(laps.map((t) => t[0]))}${middle.length ? `, a piece before the last ${ms(middle)}` : ''}, `
        + `the last PATCH ${ms(laps.map((t) => t.at(-1)))}, the whole upload ${(c.size / u * 1000).toFixed(1)} ms; disk write ${(c.size / d * 1000).toFixed(1)} ms`);
    }
    session.http.close();
  } finally {
    await adapter.stop();
    rmSync(diskDir, { recursive: true, force: true });
  }
  notes.push(`disk baseline: open, write in 1 MB chunks, fsync, close, on ${sameDisk ? 'the same file system as' : 'NOT the same file system as'} `
    + `the adapter's data folder (${tmpdir()}); uploads timed from creation to the final 200, each into a fresh draft; `
    + `medians of ${11 * scale} (1 MB) and ${5 * scale} (20 MB) uploads, three disk writes each`);

  // Memory, a fresh adapter per case: idle after warm-up requests (sign-in, the service, a
  // draft, its document list), then the peak while it receives the file: VmHWM, reset before
  // each upload (clear_refs 5), and VmRSS sampled every 5 ms as a check.
  const memoryCases = [
    { size: 1, piece: PIECE, label: 'memory receiving 1 MB' },
    { size: 20, piece: PIECE, label: 'memory receiving 20 MB (4 MB pieces)' },
    { size: 20, piece: 20 * MB, label: 'memory receiving 20 MB (one PATCH)' },
  ];
  for (const c of memoryCases) {
    const app = await startAdapter(adapterBin, root);
    try {
      const started = status(app.pid);
      const session = await citizen(app.url);
      const draft = await session.http.json('POST', '/api/applications', { service: SERVICE }, 201);
      await session.http.json('GET', `/api/applications/${draft.id}/documents`, undefined, 200);
      const before = await idle(app.pid);
      const file = pdf(c.size * MB);
      const runs = [];
      for (let i = 0; i < 5 * scale; i++) {
        const pre = status(app.pid);
        try { writeFileSync(`/proc/${app.pid}/clear_refs`, '5'); } catch { /* then the samples alone */ } // VmHWM := VmRSS
        const sampled = await peakWhile(app.pid, () => upload(session, fresh(file), c.piece));
        runs.push({ pre: pre.rss, hwm: status(app.pid).hwm, ...sampled });
      }
      const after = await idle(app.pid);
      const peak = Math.max(...runs.map((r) => Math.max(r.hwm, r.rss)));
      const over = peak - before.rss;
      rows.push([c.label, signed(over), `idle ${mb(before.rss)}`, c.size === 20 ? (over < 10 * MB ? '< 10 MB' : '≥ 10 MB!') : '']);
      notes.push(`${c.label}: per upload, peak over idle ${runs.map((r) => signed(Math.max(r.hwm, r.rss) - before.rss)).join(', ')}; `
        + `over the RSS just before it ${runs.map((r) => signed(Math.max(r.hwm, r.rss) - r.pre)).join(', ')}`);
      notes.push(`  VmRSS ${mb(started.rss)} just started, ${mb(before.rss)} idle after warm-up (RssAnon ${mb(before.anon)}, ${before.threads} threads), `
        + `${mb(after.rss)} idle after the uploads (RssAnon ${mb(after.anon)}, ${after.threads} threads); `
        + `sampled peak RssAnon ${mb(Math.max(...runs.map((r) => r.anon)))}, ${runs.map((r) => r.samples).join('/')} samples`);
      session.http.close();
    } finally {
      await app.stop();
    }
  }
  return { rows, notes };
}

export const TITLE = 'Qyzmet uploads — tus over loopback, as the app sends (4 MB pieces) and in one PATCH';
export const LEGEND = '(baseline: raw sequential write + fsync of the same bytes to the same disk, same run, target ratio ≥ 0.5;\n'
  + ' memory: the adapter\'s peak RSS over its idle RSS while receiving, target < 10 MB)';

/** The same table as bench.mjs prints. */
export function printRows(rows, headers = ['measure', 'app', 'baseline', 'ratio']) {
  const w = [38, 14, 14, 8];
  console.log(headers.map((h, i) => h.padEnd(w[i])).join(''));
  for (const r of rows) console.log(r.map((c, i) => String(c).padEnd(w[i])).join(''));
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { rows, notes } = await uploadBench();
  console.log(`\n${TITLE}\n${LEGEND}\n`);
  printRows(rows, ['measure', 'adapter', 'disk / idle', 'ratio']);
  console.log('');
  for (const n of notes) console.log(n);
}
