import { type CustomerLanguage, customerText } from '../lib/customer-texts/index.js';

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

const FACES = ['😞', '😐', '😀'] as const;

/** A scale's answers in the customer's language (the words come from lib/customer-texts). */
export function scaleFor(kind: SurveyKind, lang: CustomerLanguage): ScaleOption[] {
  if (kind === 'csat')
    // CSAT in the manner of Hively: three faces.
    return ([1, 2, 3] as const).map((score) => {
      const words = customerText(`survey.csat.${score}`, lang);
      return { score, label: `${FACES[score - 1]} ${words}`, words };
    });
  const [from, to] = kind === 'nps' ? [0, 10] : [1, 7];
  return range(from, to).map((n) => ({
    score: n,
    label: String(n),
    words: n === from ? customerText(`survey.${kind}.low`, lang) : n === to ? customerText(`survey.${kind}.high`, lang) : String(n),
  }));
}

/** The default question of a kind, in the customer's language. */
export const defaultQuestion = (kind: SurveyKind, lang: CustomerLanguage) => customerText(`survey.question.${kind}`, lang);

/** The scales in English (ranges and scores are the same in every language). */
export const SCALES: Record<SurveyKind, ScaleOption[]> = { csat: scaleFor('csat', 'en'), nps: scaleFor('nps', 'en'), ces: scaleFor('ces', 'en') };

export const DEFAULT_QUESTIONS: Record<SurveyKind, string> = {
  csat: defaultQuestion('csat', 'en'),
  nps: defaultQuestion('nps', 'en'),
  ces: defaultQuestion('ces', 'en'),
};

export const isValidScore = (kind: SurveyKind, score: number) => SCALES[kind].some((o) => o.score === score);

/** CSAT: 3 happy, 2 okay, 1 unhappy. NPS: 9–10 promoter, 7–8 passive, 0–6 detractor. */
export const csatBand = (score: number) => (score >= 3 ? 'happy' : score === 2 ? 'okay' : 'unhappy');
export const npsBand = (score: number) => (score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor');
