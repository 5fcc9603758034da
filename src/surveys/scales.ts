/**
 * The three survey scales and what their answers mean (the rules in docs/surveys.md and
 * docs/metrics.md "Customer surveys"). One place for ranges, labels and default questions, used
 * by the sender (buttons), the hosted page and the metrics.
 */
export const SURVEY_KINDS = ['csat', 'nps', 'ces'] as const;
export type SurveyKind = (typeof SURVEY_KINDS)[number];

export interface ScaleOption {
  score: number;
  /** Short label for a button (Meta quick replies allow 20 characters). */
  label: string;
  /** Longer words for the hosted page and screen readers. */
  words: string;
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

export const SCALES: Record<SurveyKind, ScaleOption[]> = {
  // CSAT in the manner of Hively: three faces.
  csat: [
    { score: 1, label: '😞 Unhappy', words: 'Unhappy' },
    { score: 2, label: '😐 Okay', words: 'Okay' },
    { score: 3, label: '😀 Happy', words: 'Happy' },
  ],
  nps: range(0, 10).map((n) => ({ score: n, label: String(n), words: n === 0 ? '0 – not at all likely' : n === 10 ? '10 – extremely likely' : String(n) })),
  ces: range(1, 7).map((n) => ({ score: n, label: String(n), words: n === 1 ? '1 – very difficult' : n === 7 ? '7 – very easy' : String(n) })),
};

export const DEFAULT_QUESTIONS: Record<SurveyKind, string> = {
  csat: 'How would you rate the help you received?',
  nps: 'How likely are you to recommend us to a friend or colleague? (0 = not at all likely, 10 = extremely likely)',
  ces: 'How easy was it to get your issue resolved? (1 = very difficult, 7 = very easy)',
};

export const isValidScore = (kind: SurveyKind, score: number) => SCALES[kind].some((o) => o.score === score);

/** CSAT: 3 happy, 2 okay, 1 unhappy. NPS: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export const csatBand = (score: number) => (score >= 3 ? 'happy' : score === 2 ? 'okay' : 'unhappy');
export const npsBand = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');
