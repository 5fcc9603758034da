import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(webDir, 'dist');

function newest(p: string): number {
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(s.mtimeMs, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

/** Builds web/dist when it is missing or older than the sources; the swap keeps a serving dist whole. */
export async function ensureBundle() {
  const index = path.join(dist, 'index.html');
  const sources = Math.max(newest(path.join(webDir, 'src')), newest(path.join(webDir, 'index.html')), newest(path.join(webDir, 'vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return;
  const { build } = await import('vite');
  const tmp = path.join(webDir, `.dist-${process.pid}`);
  // Test runners set NODE_ENV=test, which would make Vite ship React's development build.
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(webDir, 'vite.config.ts'), logLevel: 'warn', build: { outDir: tmp, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
  rmSync(dist, { recursive: true, force: true });
  renameSync(tmp, dist);
}

/** vitest globalSetup: the browser tests need the production bundle. */
export default async function setup() {
  await ensureBundle();
}

// `npm start` runs this first (prestart): a start with unchanged sources skips the build.
if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await ensureBundle();
