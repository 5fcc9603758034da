import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DbConfig } from '../config/index.js';
import { migrate, openStore, type Store } from '../store/db.js';
import { randomBytes } from 'node:crypto';

/**
 * Test databases. HEARKEN_TEST_DB picks the dialect (sqlite by default; CI runs both).
 * Each call gets a database of its own: a temp SQLite file, or a fresh PostgreSQL schema
 * in HEARKEN_TEST_PG_URL, so test files run in parallel without seeing each other.
 */
export const testDialect = (process.env.HEARKEN_TEST_DB ?? 'sqlite') as 'sqlite' | 'postgres';
/** Where the PostgreSQL half looks first; `npm test` (scripts/prepare-tests.ts) starts a throw-away server when nothing answers here. */
export const defaultTestPgUrl = 'postgres://postgres@127.0.0.1:5432/test';
export const testPgUrl = process.env.HEARKEN_TEST_PG_URL ?? defaultTestPgUrl;

export interface TestDb {
  config: DbConfig;
  store: Store;
  cleanup(): Promise<void>;
}

/** Creates an empty, migrated database and returns its config (for child processes) and an open store. */
export async function createTestDb(): Promise<TestDb> {
  if (testDialect === 'sqlite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-test-'));
    const config: DbConfig = { kind: 'sqlite', file: path.join(dir, 'test.db') };
    const store = openStore(config);
    await migrate(store);
    return {
      config,
      store,
      async cleanup() {
        await store.close().catch(() => {});
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  return createPgSchemaDb(1);
}

/**
 * A fresh PostgreSQL schema, migrated. Seen once in a loaded CI run: the new schema was not
 * there for the migrator ("schema does not exist") — so setup tries once more with a new schema
 * rather than failing a whole test file on infrastructure.
 */
async function createPgSchemaDb(retries: number): Promise<TestDb> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.end();
  const config: DbConfig = { kind: 'postgres', url: testPgUrl, schema };
  const store = openStore(config);
  try {
    await migrate(store);
  } catch (err) {
    await store.close().catch(() => {});
    await dropSchema(schema).catch(() => {});
    if (retries > 0) return createPgSchemaDb(retries - 1);
    throw err;
  }
  return {
    config,
    store,
    async cleanup() {
      await store.close().catch(() => {});
      await dropSchema(schema);
    },
  };
}

async function dropSchema(schema: string) {
  const c = new pg.Client({ connectionString: testPgUrl });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await c.end();
}
