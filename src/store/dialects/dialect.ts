import type { ColumnDefinitionBuilder, CreateTableBuilder, Kysely, RawBuilder, SelectQueryBuilder, SqlBool } from 'kysely';
import type { DB } from '../schema.js';

export type DialectName = 'sqlite' | 'postgres';

/** One group of a search query: its terms as a phrase, the last one a prefix when `prefix` (search/tokenize.ts). */
export interface SearchGroup {
  readonly terms: readonly string[];
  readonly prefix: boolean;
}

/**
 * Everything that differs between SQLite (embedded mode) and PostgreSQL (scale mode), and nothing
 * else: domain code asks the Store's dialect (`store.dialect.claimRows(q)`) instead of testing
 * which database it runs on, so each difference is written, explained and tested in one place per
 * database (sqlite.ts, postgres.ts), the way Kysely keeps one folder per dialect. A new difference
 * is a new member here and an implementation in both files; a `=== 'postgres'` outside src/store
 * fails seam.test.ts.
 *
 * Members are plain functions on a singleton object, so a call costs one property lookup: no
 * allocation and no dynamic import on the hot paths (intake calls lockKey and search.index for
 * every message).
 */
export interface Dialect {
  /** For selection, logs and /healthz only: never branch on it outside src/store. */
  readonly name: DialectName;

  // ---- Concurrency between writers ----

  /**
   * Locks the rows a select reads until the transaction ends (FOR UPDATE), for a read-modify-write
   * that must not interleave with another transaction's. Identity where writers are serialized anyway.
   */
  lockRows<D, T extends keyof D, O>(q: SelectQueryBuilder<D, T, O>): SelectQueryBuilder<D, T, O>;
  /**
   * Claims the rows a select reads for this transaction, skipping rows another transaction has
   * claimed (FOR UPDATE SKIP LOCKED): many workers take different work without waiting on each other.
   */
  claimRows<D, T extends keyof D, O>(q: SelectQueryBuilder<D, T, O>): SelectQueryBuilder<D, T, O>;
  /** Serializes transactions on one key (any string) until the calling transaction ends. */
  lockKey(db: Kysely<DB>, key: string): Promise<void>;
  /**
   * One connection, synchronous, shared by everything in the process (SQLite): a transaction holds
   * the event loop and every other reader and writer, so background work keeps its transactions
   * short. Where false, each writer has connections of its own and may run beside the others.
   */
  readonly sharedWriter: boolean;
  /**
   * lockKey for many keys at once, always taken in the same order (by the keys' hash), so two
   * transactions that need overlapping sets wait for each other instead of deadlocking.
   */
  lockKeys(db: Kysely<DB>, keys: readonly string[]): Promise<void>;

  // ---- Wake-ups across processes ----

  /**
   * Sends a best-effort notification to the other processes on this database, or null where every
   * reader and writer shares one process (the in-memory emitter has already told everyone).
   * Payloads too large for the database's channel are dropped: callers must not rely on delivery.
   */
  readonly notify: ((db: Kysely<DB>, channel: string, payload: string) => Promise<void>) | null;
  /**
   * Opens a connection of its own that hears `notify` from other processes; resolves to a
   * function that closes it, or null where there is no other process to hear (see notify).
   */
  listen(conn: ConnectionInfo, channels: readonly string[], onNotify: (channel: string, payload: string) => void): Promise<(() => Promise<void>) | null>;

  // ---- Leadership across processes ----

  /**
   * Takes the lock named `key` without waiting and keeps it for as long as a connection of its own
   * stays open: resolves to a handle when this process now holds it, null when another process
   * does. The lock dies with that connection, so a holder that crashes (kill -9) frees it as soon
   * as the database sees the socket close; `onLost` is called if the connection ends while held.
   * Where there is one process per database (SQLite), it is always granted.
   */
  tryHold(conn: ConnectionInfo, key: string, onLost: () => void): Promise<HeldLock | null>;

  // ---- The event log ----

  /**
   * The event log's current max id and the transactions that might still commit an id below it
   * (realtime/horizon.ts turns successive probes into a safe horizon). Empty `writers` means ids
   * become visible in id order.
   */
  probeEventLog(db: Kysely<DB>): Promise<{ max: number; writers: string[] }>;

  // ---- Full-text search (search_docs; the terms are tokenized the same on both: search/tokenize.ts) ----

  readonly search: {
    /** Stores a message's document; `replace` when one may already exist (an edit). */
    index(db: Kysely<DB>, messageId: string, workspaceId: string, terms: string, replace: boolean): Promise<void>;
    unindex(db: Kysely<DB>, messageId: string): Promise<void>;
    /** A condition on `search_docs` that holds for the workspace's documents matching every group. */
    match(workspaceId: string, groups: readonly SearchGroup[]): RawBuilder<SqlBool>;
    /**
     * Select it as `doc` from a search over `search_docs` joined to messages as `m`: the row's key
     * in the engine's newest-first order where it has one of its own, else 0 (see keyOf).
     */
    readonly docKey: RawBuilder<number>;
    /** Orders that search newest first and, given a cursor, continues after it (keyset paging). */
    newestFirst<D, T extends keyof D, O>(q: SelectQueryBuilder<D, T, O>, after?: SearchCursor): SelectQueryBuilder<D, T, O>;
    /** The cursor key of a row that search returned (with `doc` and `m.created_at` selected). */
    keyOf(row: { doc: number; created_at: number }): number;
  };

  // ---- Schema (migrations) ----

  /**
   * DDL vocabulary for migrations. Migrations are history: an applied migration must create the
   * same thing forever, so a member here never changes meaning once a shipped migration uses it
   * (a different shape is a new member, used by a new migration).
   */
  readonly ddl: {
    /** Column type of an ever-increasing integer primary key (the journal's, the event log's). */
    readonly serialType: 'integer' | 'bigserial';
    /** Its constraint: SQLite's AUTOINCREMENT never reuses the id of a deleted last row. */
    serialKey(c: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
    /** A table stored in primary-key order where the engine can (SQLite WITHOUT ROWID); as is elsewhere. */
    clustered<T extends string, C extends string>(t: CreateTableBuilder<T, C>): CreateTableBuilder<T, C>;
    /** `search_docs` as migration 0001 created it (the layout search.index/match expect). */
    createSearchDocsV1(db: Kysely<any>): Promise<void>;
  };

  // ---- Running migrations (store/db.ts) ----

  /** How many times a failed migration run is retried (only where DDL runs in transactions). */
  readonly migrationRetries: number;
  /** The migration table as a query names it, in the Store's schema where there are schemas. */
  migrationTable(schema: string | undefined): RawBuilder<unknown>;
}

/** A lock taken by tryHold; release ends it (idempotent). */
export interface HeldLock {
  release(): Promise<void>;
}

/**
 * Where a connection of a dialect's own (listen, tryHold) goes: PostgreSQL's URL and schema; for
 * SQLite, the file whose threads wake each other (store/thread-wakeups.ts), when they do.
 */
export interface ConnectionInfo {
  url?: string;
  schema?: string;
  file?: string;
}

/** A position in a search's newest-first order: the key from keyOf, and the message id as tie-break. */
export interface SearchCursor {
  key: number;
  id: string;
}
