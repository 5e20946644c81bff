// Trunk post-build hook: moves every inline <script> of the staged index.html into its own
// content-hashed file, so the page runs under a Content-Security-Policy without
// 'unsafe-inline'. Runs in Trunk's staging folder (TRUNK_STAGING_DIR).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('TRUNK_STAGING_DIR is not set: run this from Trunk');
const indexPath = join(dir, 'index.html');
const html = readFileSync(indexPath, 'utf8');

let moved = 0;
const rewritten = html.replace(/<script\b([^>]*)>([\s\S]*?)<\/script>/g, (whole, attrs, body) => {
  if (/\bsrc\s*=/.test(attrs) || body.trim() === '') return whole;
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 16);
  const name = `boot-${hash}.js`;
  writeFileSync(join(dir, name), body.trim() + '\n');
  moved += 1;
  const kept = attrs.replace(/\s(nonce|integrity)="[^"]*"/g, '');
  return `<script${kept} src="/${name}"></script>`;
});
if (/<script\b(?![^>]*\bsrc=)[^>]*>\s*\S/.test(rewritten)) {
  throw new Error('an inline script is left in index.html');
}
writeFileSync(indexPath, rewritten);
console.log(`extract-inline-scripts: moved ${moved} inline script(s) out of index.html`);
