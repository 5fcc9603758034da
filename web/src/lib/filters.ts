/**
 * The queue filters the filter bar offers, as URL parameters of the inbox (so a link reproduces
 * them) and as GET /conversations parameters (the same names). Multi-value fields are
 * comma-separated: the API matches any of the values; different fields combine with AND.
 */
export const FILTER_FIELDS = ['tag', 'sentiment', 'language', 'intent', 'assignee', 'team', 'channel', 'visibility', 'needsReply', 'troll'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

/** Fields where one value at a time makes sense (the others take several). */
export const SINGLE: ReadonlySet<FilterField> = new Set<FilterField>(['visibility', 'needsReply', 'troll']);

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;
export const INTENTS = ['question', 'complaint', 'praise', 'feedback', 'purchase', 'spam', 'abuse', 'other'] as const;
/** Languages offered in the filter (the traffic's usual ones); any other code still works from a URL. */
export const LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'pl', 'tr', 'ar', 'ja', 'zh'] as const;

export const splitValues = (v: string | null | undefined) => (v ? v.split(',').filter(Boolean) : []);

/** The filter-bar fields present in a URL's parameters. */
export function urlFilters(params: URLSearchParams): Partial<Record<FilterField, string>> {
  const out: Partial<Record<FilterField, string>> = {};
  for (const f of FILTER_FIELDS) {
    const v = params.get(f);
    if (v) out[f] = v;
  }
  return out;
}

/** A language code's name in the reader's language ("de" → "German"), or the code itself. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}
