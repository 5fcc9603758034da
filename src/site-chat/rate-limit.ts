import type { Kysely } from 'kysely';
import { AppError } from '../lib/errors.js';
import { countHit } from '../rate-limit/window-counter.js';
import type { DB } from '../store/schema.js';

/** How many keys a process remembers as over budget; past this it just asks the database. */
const MAX_BLOCKED = 10_000;

/**
 * A fixed-window budget per key for the public visitor API: each browser (visitor token, else
 * client address) gets so many requests per action and minute. The count lives in the database
 * (rate_limits), so N web nodes give a visitor one budget, not N.
 *
 * Writes stay cheap and bounded: a request is one upsert of one row (its primary key); once the
 * database says a key is over budget, this process refuses it from memory until the window ends,
 * so a flood costs at most `max` writes per key and window overall plus one per process. Rows
 * last one window and are purged by purge-expired.
 */
export class WindowLimiter {
  /** Keys this process has seen over budget, with the end of their window. */
  private blocked = new Map<string, number>();

  constructor(
    private readonly name: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit for `key`; throws 429 rate_limited (with the seconds to wait) when over budget. */
  async take(db: Kysely<DB>, key: string, now: number): Promise<void> {
    const until = this.blocked.get(key);
    if (until !== undefined) {
      if (until > now) throw new RateLimited(seconds(until - now));
      this.blocked.delete(key);
    }
    const hit = await countHit(db, `site-${this.name}:${key}`, this.windowMs, now);
    if (hit.count > this.max) {
      this.remember(key, hit.resetAt, now);
      throw new RateLimited(seconds(hit.resetAt - now));
    }
  }

  private remember(key: string, until: number, now: number) {
    if (this.blocked.size >= MAX_BLOCKED) for (const [k, u] of this.blocked) if (u <= now) this.blocked.delete(k);
    if (this.blocked.size < MAX_BLOCKED) this.blocked.set(key, until);
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `too many requests: try again in ${retryAfterSeconds} s`);
  }
}

/** Budgets per action (per visitor or address, per minute). */
export const siteLimits = {
  session: new WindowLimiter('session', 20, 60_000),
  message: new WindowLimiter('message', 30, 60_000),
  typing: new WindowLimiter('typing', 60, 60_000),
  poll: new WindowLimiter('poll', 240, 60_000),
  ack: new WindowLimiter('ack', 120, 60_000),
};
