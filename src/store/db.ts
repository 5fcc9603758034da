import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider, type SqliteDatabase } from 'kysely';
import pg from 'pg';
import type { DbConfig } from '../config/index.js';
import type { DB } from './schema.js';
import { startCheckpointer } from './checkpointer.js';
import * as m0001 from './migrations/0001-core.js';
import * as m0002 from './migrations/0002-queue-indexes.js';
import * as m0003 from './migrations/0003-collaboration.js';
import * as m0004 from './migrations/0004-metrics-hours.js';
import * as m0005 from './migrations/0005-enrichment.js';
import * as m0006 from './migrations/0006-listening.js';
import * as m0007 from './migrations/0007-sla.js';
import * as m0008 from './migrations/0008-surveys.js';
import * as m0009 from './migrations/0009-site-chat.js';
import * as m0010 from './migrations/0010-post-context.js';
import * as m0011 from './migrations/0011-listening-alert-email.js';
import * as m0012 from './migrations/0012-metric-rollups.js';
import * as m0013 from './migrations/0013-media-uploads.js';
import * as m0014 from './migrations/0014-reactor-cursors.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  dialect: DialectName;
  /** PostgreSQL schema when not the default (tests use one schema each; see HEARKEN_DATABASE_SCHEMA). */
  schema?: string;
  /** The raw better-sqlite3 handle in embedded mode (used only by the bench's ceiling). */
  sqlite?: Database.Database;
  /** The same handle behind the statement cache Kysely uses: for prepared.ts's runDirectly only. */
  statements?: SqliteDatabase;
  close(): Promise<void>;
}

// bigint (int8) columns hold epoch-ms timestamps and cursors: all well inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

const migrations: Array<[string, (db: Kysely<any>, d: DialectName) => Promise<void>]> = [
  ['0001-core', m0001.up],
  ['0002-queue-indexes', m0002.up],
  ['0003-collaboration', m0003.up],
  ['0004-metrics-hours', m0004.up],
  ['0005-enrichment', m0005.up],
  ['0006-listening', m0006.up],
  ['0007-sla', m0007.up],
  ['0008-surveys', m0008.up],
  ['0009-site-chat', m0009.up],
  ['0010-post-context', m0010.up],
  ['0011-listening-alert-email', m0011.up],
  ['0012-metric-rollups', m0012.up],
];
migrations.push(['0013-media-uploads', m0013.up]);
migrations.push(['0014-reactor-cursors', m0014.up]);

export function openStore(cfg: DbConfig): Store {
  if (cfg.kind === 'sqlite') {
    if (cfg.file !== ':memory:') mkdirSync(path.dirname(path.resolve(cfg.file)), { recursive: true });
    const sqlite = new Database(cfg.file);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    // The default page cache is 2 MiB: with an inbox of a few GiB every index probe went to the OS.
    // 64 MiB keeps the hot indexes (queue, threading, dedupe) and FTS doclists in memory, and
    // memory-mapped reads spare a system call per page beyond that (measured: bench/, figure 3).
    sqlite.pragma('cache_size = -65536');
    sqlite.pragma('mmap_size = 1073741824');
    sqlite.pragma('temp_store = MEMORY');
    // Checkpoints run on a background thread (see checkpointer.ts); this is only the backstop, and
    // a high one: a backstop checkpoint runs inside a commit on this connection, fsyncs included,
    // and at 1,000 single-message webhooks/s the log grows ~10,000 pages a second, so a backstop
    // of 10,000 pages fired several times a second whenever the thread lagged a little, and each
    // stalled every webhook behind it for 10–30 ms (bench/: ack p99 21 → 8 ms at 50,000).
    // 50,000 pages (~200 MiB of log) is reached only if the thread stops keeping up.
    const checkpointer = cfg.file === ':memory:' ? undefined : startCheckpointer(cfg.file);
    if (checkpointer) sqlite.pragma('wal_autocheckpoint = 50000');
    const statements = withStatementCache(sqlite);
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: statements }) });
    return {
      db,
      dialect: 'sqlite',
      sqlite,
      statements,
      close: async () => {
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({
    connectionString: cfg.url,
    max: 10,
    options: cfg.schema ? `-c search_path=${cfg.schema}` : undefined,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema: cfg.schema ?? 'public', close: () => db.destroy() };
}

/**
 * Kysely's SQLite driver prepares every query afresh, and preparing (parsing and planning the SQL)
 * costs more than running most of our one-row statements. The same query shapes come back again
 * and again (parameters are bound, never inlined), so the connection keeps its most recent
 * statements by SQL text. A statement still being iterated (a streamed select) is never handed
 * out twice: a busy one is bypassed with a fresh, uncached statement.
 */
function withStatementCache(sqlite: Database.Database, max = 500): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        // Map order is insertion order: re-inserting keeps the most recently used at the end.
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = sqlite.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > max) cache.delete(cache.keys().next().value!);
      }
      return stmt;
    },
  };
}

export async function migrate(store: Store): Promise<void> {
  if (await upToDate(store)) return;
  // Kysely's migrator introspects the tables of EVERY schema in the database; on PostgreSQL a
  // schema created, altered or dropped by someone else during that query can fail it ('schema
  // "x" does not exist', 'column … does not exist' — seen with the tests' per-file schemas).
  // Migrations run in transactions there, so trying again is safe; a real error fails every time.
  for (let attempt = 0; ; attempt++) {
    try {
      return await migrateOnce(store);
    } catch (err) {
      if (store.dialect !== 'postgres' || attempt >= 4) throw err;
    }
  }
}

/** Every migration already applied (checked without Kysely's whole-database introspection). */
async function upToDate(store: Store): Promise<boolean> {
  try {
    const table = store.dialect === 'postgres' ? sql`${sql.id(store.schema ?? 'public')}.hearken_migrations` : sql`hearken_migrations`;
    const rows = await sql<{ name: string }>`SELECT name FROM ${table}`.execute(store.db);
    const done = new Set(rows.rows.map((r) => r.name));
    return migrations.every(([name]) => done.has(name));
  } catch {
    return false; // no migration table yet
  }
}

async function migrateOnce(store: Store): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, up] of migrations) out[name] = { up: (db) => up(db, store.dialect) };
      return out;
    },
  };
  const migrator = new Migrator({
    db: store.db,
    provider,
    migrationTableName: 'hearken_migrations',
    migrationLockTableName: 'hearken_migrations_lock',
    // Without this, Kysely looks for its tables in every schema and can mistake another schema's for ours.
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
