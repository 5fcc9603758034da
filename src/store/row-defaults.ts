/** Column values of a message nobody has analysed yet (the enrichment worker fills them). */
export const UNANALYSED = { language: null, sentiment: null, intent: null, analysis: null, enriched_at: null } as const;
