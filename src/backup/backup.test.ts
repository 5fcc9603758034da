import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../channel-admin/create-channel.js';
import { unsealChannel } from '../channels/load-channel.js';
import { runCli } from '../cli/index.js';
import { runBackupCli } from '../cli/backup.js';
import { loadConfig } from '../config/index.js';
import { runReactors } from '../events/reactors.js';
import { processJournalBatch } from '../intake/processor.js';
import { uploadMedia } from '../media/upload-media.js';
import { reactors } from '../processes/reactors.js';
import { openStore, type Store } from '../store/db.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { testDialect, testPgUrl } from '../test/store.js';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const BOT_TOKEN = '7000000001:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw';

let t: TestApp;
let w: TestWorkspace;
let telegramId: string;
const scratch = mkdtempSync(path.join(os.tmpdir(), 'hearken-backup-test-'));
const databases: string[] = [];

/**
 * A fresh place to restore into: an empty data dir and, on PostgreSQL, a new database — with a
 * schema name of its own (the dump's schema is renamed), or with `sameSchema` the source's.
 */
async function freshTarget(o: { sameSchema?: boolean } = {}): Promise<Record<string, string>> {
  const dataDir = mkdtempSync(path.join(scratch, 'restored-'));
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', HEARKEN_DATA_DIR: dataDir, HEARKEN_DEMO: 'false' };
  if (testDialect === 'sqlite') return env;
  const name = `hk_restore_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPgUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  databases.push(name);
  const url = new URL(testPgUrl);
  url.pathname = `/${name}`;
  const schema = o.sameSchema && t.db.config.kind === 'postgres' ? t.db.config.schema! : `r_${randomBytes(4).toString('hex')}`;
  return { ...env, HEARKEN_DATABASE_URL: url.toString(), HEARKEN_DATABASE_SCHEMA: schema };
}

const cli = async (command: 'backup' | 'restore', args: string[], env: Record<string, string>) => {
  const lines: string[] = [];
  const code = await runBackupCli(command, args, (l) => lines.push(l), env);
  return { code, out: lines.join('\n') };
};

/** The tables the database itself lists (never a list kept by hand). */
async function tableNames(store: Store): Promise<string[]> {
  const q =
    store.dialect.name === 'sqlite'
      ? sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
      : sql<{
          name: string;
        }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ${store.schema} AND table_type = 'BASE TABLE' ORDER BY table_name`;
  return (await q.execute(store.db)).rows.map((r) => r.name);
}

/** Every row of a table, as comparable strings in a stable order. */
async function tableRows(store: Store, table: string): Promise<string[]> {
  const rows = (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)}`.execute(store.db)).rows;
  const norm = (v: unknown) => (Buffer.isBuffer(v) || v instanceof Uint8Array ? Buffer.from(v).toString('base64') : v instanceof Date ? v.toISOString() : v);
  return rows
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, norm(r[k])]),
        (_k, v) => (typeof v === 'bigint' ? String(v) : v),
      ),
    )
    .sort();
}

async function sequences(store: Store): Promise<unknown[]> {
  if (store.dialect.name === 'sqlite') return [];
  return (await sql`SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = ${store.schema} ORDER BY sequencename`.execute(store.db)).rows;
}

/** Every file under a folder, relative path → bytes (base64). */
function filesUnder(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>();
  let entries: string[] = [];
  try {
    entries = readdirSync(path.join(dir, rel));
  } catch {
    return out;
  }
  for (const e of entries) {
    const p = path.join(rel, e);
    if (statSync(path.join(dir, p)).isDirectory()) for (const [k, v] of filesUnder(dir, p)) out.set(k, v);
    else out.set(p, readFileSync(path.join(dir, p)).toString('base64'));
  }
  return out;
}

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  // A second network with a pasted credential: sealed at rest with the key.
  telegramId = (await createChannel(t.app, { workspaceId: w.workspaceId, type: 'telegram', name: 'Shop bot', settings: { botToken: BOT_TOKEN } })).id;
  for (const [i, who] of ['Ana', 'Bo', 'Chen'].entries()) {
    await deliver(t, w, buildInbound({ from: { id: `c-${i}`, name: who }, text: `Hello from ${who}, order #${i} — ¿dónde está? 注文` }));
    await deliver(t, w, buildInbound({ from: { id: `c-${i}`, name: who }, text: 'Still waiting' }));
  }
  while ((await processJournalBatch(t.app)) > 0);
  const convs = await (await t.req('GET', '/api/v1/conversations', { token: w.token })).json();
  const first = convs.conversations[0].id;
  await uploadMedia(t.app, { workspaceId: w.workspaceId, userId: w.ownerId, bytes: PNG, contentType: 'image/png', name: 'receipt.png' });
  await uploadMedia(t.app, { workspaceId: w.workspaceId, userId: w.ownerId, bytes: PDF, contentType: 'application/pdf', name: 'invoice.pdf' });
  expect((await t.req('POST', `/api/v1/conversations/${first}/notes`, { token: w.token, body: { text: 'VIP customer' } })).status).toBeLessThan(300);
  const reply = await t.req('POST', `/api/v1/conversations/${first}/replies`, {
    token: w.token,
    body: { text: 'Sorry! We are on it.' },
  });
  expect(reply.status).toBeLessThan(300);
  await runReactors(t.app, reactors);
});

afterAll(async () => {
  await t?.close();
  if (databases.length) {
    const admin = new pg.Client({ connectionString: testPgUrl });
    await admin.connect();
    for (const d of databases) await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`);
    await admin.end();
  }
  rmSync(scratch, { recursive: true, force: true });
});

describe(`backup and restore (${testDialect})`, () => {
  it('round-trips every table row by row, the media bytes, and the key that unseals channel secrets', async () => {
    const file = path.join(scratch, 'full.tar.gz');
    const b = await cli('backup', [file], childEnv(t));
    expect(b.out).toMatch(/^backup written to .*full\.tar\.gz \(\d+ bytes: .* 2 media files\)/);
    expect(b.code).toBe(0);

    const env = await freshTarget();
    const r = await cli('restore', [file], env);
    expect(r.out).toMatch(/^restored the backup of .*: .* database, 2 media files\nsecret key written to /);
    expect(r.code).toBe(0);

    const config = loadConfig(env);
    expect(config.secretKey.equals(t.config.secretKey)).toBe(true);
    const restored = openStore(config.db);
    try {
      const names = await tableNames(t.app.store);
      expect(await tableNames(restored)).toEqual(names);
      const filled = [];
      for (const table of names) {
        const want = await tableRows(t.app.store, table);
        expect(await tableRows(restored, table), table).toEqual(want);
        if (want.length) filled.push(table);
      }
      // The comparison means something only if the use-cases above wrote to the tables that matter.
      expect(filled).toEqual(expect.arrayContaining(['workspaces', 'channels', 'contacts', 'conversations', 'messages', 'events', 'media_uploads', 'jobs']));
      expect(await sequences(restored)).toEqual(await sequences(t.app.store));

      const row = await restored.db.selectFrom('channels').selectAll().where('id', '=', telegramId).executeTakeFirstOrThrow();
      expect(unsealChannel(row, config).secrets.botToken).toBe(BOT_TOKEN);
      const api = await restored.db.selectFrom('channels').selectAll().where('id', '=', w.channelId).executeTakeFirstOrThrow();
      expect(unsealChannel(api, config).secrets.signingSecret).toBe(w.signingSecret);
    } finally {
      await restored.close();
    }
    const media = filesUnder(t.config.media.dir);
    expect(media.size).toBe(4); // two files and their metadata
    expect(filesUnder(config.media.dir)).toEqual(media);
  });

  it('refuses to overwrite a restored target without --force, and replaces it with --force', async () => {
    const file = path.join(scratch, 'again.tar.gz');
    // A relative name is where the operator typed it (npm itself runs from the package folder).
    expect((await cli('backup', ['again.tar.gz'], { ...childEnv(t), INIT_CWD: scratch })).code).toBe(0);
    expect((await cli('backup', [file], childEnv(t))).out).toMatch(/exists already/);
    const env = await freshTarget({ sameSchema: true });
    expect((await cli('restore', [file], env)).code).toBe(0);
    const refused = await cli('restore', [file], env);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/already holds a database .*, a secret key .*, media .*refuses to overwrite/);
    const forced = await cli('restore', [file, '--force'], env);
    expect(forced.out).toMatch(/^restored the backup/);
    const store = openStore(loadConfig(env).db);
    try {
      expect(
        (
          await store.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      ).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  it('refuses a damaged, truncated or foreign archive before touching anything, and a key that does not match', async () => {
    const file = path.join(scratch, 'damaged-source.tar.gz');
    expect((await cli('backup', [file], childEnv(t))).code).toBe(0);
    const bytes = readFileSync(file);
    const flipped = Buffer.from(bytes);
    flipped[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(path.join(scratch, 'flipped.tar.gz'), flipped);
    writeFileSync(path.join(scratch, 'cut.tar.gz'), bytes.subarray(0, Math.floor(bytes.length * 0.7)));
    writeFileSync(path.join(scratch, 'foreign.tar.gz'), Buffer.from('not an archive at all'));
    for (const bad of ['flipped', 'cut', 'foreign']) {
      const env = await freshTarget();
      const r = await cli('restore', [path.join(scratch, `${bad}.tar.gz`)], env);
      expect(r.out, bad).toMatch(/^restore failed: not a usable Hearken backup: /);
      expect(r.code).toBe(1);
      // Nothing was put in place.
      expect(readdirSync(env.HEARKEN_DATA_DIR), bad).toEqual([]);
    }
    const env = await freshTarget();
    const wrongKey = await cli('restore', [file], { ...env, HEARKEN_SECRET_KEY: randomBytes(32).toString('hex') });
    expect(wrongKey.out).toMatch(/HEARKEN_SECRET_KEY is not the key this backup's channel secrets are sealed with/);
    expect(readdirSync(env.HEARKEN_DATA_DIR)).toEqual([]);
    const sameKey = await cli('restore', [file], { ...env, HEARKEN_SECRET_KEY: t.config.secretKey.toString('base64') });
    expect(sameKey.out).toMatch(/HEARKEN_SECRET_KEY matches/);
  });

  it('takes a consistent backup while intake keeps writing', async () => {
    const count = async (store: Store) =>
      Number(
        (
          await store.db
            .selectFrom('messages')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const before = await count(t.app.store);
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing || i < 3; i++) {
        await deliver(t, w, buildInbound({ from: { id: `live-${i % 5}`, name: 'Live' }, text: `live ${i}` }));
        await processJournalBatch(t.app);
      }
    })();
    const file = path.join(scratch, 'online.tar.gz');
    const b = await cli('backup', [file], childEnv(t));
    writing = false;
    await writer;
    expect(b.code).toBe(0);
    const after = await count(t.app.store);
    expect(after).toBeGreaterThan(before);

    const env = await freshTarget();
    expect((await cli('restore', [file], env)).code).toBe(0);
    const restored = openStore(loadConfig(env).db);
    try {
      const n = await count(restored);
      expect(n).toBeGreaterThanOrEqual(before);
      expect(n).toBeLessThanOrEqual(after);
      // A snapshot, not a mix: no message without its conversation, no conversation without its contact.
      const orphans = await restored.db
        .selectFrom('messages')
        .leftJoin('conversations', 'conversations.id', 'messages.conversation_id')
        .leftJoin('contacts', 'contacts.id', 'conversations.contact_id')
        .select((eb) => eb.fn.countAll().as('n'))
        .where((eb) => eb.or([eb('conversations.id', 'is', null), eb('contacts.id', 'is', null)]))
        .executeTakeFirstOrThrow();
      expect(Number(orphans.n)).toBe(0);
    } finally {
      await restored.close();
    }
  });

  // pg_dump qualifies every name with its schema: restoring under another name goes through the dump's own name, which must be free.
  if (testDialect === 'postgres')
    it('restores under another schema name only where the dump’s schema is free', async () => {
      const file = path.join(scratch, 'same-db.tar.gz');
      expect((await cli('backup', [file], childEnv(t))).code).toBe(0);
      const dataDir = mkdtempSync(path.join(scratch, 'same-db-'));
      const schema = `r_${randomBytes(4).toString('hex')}`;
      const r = await cli('restore', [file], { HEARKEN_DATA_DIR: dataDir, HEARKEN_DATABASE_URL: testPgUrl, HEARKEN_DATABASE_SCHEMA: schema });
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/the backup holds schema "t_[0-9a-f]+", which already exists in this database: restore into another database/);
      const admin = new pg.Client({ connectionString: testPgUrl });
      await admin.connect();
      try {
        expect((await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount).toBe(0);
      } finally {
        await admin.end();
      }
    });

  it('is reachable from the CLI and explains its usage', async () => {
    const lines: string[] = [];
    expect(await runCli(['backup'], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/backup FILE/);
    expect(await runCli(['restore', 'a', 'b'], (l) => lines.push(l))).toBe(2);
  });
});
