import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import pg from 'pg';
import { AppError } from '../lib/errors.js';

/**
 * PostgreSQL's half of a backup: the standard tools, run as child processes. `pg_dump` takes its
 * snapshot in one repeatable-read transaction, so the dump is consistent while Hearken runs;
 * custom format (-Fc) is compressed and restorable table by table. Only Hearken's schema is
 * dumped, without owners or grants, so it restores under whatever role the target uses.
 */

/** The URL without its password (which would show in `ps`), and the password for PGPASSWORD. */
function connection(url: string): { url: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { url: u.toString(), env: { ...process.env, ...(password ? { PGPASSWORD: password } : {}) } };
}

function run(tool: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(
        e.code === 'ENOENT'
          ? new AppError(
              'invalid_request',
              `${tool} was not found on PATH: install the PostgreSQL client tools (the same major version as the server, or newer)`,
            )
          : e,
      ),
    );
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${tool} failed (exit ${code}): ${err.trim().slice(0, 2000)}`))));
  });
}

/** Dumps `schema` of the database at `url` into `file` (custom format). */
export async function dumpPostgres(url: string, schema: string, file: string): Promise<void> {
  const c = connection(url);
  await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--schema=${schema}`, `--file=${file}`, `--dbname=${c.url}`], c.env);
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** How many tables `schema` holds (0 when it does not exist). */
export const countTables = (url: string, schema: string) =>
  withClient(url, async (c) => Number((await c.query('SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = $1', [schema])).rows[0].n));

export const schemaExists = (url: string, schema: string) =>
  withClient(url, async (c) => (await c.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1);

const ident = (s: string) => `"${s.replaceAll('"', '""')}"`;

/**
 * Restores a dump of schema `from` into schema `to` of the database at `url`. pg_dump writes
 * every name qualified with its schema and has no option to rename it, so the dump is restored
 * under its own name and the schema renamed afterwards; that name must therefore be free in this
 * database when the two differ. The dump's own CREATE SCHEMA is left out (the schema is created
 * here), so an existing empty schema — `public` on a new database — is fine. With `replace`, the
 * target schema is dropped first; the caller has checked that this is what the operator asked.
 */
export async function restorePostgres(o: { url: string; dump: string; listFile: string; from: string; to: string; replace: boolean }): Promise<void> {
  const c = connection(o.url);
  if (o.from !== o.to && (await schemaExists(o.url, o.from)))
    throw new AppError(
      'conflict',
      `the backup holds schema "${o.from}", which already exists in this database: restore into another database, or into HEARKEN_DATABASE_SCHEMA=${o.from} there`,
    );
  await withClient(o.url, async (db) => {
    if (o.replace) await db.query(`DROP SCHEMA IF EXISTS ${ident(o.to)} CASCADE`);
    await db.query(`CREATE SCHEMA IF NOT EXISTS ${ident(o.from)}`);
  });
  try {
    const toc = await run('pg_restore', ['--list', o.dump], c.env);
    // The schema itself (and its comment) exist already: restoring them would fail on "already exists".
    const keep = toc.split('\n').filter((l) => !/^\d+; \d+ \d+ (SCHEMA - |COMMENT - SCHEMA )/.test(l));
    await writeFile(o.listFile, keep.join('\n'));
    await run(
      'pg_restore',
      ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--use-list=${o.listFile}`, `--dbname=${c.url}`, o.dump],
      c.env,
    );
  } catch (err) {
    // --single-transaction rolled the tables back; leave no empty schema of ours behind either.
    if (o.from !== o.to) await withClient(o.url, (db) => db.query(`DROP SCHEMA IF EXISTS ${ident(o.from)} RESTRICT`)).catch(() => {});
    throw err;
  }
  if (o.from !== o.to)
    await withClient(o.url, async (db) => {
      await db.query('BEGIN');
      await db.query(`DROP SCHEMA IF EXISTS ${ident(o.to)} RESTRICT`);
      await db.query(`ALTER SCHEMA ${ident(o.from)} RENAME TO ${ident(o.to)}`);
      await db.query('COMMIT');
    });
}

/** The migrations applied in `schema` (for the manifest). */
export const postgresMigrations = (url: string, schema: string) =>
  withClient(url, async (c) => (await c.query(`SELECT name FROM ${ident(schema)}.hearken_migrations ORDER BY name`)).rows.map((r: { name: string }) => r.name));
