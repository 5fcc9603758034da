/** The realtime stream's timings and sizes; tests shorten them. */
export const STREAM_TIMING = {
  pageSize: 500,
  /** Re-read even without a wake-up: events written by another process on SQLite, or a lost NOTIFY. */
  pollMs: 2_000,
  /** Proxies close idle connections; a comment line keeps them open. */
  heartbeatMs: 15_000,
  /** While a writer may still commit below the max id, look again soon instead of at the next poll. */
  recheckMs: 50,
  /** How often a live stream asks whether its credential still holds. */
  authCheckMs: 10_000,
  /**
   * Frames a workspace's feed keeps in memory (workspace-feed.ts): streams within this many events
   * of the newest take them from there; those further behind read the log themselves.
   */
  feedFrames: 5_000,
  /** After a read that found events, the feed waits this long before the next (workspace-feed.ts). */
  batchMs: 25,
};
