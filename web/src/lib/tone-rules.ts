/** A tone rule as GET /tone-rules lists it: built-in (id null until overridden) or the workspace's own. */
export interface ToneRule {
  id: string | null;
  language: string;
  kind: 'dismissive' | 'blame' | 'apology';
  phrase: string;
  reason: string | null;
  enabled: boolean;
  builtIn: boolean;
  updatedAt: string | null;
}

export const TONE_KINDS = ['dismissive', 'blame', 'apology'] as const;
/** Languages with built-in lists; a workspace may add rules for any other code. */
export const TONE_LANGUAGES = ['en', 'pt', 'tr', 'vi', 'es'];
