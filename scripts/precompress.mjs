// Trunk post-build hook: writes `.br` (quality 11) and `.gz` (level 9) beside every text and
// wasm file of the staged build, so the adapter sends the smallest encoding the browser
// accepts without compressing on each request.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this from Trunk');
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|js|css|html|svg)$/.test(name)) continue;
  const body = readFileSync(join(dir, name));
  writeFileSync(join(dir, name + '.br'), brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }));
  writeFileSync(join(dir, name + '.gz'), gzipSync(body, { level: 9 }));
}
console.log('precompress: wrote .br and .gz files');
