import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import type { DB } from '../store/schema.js';

/** What a run removed, per kind (a run row's columns, the API's `removed`). */
export interface RetentionCounts {
  journal: number;
  events: number;
  /** Stored attachments taken off messages that are kept, and uploads. */
  media: number;
  conversations: number;
  messages: number;
  /** Files deleted from the media store once nothing referred to them. */
  files: number;
}

export const COUNT_KINDS = ['journal', 'events', 'media', 'conversations', 'messages', 'files'] as const satisfies ReadonlyArray<keyof RetentionCounts>;

/** Rows deleted per transaction, at most: each write holds SQLite's one write lock only briefly. */
export const RETENTION_BATCH = 500;
/** Between two batches the run waits this long, so intake's writes (and acks) go first. */
export const RETENTION_PAUSE_MS = 20;

/** One run of one workspace, as each purge step sees it. */
export interface RetentionContext {
  app: App;
  workspaceId: string;
  runId: string;
  /** The run's clock: cutoffs are computed once, from this. */
  now: number;
  batchSize: number;
  pauseMs: number;
}

/**
 * Adds a batch's counts to its run, and moves the run's heartbeat, inside the batch's own
 * transaction: the counts are exactly what was deleted, even when the run is interrupted later.
 */
export async function countInRun(tx: Kysely<DB>, ctx: RetentionContext, c: Partial<RetentionCounts>): Promise<void> {
  await tx
    .updateTable('retention_runs')
    .set((eb) => {
      const set: Record<string, unknown> = { heartbeat_at: ctx.app.now() };
      for (const k of COUNT_KINDS) if (c[k]) set[k] = eb(eb.ref(k), '+', c[k]);
      return set;
    })
    .where('id', '=', ctx.runId)
    .execute();
}

/** Lets everything waiting on the database (intake, acks, replies) go before the next batch. */
export function pause(ctx: RetentionContext): Promise<void> {
  return new Promise((resolve) => (ctx.pauseMs > 0 ? setTimeout(resolve, ctx.pauseMs) : setImmediate(resolve)));
}

/** A yield without a wait, between reads that write nothing. */
export const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

export const DAY_MS = 86_400_000;

/** Splits a list into IN-list sized parts (far below both databases' parameter limits). */
export function* parts<T>(list: readonly T[], size = 500): Generator<T[]> {
  for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
}
