export const SENTIMENTS = ['positive', 'neutral', 'negative', 'unknown'] as const;
export type SentimentMix = Record<(typeof SENTIMENTS)[number], number>;

export const emptyMix = (): SentimentMix => ({ positive: 0, neutral: 0, negative: 0, unknown: 0 });

/** Mentions not analysed yet (or with a label outside the three) count as unknown. */
export function addSentiment(mix: SentimentMix, sentiment: string | null): void {
  const k = sentiment === 'positive' || sentiment === 'neutral' || sentiment === 'negative' ? sentiment : 'unknown';
  mix[k]++;
}
