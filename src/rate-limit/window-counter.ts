import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';

/**
 * Fixed-window counters in the rate_limits table, so every web process counts against the same
 * budget. Each operation is one statement on one row (its primary key): an atomic upsert that
 * answers the new count, so two processes counting at once each see their own number.
 */

export interface Hit {
  key: string;
  /** The window this hit was counted in; a release only undoes a hit in the same window. */
  windowStart: number;
  /** The count after this hit, this one included. */
  count: number;
  /** When the window ends (epoch ms). */
  resetAt: number;
}

/** Counts one hit on `key`: a new window starts when the old one has run out. */
export async function countHit(db: Kysely<DB>, key: string, windowMs: number, now: number): Promise<Hit> {
  const expired = now - windowMs;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_start: now, count: 1, expires_at: now + windowMs })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet((eb) => {
        // Every CASE reads the old row (SET sees pre-update values on both dialects).
        const stale = eb('rate_limits.window_start', '<=', expired);
        return {
          count: eb
            .case()
            .when(stale)
            .then(1)
            .else(eb('rate_limits.count', '+', 1))
            .end(),
          window_start: eb.case().when(stale).then(now).else(eb.ref('rate_limits.window_start')).end(),
          expires_at: eb
            .case()
            .when(stale)
            .then(now + windowMs)
            .else(eb.ref('rate_limits.expires_at'))
            .end(),
        };
      }),
    )
    .returning(['window_start', 'count', 'expires_at'])
    .executeTakeFirstOrThrow();
  return { key, windowStart: Number(row.window_start), count: Number(row.count), resetAt: Number(row.expires_at) };
}

/** Undoes one hit, if its window is still the current one (a new window owes it nothing). */
export async function releaseHit(db: Kysely<DB>, hit: Pick<Hit, 'key' | 'windowStart'>): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ count: eb('count', '-', 1) }))
    .where('key', '=', hit.key)
    .where('window_start', '=', hit.windowStart)
    .where('count', '>', 0)
    .execute();
}

/** Forgets a key's window altogether. */
export async function clearKey(db: Kysely<DB>, key: string): Promise<void> {
  await db.deleteFrom('rate_limits').where('key', '=', key).execute();
}

/** Drops counters whose window has ended (purge-expired runs it). */
export async function purgeCounters(db: Kysely<DB>, now: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('expires_at', '<', now).execute();
}
