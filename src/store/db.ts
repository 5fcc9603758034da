import type Database from 'better-sqlite3';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type SqliteDatabase } from 'kysely';
import type { DbConfig } from '../config/index.js';
import type { DB } from './schema.js';
import type { ConnectionInfo, Dialect } from './dialects/dialect.js';
import { openPostgres } from './dialects/postgres.js';
import { openSqlite } from './dialects/sqlite.js';
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
import * as m0015 from './migrations/0015-privacy-audit.js';
import * as m0016 from './migrations/0016-rate-limits-invitations.js';
import * as m0017 from './migrations/0017-journal-event-progress.js';
import * as m0018 from './migrations/0018-retention.js';
import * as m0019 from './migrations/0019-workspace-language.js';
import * as m0020 from './migrations/0020-roles.js';
import * as m0021 from './migrations/0021-spam.js';
import * as m0022 from './migrations/0022-managed-tags.js';
import * as m0023 from './migrations/0023-moderation.js';
import * as m0024 from './migrations/0024-contacts-directory.js';
import * as m0025 from './migrations/0025-accounts.js';
import * as m0026 from './migrations/0026-held-replies.js';
import * as m0027 from './migrations/0027-signals.js';
import * as m0028 from './migrations/0028-routing.js';
import * as m0029 from './migrations/0029-conversation-merge.js';
import * as m0030 from './migrations/0030-rules.js';
import * as m0031 from './migrations/0031-macros.js';
import * as m0032 from './migrations/0032-saved-reply-languages.js';
import * as m0033 from './migrations/0033-notification-centre.js';
import * as m0034 from './migrations/0034-intake-spool.js';

export type { Dialect, DialectName, SearchCursor } from './dialects/dialect.js';

export interface Store {
  db: Kysely<DB>;
  /** Every difference between the databases (store/dialects/): ask it instead of testing which one this is. */
  dialect: Dialect;
  /** PostgreSQL: where connections of the dialect's own (the LISTEN relay) go. */
  connection?: ConnectionInfo;
  /** PostgreSQL schema when not the default (tests use one schema each; see HEARKEN_DATABASE_SCHEMA). */
  schema?: string;
  /**
   * Embedded mode: the database file, which the threads of this process may share (the worker
   * thread, processes/embedded-worker.ts). Absent for PostgreSQL and an in-memory database.
   */
  file?: string;
  /**
   * Embedded threads (store/threads.ts): true while another thread waits to write. A long writer
   * (intake working through a big delivery) ends its transaction at the next event and lets it in.
   */
  writeWanted?: () => boolean;
  /** The raw better-sqlite3 handle in embedded mode (used only by the bench's ceiling). */
  sqlite?: Database.Database;
  /** The same handle behind the statement cache Kysely uses: for prepared.ts's runDirectly only. */
  statements?: SqliteDatabase;
  close(): Promise<void>;
}

const migrations: Array<[string, (db: Kysely<any>, d: Dialect) => Promise<void>]> = [
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
migrations.push(['0015-privacy-audit', m0015.up]);
migrations.push(['0016-rate-limits-invitations', m0016.up]);
migrations.push(['0017-journal-event-progress', m0017.up]);
migrations.push(['0018-retention', m0018.up]);
migrations.push(['0019-workspace-language', m0019.up]);
migrations.push(['0020-roles', m0020.up]);
migrations.push(['0021-spam', m0021.up]);
migrations.push(['0022-managed-tags', m0022.up]);
migrations.push(['0023-moderation', m0023.up]);
migrations.push(['0024-contacts-directory', m0024.up]);
migrations.push(['0025-accounts', m0025.up]);
migrations.push(['0026-held-replies', m0026.up]);
migrations.push(['0027-signals', m0027.up]);
migrations.push(['0028-routing', m0028.up]);
migrations.push(['0029-conversation-merge', m0029.up]);
migrations.push(['0030-rules', m0030.up]);
migrations.push(['0031-macros', m0031.up]);
migrations.push(['0032-saved-reply-languages', m0032.up]);
migrations.push(['0033-notification-centre', m0033.up]);
migrations.push(['0034-intake-spool', m0034.up]);

/** The migrations this code knows, in order (a restore refuses a backup taken by a newer Hearken). */
export const knownMigrations = (): string[] => migrations.map(([name]) => name);

/** Opens the database the config names; the dialect's file sets its connection up. */
export function openStore(cfg: DbConfig): Store {
  return cfg.kind === 'sqlite' ? openSqlite(cfg) : openPostgres(cfg);
}

export async function migrate(store: Store): Promise<void> {
  if (await upToDate(store)) return;
  // Another schema's DDL can disturb a run on PostgreSQL: see migrationRetries in dialects/postgres.ts.
  for (let attempt = 0; ; attempt++) {
    try {
      return await migrateOnce(store);
    } catch (err) {
      if (attempt >= store.dialect.migrationRetries) throw err;
    }
  }
}

/** Every migration already applied (checked without Kysely's whole-database introspection). */
async function upToDate(store: Store): Promise<boolean> {
  try {
    const table = store.dialect.migrationTable(store.schema);
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
