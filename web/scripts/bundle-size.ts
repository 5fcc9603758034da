/**
 * Prints the size of the JavaScript a browser loads before the app is usable: the entry script
 * and the chunks index.html preloads (lazy chunks such as settings excluded), gzipped.
 * Usage: tsx web/scripts/bundle-size.ts [--json]   (builds web/dist first if it is stale)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { ensureBundle } from '../e2e/build-bundle.js';

export const LIMIT_KB = 250;
const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist');

export async function initialJsSize() {
  await ensureBundle();
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const files = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]!);
  const parts = files.map((f) => {
    const raw = readFileSync(path.join(dist, f));
    return { file: f, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
  });
  const gzipBytes = parts.reduce((n, p) => n + p.gzipBytes, 0);
  return { files: parts, bytes: parts.reduce((n, p) => n + p.bytes, 0), gzipBytes, gzipKB: Math.round((gzipBytes / 1024) * 10) / 10, limitKB: LIMIT_KB };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const r = await initialJsSize();
  if (process.argv.includes('--json')) console.log(JSON.stringify(r));
  else
    console.log(
      `initial JS: ${r.gzipKB} KB gzipped (${Math.round(r.bytes / 1024)} KB raw, ${r.files.length} file${r.files.length === 1 ? '' : 's'}); target ≤ ${LIMIT_KB} KB`,
    );
}
