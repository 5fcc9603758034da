import { REPLY_TEXTS } from './replies.js';
import { SITE_CHAT_TEXTS } from './site-chat.js';
import { SURVEY_TEXTS } from './surveys.js';

/**
 * Every text Hearken itself writes to customers (not what agents or admins write), one version
 * per language the product serves. Which version: the conversation's language from triage, else
 * the workspace's default language, else English (pickLanguage). Texts may hold {placeholders};
 * auto-reply texts keep their {{hours}}-style variables for the auto-reply renderer.
 * README "Languages customers read".
 */
export const CUSTOMER_LANGUAGES = ['en', 'vi', 'zh', 'tr', 'hy', 'pt', 'es'] as const;
export type CustomerLanguage = (typeof CUSTOMER_LANGUAGES)[number];
export type Versions = Record<CustomerLanguage, string>;

export const CUSTOMER_TEXTS = { ...REPLY_TEXTS, ...SURVEY_TEXTS, ...SITE_CHAT_TEXTS } satisfies Record<string, Versions>;
export type CustomerTextKey = keyof typeof CUSTOMER_TEXTS;

const supported = new Set<string>(CUSTOMER_LANGUAGES);

/** "pt-BR" → "pt", "zh-Hant-TW" → "zh"; null for 'und', unknown or unsupported languages. */
export function asCustomerLanguage(code: string | null | undefined): CustomerLanguage | null {
  const base = (code ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return supported.has(base) ? (base as CustomerLanguage) : null;
}

/** The first candidate Hearken writes in (the conversation's language, the workspace default…), else English. */
export function pickLanguage(...candidates: Array<string | null | undefined>): CustomerLanguage {
  for (const c of candidates) {
    const l = asCustomerLanguage(c);
    if (l) return l;
  }
  return 'en';
}

/** The languages of an Accept-Language header, best first ("pt-BR,pt;q=0.9,en;q=0.8"). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  return (header ?? '')
    .split(',')
    .slice(0, 20)
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? '1',
      );
      return { tag: tag!.trim(), q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((x) => x.tag && x.tag !== '*' && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
    .map((x) => x.tag);
}

/** A text in a language, with {placeholders} filled. */
export function customerText(key: CustomerTextKey, lang: CustomerLanguage, vars?: Record<string, string | number>): string {
  const s: string = CUSTOMER_TEXTS[key][lang];
  return vars ? s.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole)) : s;
}

/**
 * Whether a stored text is Hearken's own default (in any language), i.e. nobody wrote it: settings
 * saved with the default keep answering each customer in their language.
 */
export function isDefaultText(key: CustomerTextKey, text: string | null | undefined): boolean {
  const t = (text ?? '').trim();
  return Object.values(CUSTOMER_TEXTS[key] as Versions).some((v) => v === t);
}
