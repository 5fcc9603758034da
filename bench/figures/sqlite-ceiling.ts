import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../../src/lib/ids.js';
import { migrate, openStore } from '../../src/store/db.js';
import { loadCorpus, messageText, rng } from '../lib/corpus.js';

/**
 * Ceiling for intake throughput: raw better-sqlite3 inserts/s of a comparable row — a message row
 * with its real columns, indexes and text, into the real schema on the same pragmas — through one
 * prepared statement, one transaction per `batch` rows. It is what storing an event would cost
 * with no parsing, dedupe, contact, threading, search or event log at all.
 */
export async function sqliteInsertCeiling(o: { batch: number; durationMs: number }): Promise<number> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-bench-ceiling-'));
  const store = openStore({ kind: 'sqlite', file: path.join(dir, 'ceiling.db') });
  try {
    await migrate(store);
    const db = store.sqlite!;
    const now = Date.now();
    db.prepare("INSERT INTO workspaces (id, name, created_at) VALUES ('w', 'w', ?)").run(now);
    db.prepare("INSERT INTO channels (id, workspace_id, type, name, settings, status, created_at) VALUES ('ch', 'w', 'api', 'c', '{}', 'active', ?)").run(now);
    db.prepare("INSERT INTO contacts (id, workspace_id, attributes, created_at, updated_at) VALUES ('p', 'w', '{}', ?, ?)").run(now, now);
    db.prepare(
      "INSERT INTO conversations (id, workspace_id, channel_id, contact_id, kind, visibility, status, thread_key, last_message_at, created_at, updated_at) VALUES ('c', 'w', 'ch', 'p', 'dm', 'private', 'open', 'k', ?, ?, ?)",
    ).run(now, now, now);
    const insert = db.prepare(
      `INSERT INTO messages (id, workspace_id, conversation_id, channel_id, direction, author_kind, visibility, body, attachments, external_id, network_ts, received_at, delivery_status, created_at)
       VALUES (?, 'w', 'c', 'ch', 'in', 'customer', 'private', ?, '[]', ?, ?, ?, 'received', ?)`,
    );
    const r = rng(11);
    const corpus = loadCorpus();
    const texts = Array.from({ length: 1000 }, () => messageText(r, corpus));
    let n = 0;
    const writeBatch = db.transaction(() => {
      for (let i = 0; i < o.batch; i++, n++) {
        const t = Date.now();
        insert.run(newId(t), texts[n % texts.length], `ext-${n}`, t, t, t);
      }
    });
    const start = performance.now();
    while (performance.now() - start < o.durationMs) writeBatch();
    return n / ((performance.now() - start) / 1000);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
