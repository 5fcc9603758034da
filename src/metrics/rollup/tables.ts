// The metric rollup tables' row types are in store/schema/metrics.ts, with every other table's.

/**
 * A cycle whose customer messages span more than this is "long": found through its own small
 * index, so every other cycle a period touches lies in [from − LONG_SPAN_MS, to) by its start.
 */
export const LONG_SPAN_MS = 7 * 86_400_000;
