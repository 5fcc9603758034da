import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { DbConfig } from '../config/index.js';
import type { DB } from './schema.js';
import * as m0001 from './migrations/0001-core.js';
import * as m0003 from './migrations/0003-collaboration.js';

export type DialectName = 'sqlite' | 'postgres';

export interface Store {
  db: Kysely<DB>;
  dialect: DialectName;
  /** PostgreSQL schema when not the default (tests use one schema each; see HEARKEN_DATABASE_SCHEMA). */
  schema?: string;
  /** The raw better-sqlite3 handle in embedded mode (used only by the bench's ceiling). */
  sqlite?: Database.Database;
  close(): Promise<void>;
}

// bigint (int8) columns hold epoch-ms timestamps and cursors: all well inside 2^53.
pg.types.setTypeParser(20, (v) => Number(v));

const migrations: Array<[string, (db: Kysely<any>, d: DialectName) => Promise<void>]> = [['0001-core', m0001.up], ['0003-collaboration', m0003.up]];

export function openStore(cfg: DbConfig): Store {
  if (cfg.kind === 'sqlite') {
    if (cfg.file !== ':memory:') mkdirSync(path.dirname(path.resolve(cfg.file)), { recursive: true });
    const sqlite = new Database(cfg.file);
    sqlite.pragma('journal_mode = WAL');
    // NORMAL is durable across process crashes in WAL mode (only an OS crash can lose the last commits).
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: sqlite }) });
    return { db, dialect: 'sqlite', sqlite, close: () => db.destroy() };
  }
  const pool = new pg.Pool({
    connectionString: cfg.url,
    max: 10,
    options: cfg.schema ? `-c search_path=${cfg.schema}` : undefined,
  });
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return { db, dialect: 'postgres', schema: cfg.schema ?? 'public', close: () => db.destroy() };
}

export async function migrate(store: Store): Promise<void> {
  const provider: MigrationProvider = {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, up] of migrations) out[name] = { up: (db) => up(db, store.dialect) };
      return out;
    },
  };
  const migrator = new Migrator({ db: store.db, provider, migrationTableName: 'hearken_migrations', migrationLockTableName: 'hearken_migrations_lock',
    // Without this, Kysely looks for its tables in every schema and can mistake another schema's for ours.
    ...(store.schema ? { migrationTableSchema: store.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${String(error)}`);
}
