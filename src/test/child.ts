import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { TestApp } from './app.js';

const root = path.resolve(import.meta.dirname, '../..');

/** Environment that points a separate Hearken process at a test app's database and secret key. */
export function childEnv(t: TestApp, extra: Record<string, string> = {}): Record<string, string> {
  const db = t.db.config;
  return {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    HEARKEN_DATA_DIR: t.config.dataDir,
    HEARKEN_SECRET_KEY: t.config.secretKey.toString('hex'),
    HEARKEN_DEMO: 'false',
    HEARKEN_LOG_LEVEL: 'warn',
    HEARKEN_WORKER_POLL_MS: '20',
    // The same outbound rules as the test app (its fakes listen on loopback).
    HEARKEN_OUTBOUND_ALLOW: t.config.outbound.allow.entries.join(','),
    HEARKEN_ALLOW_NETWORK_BASE_URL: String(t.config.outbound.allowNetworkBaseUrl),
    ...(db.kind === 'sqlite'
      ? { HEARKEN_DATABASE_URL: `sqlite:${db.file}` }
      : { HEARKEN_DATABASE_URL: db.url, ...(db.schema ? { HEARKEN_DATABASE_SCHEMA: db.schema } : {}) }),
    ...extra,
  };
}

/** Starts `src/main.ts` as a real separate process (so a test can SIGKILL it mid-work); what it writes is kept for the test to read. */
export function spawnHearken(env: Record<string, string>): ChildProcess & { stderrText: () => string; stdoutText: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/main.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let out = '';
  child.stderr?.on('data', (d) => (err += d.toString()));
  child.stdout?.on('data', (d) => (out += d.toString()));
  return Object.assign(child, { stderrText: () => err, stdoutText: () => out });
}

export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Polls until `check` returns true, or fails with `what` after `ms`. */
export async function until(check: () => Promise<boolean>, what: string, ms = 60_000, every = 20): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, every));
  }
  throw new Error(`timed out waiting for ${what}`);
}
