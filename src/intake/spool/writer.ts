import { closeSync, mkdirSync, openSync, readFileSync, readdirSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { App } from '../../app.js';
import { log } from '../../lib/log.js';
import { SEGMENT_NAME, type SpooledDelivery, encodeRecord, segmentName } from './format.js';

/** A segment this big is closed and a new one begun, so the drain can delete what it has moved. */
const ROTATE_BYTES = 64 * 1024 * 1024;
const LOCK = 'writer.pid';

/** Where the spool of an embedded database file lives: beside it, so a backup of the folder has both. */
export const spoolDirOf = (dbFile: string) => `${dbFile}-spool`;

/**
 * The receiver's side of the intake spool (embedded mode with the worker on its own thread,
 * processes/embedded-worker.ts). With one SQLite file there is one writer at a time: when every
 * acknowledgement was a journal insert, the web thread waited for the write lock behind intake's
 * transactions on the worker thread, and acknowledgements beside big deliveries took 40–110 ms
 * (docs/bench.md). Appending to a file takes no database lock: a verified delivery is written here
 * with one write(2) — in the kernel's page cache when the 200 goes out, so it survives the process
 * being killed, as a commit with `synchronous = NORMAL` does — and the worker thread moves it into
 * the journal (drain.ts) in batches, with the offset it reached in the same transaction, so each
 * delivery becomes exactly one journal row in the order it was acknowledged.
 *
 * One writer per spool: the process that holds `writer.pid` (a live pid). Another process on the
 * same database file gets null from open() and journals directly, as PostgreSQL nodes do.
 */
export class SpoolWriter {
  private fd: number;
  private seq: number;
  private size = 0;

  private constructor(
    readonly dir: string,
    seq: number,
  ) {
    this.seq = seq;
    this.fd = this.create(seq);
  }

  static open(dir: string): SpoolWriter | null {
    mkdirSync(dir, { recursive: true });
    const lock = path.join(dir, LOCK);
    let holder: number | null = null;
    try {
      holder = Number(readFileSync(lock, 'utf8').trim()) || null;
    } catch {
      // No lock yet.
    }
    if (holder !== null && holder !== process.pid && alive(holder)) {
      log.warn('intake spool held by another process; journaling directly', { dir, pid: holder });
      return null;
    }
    writeFileSync(lock, String(process.pid));
    // Always a new segment: the last one of a killed process may end in a torn record.
    const last = readdirSync(dir)
      .map((f) => SEGMENT_NAME.exec(f))
      .reduce((max, m) => (m ? Math.max(max, Number(m[1])) : max), 0);
    return new SpoolWriter(dir, Math.max(Date.now(), last + 1));
  }

  /** Appends one delivery; when this returns, it survives the process. Throws on a write error (disk full). */
  append(d: SpooledDelivery): void {
    if (this.size >= ROTATE_BYTES) {
      // The next segment exists only once this one is finished: the drain reads "a newer segment
      // exists" as "this one is complete".
      closeSync(this.fd);
      this.seq++;
      this.fd = this.create(this.seq);
      this.size = 0;
    }
    const buf = encodeRecord(d);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off, buf.length - off);
    this.size += buf.length;
  }

  close(): void {
    closeSync(this.fd);
    try {
      if (Number(readFileSync(path.join(this.dir, LOCK), 'utf8').trim()) === process.pid) unlinkSync(path.join(this.dir, LOCK));
    } catch {
      // Gone already.
    }
  }

  private create(seq: number): number {
    return openSync(path.join(this.dir, segmentName(seq)), 'wx');
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, run by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Gives an embedded app's receiver the spool beside its database file (when this process can hold
 * it) and returns what closes it. Only for a process whose worker thread drains it.
 */
export function attachIntakeSpool(app: App): () => Promise<void> {
  const file = app.store.file;
  const writer = file ? SpoolWriter.open(spoolDirOf(file)) : null;
  if (!writer) return async () => {};
  app.intakeSpool = writer;
  return async () => {
    app.intakeSpool = undefined;
    writer.close();
  };
}
