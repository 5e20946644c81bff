// A small stand-in for NCALayer, the national signing application, for the browser tests: a
// WebSocket server on wss://127.0.0.1:13579 (its own self-signed TLS certificate) speaking the
// protocol of the national PKI's public example code. It greets with
// {"result":{"version":…}}, then answers each "sign" request by signing the decoded data with a
// PKCS#12 key file through the openssl command (a CMS implementation independent of ours), or
// as a person who closed the window. It checks every request the way NCALayer would read it.
import { WebSocketServer } from 'ws';
import { createServer } from 'node:https';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NCALAYER_PORT = 13579;
export const VERSION = '1.4 (test)';

/**
 * Starts the stand-in. Resolves to { requests, setKey(keyFile, password), setAnswer(a), stop }:
 * setKey gives the PKCS#12 key store it signs with; setAnswer how it answers a sign request:
 * 'sign' (the default), 'cancel' (status true, no result) or 'fail' (status false).
 */
export async function startNcaLayer() {
  const dir = mkdtempSync(join(tmpdir(), 'qyzmet-ncalayer-'));
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
    '-keyout', join(dir, 'tls.key'), '-out', join(dir, 'tls.crt'),
  ], { stdio: 'ignore' });
  const server = createServer({ key: readFileSync(join(dir, 'tls.key')), cert: readFileSync(join(dir, 'tls.crt')) });
  const sockets = new WebSocketServer({ server });
  const state = { answer: 'sign', pem: null, requests: [] };

  sockets.on('connection', (socket) => {
    socket.send(JSON.stringify({ result: { version: VERSION } }));
    socket.on('message', (raw) => {
      let request;
      try { request = JSON.parse(String(raw)); } catch { request = null; }
      state.requests.push(request);
      socket.send(JSON.stringify(reply(state, dir, request)));
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(NCALAYER_PORT, '127.0.0.1', resolve);
  });
  return {
    requests: state.requests,
    setKey(keyFile, password) {
      const pass = `pass:${password}`;
      state.pem = join(dir, 'signer.pem');
      state.chain = join(dir, 'chain.pem');
      execFileSync('openssl', ['pkcs12', '-in', keyFile, '-nodes', '-clcerts', '-passin', pass, '-out', state.pem], { stdio: 'ignore' });
      execFileSync('openssl', ['pkcs12', '-in', keyFile, '-nokeys', '-cacerts', '-passin', pass, '-out', state.chain], { stdio: 'ignore' });
    },
    setAnswer(answer) { state.answer = answer; },
    stop: () => new Promise((resolve) => {
      for (const client of sockets.clients) client.terminate();
      sockets.close(() => server.close(() => resolve()));
    }),
  };
}

function reply(state, dir, request) {
  const problem = wrongRequest(request);
  if (problem) return { status: false, code: '500', message: problem };
  if (state.answer === 'cancel') return { status: true, body: {} };
  if (state.answer === 'fail' || !state.pem) return { status: false, code: '500', message: 'storage.empty' };
  const data = join(dir, 'data.bin');
  const signature = join(dir, 'signature.der');
  writeFileSync(data, Buffer.from(request.args.data, 'base64'));
  // Detached (no -nodetach), over the bytes as given (-binary), with the chain in the CMS.
  execFileSync('openssl', [
    'cms', '-sign', '-binary', '-md', 'sha256', '-nosmimecap', '-in', data,
    '-signer', state.pem, '-inkey', state.pem, '-certfile', state.chain, '-outform', 'DER', '-out', signature,
  ], { stdio: 'ignore' });
  return { status: true, body: { result: [readFileSync(signature).toString('base64')] } };
}

/** What NCALayer would refuse in a request, or null. */
function wrongRequest(r) {
  if (!r || r.module !== 'kz.gov.pki.knca.basics' || r.method !== 'sign') return 'module.or.method';
  const a = r.args || {};
  if (!Array.isArray(a.allowedStorages) || !a.allowedStorages.includes('PKCS12')) return 'args.allowedStorages';
  if (a.format !== 'cms' || typeof a.data !== 'string' || !a.data) return 'args.format.or.data';
  const s = a.signingParams || {};
  if (s.decode !== true || s.encapsulate !== false || s.digested !== false) return 'args.signingParams';
  const p = a.signerParams || {};
  if (!Array.isArray(p.extKeyUsageOids) || !/^\d{12}$/.test(p.iin || '')) return 'args.signerParams';
  if (!['kk', 'ru'].includes(a.locale)) return 'args.locale';
  return null;
}
