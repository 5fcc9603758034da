/**
 * Tone rules for a draft reply, per language, as data a workspace may override (same shape).
 * "dismissive" words make the customer feel small; "blame" phrases put the fault on them;
 * "apology" phrases are what an upset customer should hear at least once.
 */
export interface ToneRules {
  dismissive: string[];
  blame: string[];
  apology: string[];
  /** A workspace's own reason per phrase (keyed by toneCueKey), shown instead of the generic hint. */
  reasons?: Record<string, string>;
}

export const TONE_KINDS = ['dismissive', 'blame', 'apology'] as const;
export type ToneKind = (typeof TONE_KINDS)[number];

/**
 * The one spelling of a phrase for comparing and keying: lower case, words separated by one
 * space, a trailing '*' kept (it means "any ending"). The matcher reports prefix hits this way.
 */
export function toneCueKey(phrase: string): string {
  const star = phrase.trim().endsWith('*');
  const words =
    phrase
      .toLowerCase()
      .replace(/\*$/, '')
      .match(/[\p{L}\p{M}\p{N}'’-]+/gu) ?? [];
  return words.join(' ') + (star ? '*' : '');
}

/** The workspace's reason for a matched phrase, if it wrote one. */
export const reasonFor = (r: ToneRules, cue: string): string | undefined => r.reasons?.[toneCueKey(cue)];

export const DEFAULT_TONE_RULES: Record<string, ToneRules> = {
  en: {
    dismissive: [
      'just',
      'simply',
      'obviously',
      'clearly',
      'as i said',
      'as i mentioned',
      'as already stated',
      'actually',
      'of course',
      'calm down',
      'no offense',
      'per our policy',
      'unfortunately there is nothing',
    ],
    blame: [
      'you should have',
      'you need to',
      'you failed to',
      'you didn’t',
      "you didn't",
      'your fault',
      'you forgot',
      'you must have',
      'you were supposed to',
      'if you had read',
      'you did not',
    ],
    apology: ['sorry', 'apologize', 'apologise', 'apologies', 'we regret', 'my bad', 'understand how frustrating', 'understand your frustration'],
  },
  pt: {
    dismissive: [
      'apenas',
      'simplesmente',
      'obviamente',
      'é só',
      'basta',
      'como eu disse',
      'como já dissemos',
      'como já informado',
      'claramente',
      'fique calmo',
      'conforme informado',
    ],
    blame: ['você deveria ter', 'você não leu', 'você esqueceu', 'a culpa é sua', 'você não fez', 'você errou', 'você precisava', 'por sua culpa'],
    apology: ['desculpa', 'desculpe', 'desculpas', 'lamentamos', 'sentimos muito', 'lamento', 'perdão', 'entendo sua frustração'],
  },
  tr: {
    dismissive: ['sadece', 'basitçe', 'tabii ki', 'açıkça', 'zaten', 'dediğim gibi', 'daha önce de belirttiğimiz gibi', 'sakin olun', 'bu kadar basit'],
    blame: ['yapmalıydınız', 'okumadınız', 'unuttunuz', 'sizin hatanız', 'sizin suçunuz', 'dikkat etmeliydiniz', 'yanlış yaptınız'],
    apology: ['özür', 'kusura bakmayın', 'üzgünüz', 'affedersiniz', 'yaşattığımız', 'anlıyoruz'],
  },
  vi: {
    dismissive: ['chỉ cần', 'đơn giản là', 'rõ ràng là', 'tất nhiên', 'như đã nói', 'như tôi đã nói', 'như đã thông báo', 'bình tĩnh'],
    blame: ['bạn phải', 'lẽ ra bạn', 'do bạn', 'lỗi của bạn', 'bạn không đọc', 'bạn đã quên', 'tại bạn'],
    apology: ['xin lỗi', 'rất tiếc', 'thành thật xin lỗi', 'mong bạn thông cảm', 'thông cảm'],
  },
  es: {
    dismissive: ['simplemente', 'solo tiene que', 'obviamente', 'como le dije', 'como ya dijimos', 'claramente', 'cálmese'],
    blame: ['usted debió', 'debería haber', 'es su culpa', 'usted olvidó', 'no leyó'],
    apology: ['disculpa', 'disculpe', 'lo sentimos', 'lamentamos', 'perdón'],
  },
};
