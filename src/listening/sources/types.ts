import type { z } from 'zod';

/** One public post as a source adapter hands it over, before it is stored and matched. */
export interface SourcePost {
  /** The network's own id of the post: with the source kind, what deduplicates it. */
  itemId: string;
  /** Handle or account id (what author: in a query looks at). */
  author?: string;
  authorName?: string;
  url?: string;
  text: string;
  lang?: string;
  postedAt: number;
  /** Anything else worth keeping (the subreddit, the video id, the conversation it lives in…). */
  extra?: Record<string, unknown>;
}

export type FetchOutcome =
  | {
      ok: true;
      posts: SourcePost[];
      cursor: unknown /** A limit hit part-way: what was read is kept, the cursor did not move past the gap. */;
      retryAfterMs?: number;
      error?: string /** Merged into the source's state (e.g. x_stream's rule sync report). */;
      state?: Record<string, unknown>;
    }
  | { ok: false; error: string /** Set when the network said to slow down: not before then. */; retryAfterMs?: number; permanent?: boolean };

export interface FetchContext<S> {
  settings: S;
  secrets: Record<string, string>;
  /** What the previous successful fetch returned as its cursor (undefined on the first poll). */
  cursor: any;
  now: number;
  timeoutMs: number;
  /** The one outbound HTTP client (src/net/outbound-http.ts): every request to the network goes through it. */
  outbound: import('../../net/outbound-http.js').Outbound;
  /** Only the 'channels' source reads the database; everything else talks to its network. */
  workspaceId: string;
  db?: import('kysely').Kysely<import('../../store/schema.js').DB>;
}

/**
 * A listening source: one network's public posts. `fetch` returns the posts newer than the cursor
 * and the cursor to store with them; it never writes — the poller stores posts and cursor in one
 * transaction, so a restart resumes exactly where the last committed poll stopped.
 */
export interface SourceAdapter<S = any> {
  kind: string;
  /** Validates the per-source settings given through the API. */
  settings: z.ZodType<S>;
  /** Names of credentials the source needs (sealed at rest like channel credentials). */
  secrets: string[];
  /** Default poll interval (seconds) and the smallest one allowed, per the network's limits. */
  defaultIntervalS: number;
  minIntervalS: number;
  /**
   * Keep posts no query matched (for previews)? False for a firehose (Jetstream carries the whole
   * network: only matches are worth a row).
   */
  storeUnmatched: boolean;
  fetch(ctx: FetchContext<S>): Promise<FetchOutcome>;
}
