import { closeSync, fstatSync, openSync, readSync, readdirSync, statSync, unlinkSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../../app.js';
import { log } from '../../lib/log.js';
import { journalDelivery } from '../journal.js';
import { type SpooledDelivery, SEGMENT_NAME, decodeRecord } from './format.js';
import { spoolDirOf } from './writer.js';

/** One transaction moves at most this much: the web thread's own writes wait for it (store/write-turns.ts). */
const MAX_RECORDS = 200;
const MAX_BYTES = 2 * 1024 * 1024;

/**
 * The worker's side of the intake spool (writer.ts): moves what the receiver appended into the
 * journal, oldest segment first, one batch per call, with the position reached stored in the same
 * transaction — a crash before the commit moves the batch again, after it never. A segment that is
 * not the newest is finished (the writer begins the next one only after its last write): once
 * drained it is deleted, and an incomplete record at its end is a write the process died inside,
 * never acknowledged, dropped. Returns how many deliveries it moved (0: nothing to do).
 */
export async function drainSpool(app: App): Promise<number> {
  const file = app.store.file;
  if (!file) return 0;
  const dir = spoolDirOf(file);
  let names: string[];
  try {
    names = readdirSync(dir)
      .filter((f) => SEGMENT_NAME.test(f))
      .sort();
  } catch {
    return 0;
  }
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const finished = i < names.length - 1;
    const moved = await app.store.db.transaction().execute(async (tx) => {
      const row = await tx.selectFrom('intake_spool').select('position').where('segment', '=', name).executeTakeFirst();
      const from = Number(row?.position ?? 0);
      const batch = readBatch(path.join(dir, name), from, finished);
      for (const d of batch.deliveries) {
        await journalDelivery(tx, { ...d, error: d.error ?? undefined });
      }
      if (batch.to !== from) {
        if (row) await tx.updateTable('intake_spool').set({ position: batch.to }).where('segment', '=', name).execute();
        else await tx.insertInto('intake_spool').values({ segment: name, position: batch.to }).execute();
      }
      return { n: batch.deliveries.length, done: batch.done };
    });
    if (moved.n > 0) return moved.n;
    if (!finished || !moved.done) return 0;
    // The file first, then its row: a row without a file is harmless; a file without its row would
    // be read again from the start.
    unlinkSync(path.join(dir, name));
    await app.store.db.deleteFrom('intake_spool').where('segment', '=', name).execute();
  }
  return 0;
}

interface Batch {
  deliveries: SpooledDelivery[];
  /** The position after the last whole record read (or after what was skipped). */
  to: number;
  /** Nothing more will come from this segment past `to`. */
  done: boolean;
}

function readBatch(file: string, from: number, finished: boolean): Batch {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const deliveries: SpooledDelivery[] = [];
    let pos = from;
    let buf = Buffer.alloc(0);
    let bufAt = from;
    while (deliveries.length < MAX_RECORDS && pos - from < MAX_BYTES && pos < size) {
      const d = decodeRecord(buf, pos - bufAt);
      if (d.kind === 'record') {
        deliveries.push(d.delivery);
        pos = bufAt + d.next;
        continue;
      }
      if (d.kind === 'damaged') {
        // Whole records are written in one call; this is damage to the file. Keep the rest moving.
        log.error('intake spool: damaged record skipped, with the rest of its segment', { file, at: pos, reason: d.reason, bytes: size - pos });
        return { deliveries, to: size, done: finished };
      }
      // Short: read what the record needs (it may be bigger than the usual read), if the file has it.
      const want = Math.max(d.need, Math.min(MAX_BYTES, size - pos));
      if (size - pos < d.need) break;
      buf = Buffer.allocUnsafe(want);
      const got = readSync(fd, buf, 0, want, pos);
      buf = buf.subarray(0, got);
      bufAt = pos;
      if (got < d.need) break;
    }
    const torn = finished && pos < size && deliveries.length < MAX_RECORDS && pos - from < MAX_BYTES;
    if (torn) log.warn('intake spool: incomplete record at the end of a finished segment dropped (never acknowledged)', { file, bytes: size - pos });
    return { deliveries, to: torn ? size : pos, done: finished && (torn || pos >= size) };
  } finally {
    closeSync(fd);
  }
}

/**
 * Bytes appended to the spool of an embedded database file and not yet moved into the journal
 * (`positions`: the intake_spool rows). For the bench and /metrics: with a spool, "nothing pending
 * in the journal" does not yet mean "intake is idle".
 */
export function spoolBacklogBytes(dbFile: string, positions: ReadonlyMap<string, number>): number {
  const dir = spoolDirOf(dbFile);
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => SEGMENT_NAME.test(f));
  } catch {
    return 0;
  }
  let n = 0;
  for (const name of names) {
    try {
      n += Math.max(0, statSync(path.join(dir, name)).size - (positions.get(name) ?? 0));
    } catch {
      // Drained and deleted meanwhile.
    }
  }
  return n;
}
