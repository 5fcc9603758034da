import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newId } from '../src/lib/ids.js';
import { migrate, openStore } from '../src/store/db.js';
import { canInstallPackages, needsBrowser, prepareChromium, preparePostgres, type TestPostgres } from './prepare-tests.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sentence =
  /^prepare-tests: Chromium was not found at (\S+): install Debian's "chromium" package \(apt-get install chromium\) or set HEARKEN_CHROMIUM to a Chromium executable\.$/m;

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as net.AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('npm test prepares PostgreSQL', () => {
  let server: TestPostgres | undefined;
  afterEach(async () => {
    await server?.stop();
    vi.unstubAllEnvs();
  });

  it('starts a throw-away server when HEARKEN_TEST_PG_URL does not answer, a real store works on it, and stop removes it', async () => {
    vi.stubEnv('HEARKEN_TEST_PG_URL', `postgres://postgres@127.0.0.1:${await closedPort()}/test`);
    const started = Date.now();
    server = await preparePostgres();
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(server.embedded).toBeDefined();
    const { dir, port } = server.embedded!;
    expect(existsSync(dir)).toBe(true);
    expect(server.url).toMatch(new RegExp(`^postgres://postgres:[^@]+@127\\.0\\.0\\.1:${port}/test$`));

    const store = openStore({ kind: 'postgres', url: server.url, schema: 'public' });
    try {
      await migrate(store);
      const id = newId();
      await store.db.insertInto('workspaces').values({ id, name: 'Ünïcode ✓', created_at: Date.now() }).execute();
      const row = await store.db.selectFrom('workspaces').select('name').where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.name).toBe('Ünïcode ✓');
    } finally {
      await store.close();
    }

    // A server that answers is used as it is; one that answers with a refusal is reported, not replaced.
    const reused = await preparePostgres(server.url);
    expect(reused.url).toBe(server.url);
    expect(reused.embedded).toBeUndefined();
    await expect(preparePostgres(server.url.replace(/\/test$/, '/no_such_db'))).rejects.toThrow(
      /answered but refused the tests \(database "no_such_db" does not exist\)/,
    );

    await server.stop();
    expect(existsSync(dir)).toBe(false);
    const client = new pg.Client({ connectionString: server.url, connectionTimeoutMillis: 3000 });
    client.on('error', () => {});
    await expect(client.connect()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('npm test prepares Chromium', () => {
  it('stops within seconds with one sentence when HEARKEN_CHROMIUM is missing and nothing may be installed', async () => {
    const started = Date.now();
    const env = { ...process.env, HEARKEN_CHROMIUM: '/nonexistent/chromium', HEARKEN_TEST_NO_INSTALL: '1' };
    // Its own process group: should the check ever let the run through, the whole suite it would
    // start is killed with it instead of running on in the background.
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/prepare-tests.ts'], { cwd: root, env, detached: true });
    const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 10_000);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise((r) => child.on('exit', r)).finally(() => clearTimeout(killer));
    expect(Date.now() - started).toBeLessThan(5000);
    expect(code).toBe(1);
    expect(stderr.match(sentence)?.[1]).toBe('/nonexistent/chromium');
    // Nothing else ran: no vitest output, no PostgreSQL started.
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the package and the variable when the default browser is missing and the machine cannot install', async () => {
    const err = await prepareChromium({ env: {}, defaultPath: '/nonexistent/usr/bin/chromium', canInstall: false }).catch((e: Error) => e);
    expect(`prepare-tests: ${(err as Error).message}`).toMatch(sentence);
  });

  it('takes HEARKEN_CHROMIUM when it is there', async () => {
    expect(await prepareChromium({ env: { HEARKEN_CHROMIUM: process.execPath }, canInstall: false })).toBe(process.execPath);
  });

  it('installs only as root with apt-get, and never when HEARKEN_TEST_NO_INSTALL=1', () => {
    expect(canInstallPackages({ PATH: '/usr/bin:/bin', HEARKEN_TEST_NO_INSTALL: '1' })).toBe(false);
    expect(canInstallPackages({ PATH: '/nonexistent' })).toBe(false);
  });

  it('asks for a browser only when the run includes the browser tests', () => {
    expect(needsBrowser([])).toBe(true);
    expect(needsBrowser(['src/store'])).toBe(false);
    expect(needsBrowser(['--reporter=dot', 'src/store/db'])).toBe(false);
    expect(needsBrowser(['web/e2e/inbox'])).toBe(true);
    expect(needsBrowser(['src/store', 'inbox.test'])).toBe(true);
    // Not a file filter (an option's value, say): when in doubt the browser is prepared.
    expect(needsBrowser(['--project', 'no-such-file-anywhere'])).toBe(true);
  });
});
