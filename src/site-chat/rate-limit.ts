import { AppError } from '../lib/errors.js';

/**
 * A fixed-window counter per key, in memory: the visitor API is public, so each browser (visitor
 * token, else client address) gets a budget per action. Per process on purpose: with N web nodes a
 * visitor gets at most N times the budget, which still bounds abuse without a shared store.
 */
export class WindowLimiter {
  private hits = new Map<string, { n: number; until: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  /** Counts one hit for `key`; throws 429 rate_limited (with the seconds to wait) when over budget. */
  take(key: string, now: number): void {
    let h = this.hits.get(key);
    if (!h || h.until <= now) {
      if (this.hits.size > 50_000) this.sweep(now);
      h = { n: 0, until: now + this.windowMs };
      this.hits.set(key, h);
    }
    if (++h.n > this.max) throw new RateLimited(Math.ceil((h.until - now) / 1000));
  }

  private sweep(now: number) {
    for (const [k, h] of this.hits) if (h.until <= now) this.hits.delete(k);
  }
}

export class RateLimited extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super('rate_limited', `too many requests: try again in ${retryAfterSeconds} s`);
  }
}

/** Budgets per action (per visitor or address, per minute). */
export const siteLimits = {
  session: new WindowLimiter(20, 60_000),
  message: new WindowLimiter(30, 60_000),
  typing: new WindowLimiter(60, 60_000),
  poll: new WindowLimiter(240, 60_000),
  ack: new WindowLimiter(120, 60_000),
};
