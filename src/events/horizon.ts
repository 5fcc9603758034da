import type { Store } from '../store/db.js';
import { log } from '../lib/log.js';

/**
 * The "safe horizon" of the event log: the largest event id H such that every event with an
 * id <= H that will ever commit has already committed. Readers deliver only ids <= H, so a
 * cursor can jump forward without ever stepping over an event that commits late.
 *
 * Why this is needed: on PostgreSQL a bigserial id is taken when the row is inserted but only
 * becomes visible at COMMIT, so with concurrent writers id 101 can be visible while id 100 is
 * still in flight. A reader that moved its cursor to 101 would skip 100 forever.
 *
 * How it is computed (PostgreSQL): one statement reads max(id) under its snapshot and then lists
 * the transactions currently holding RowExclusiveLock on `events`. Every transaction that has
 * taken an id holds that lock until it ends (the lock is taken when the INSERT is parsed, before
 * nextval runs), so a writer that holds an id below that max is in the list. The max becomes safe
 * once none of the listed transactions is still running. We chose this over a time lag because it
 * adds no delay when nobody is writing (the usual case) and only waits for the actual writers
 * otherwise, and over re-scanning a window behind the cursor because a resumed client's cursor
 * (Last-Event-ID) then stays a plain "everything up to here" promise.
 *
 * SQLite has one writer at a time and assigns ids inside the write lock, so commit order is id
 * order and the horizon is simply max(id).
 */
export interface HorizonReading {
  /** Safe to deliver up to this id; -1 until the first confirmation. */
  safe: number;
  /** Whether a larger, not yet confirmed max exists: worth re-checking soon rather than at the next poll. */
  pending: boolean;
}

interface Probe {
  max: number;
  /** Transactions (PostgreSQL virtual transaction ids) that may hold uncommitted event ids. */
  writers: string[];
}

/** A writer holding the log open longer than this no longer stalls realtime for everyone; see docs/realtime.md. */
export const MAX_HOLD_MS = 10_000;

/** The one dialect-specific function: the current max id and who might still be writing below it (store/dialects/). */
function probe(store: Store): Promise<Probe> {
  return store.dialect.probeEventLog(store.db);
}

interface Candidate {
  max: number;
  writers: Set<string>;
  since: number;
}

class HorizonTracker {
  private safe = -1;
  private candidates: Candidate[] = [];
  private running: Promise<HorizonReading> | null = null;
  private queued: Promise<HorizonReading> | null = null;

  constructor(private store: Store) {}

  /**
   * Probes the database and returns the horizon. Probes run one at a time: a candidate may only
   * be confirmed by a lock list observed after its own, and a caller woken by a commit needs a
   * probe that started after that commit. So callers arriving mid-probe share the next one.
   */
  read(): Promise<HorizonReading> {
    if (!this.running) {
      this.running = this.refresh().finally(() => {
        this.running = null;
      });
      return this.running;
    }
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.read();
      });
    return this.queued;
  }

  private async refresh(): Promise<HorizonReading> {
    const p = await probe(this.store);
    const live = new Set(p.writers);
    const now = performance.now();
    // An older candidate for the same max already covers every writer that could hold an id below it.
    const last = this.candidates.at(-1);
    if (p.max > this.safe && (!last || p.max > last.max)) this.candidates.push({ max: p.max, writers: live, since: now });
    const keep: Candidate[] = [];
    for (const c of this.candidates) {
      const running = [...c.writers].some((w) => live.has(w));
      if (running && now - c.since > MAX_HOLD_MS) {
        log.warn('realtime: a transaction has held the event log open too long; advancing past it', { max: c.max });
      }
      if (!running || now - c.since > MAX_HOLD_MS) this.safe = Math.max(this.safe, c.max);
      else if (c.max > this.safe) keep.push(c);
    }
    this.candidates = keep.filter((c) => c.max > this.safe);
    return { safe: this.safe, pending: this.candidates.length > 0 };
  }
}

// One tracker per store: every stream in the process shares its probes.
const trackers = new WeakMap<Store, HorizonTracker>();

export function horizonOf(store: Store): { read(): Promise<HorizonReading> } {
  let t = trackers.get(store);
  if (!t) trackers.set(store, (t = new HorizonTracker(store)));
  return t;
}
