/**
 * Troll or unhappy customer? The heuristic care teams use: vague, extreme, insulting text with no
 * specifics leans troll; specifics (an order, a date, an amount, a product code, an earlier contact)
 * lean customer — who must get a fast, human answer even when angry. 0 = customer, 1 = troll.
 */
import { CueMatcher, flatten } from './cues.js';
import { INTENT_CUES } from './intent-cues.js';
import type { PiiSpan } from './pii.js';

export interface TrollSignal {
  signal: string;
  /** Positive pushes towards troll, negative towards customer. */
  weight: number;
}

/** At or above this score a message leans troll (the eval's cut; listening's "observe" uses 0.6). */
export const TROLL_LEANING = 0.5;

export interface TrollResult {
  score: number;
  signals: TrollSignal[];
}

const EXTREME = new CueMatcher(
  flatten({
    en: ['worst', 'ever', 'never again', 'always', 'everyone', 'nobody', 'all of you', 'total*', 'complete*', 'pathetic', 'joke', 'boycott', 'hate'],
    pt: ['pior', 'nunca mais', 'sempre', 'todo mundo', 'ninguém', 'piada', 'boicote', 'odeio', 'vergonha'],
    es: ['peor', 'nunca más', 'siempre', 'todos', 'nadie', 'chiste', 'boicot', 'odio'],
    tr: ['en kötü', 'asla', 'hep', 'herkes', 'kimse', 'rezalet', 'boykot', 'nefret'],
    vi: ['tệ nhất', 'không bao giờ', 'luôn luôn', 'ai cũng', 'tẩy chay', 'ghét'],
    fr: ['pire', 'jamais plus', 'toujours', 'tout le monde', 'boycott', 'déteste'],
    de: ['schlimmste', 'nie wieder', 'immer', 'alle', 'boykott', 'hasse'],
    zh: ['最差', '永远不', '永遠不', '抵制', '讨厌', '討厭'],
  }),
);
const INSULT = new CueMatcher(flatten(INTENT_CUES.abuse));
const PRIOR_CONTACT = new CueMatcher(
  flatten({
    en: ['called', 'emailed', 'e-mailed', 'chatted', 'spoke to', 'talked to', 'ticket', 'case number', 'last week', 'yesterday', 'your agent', 'support said'],
    pt: ['liguei', 'mandei e-mail', 'mandei email', 'protocolo', 'falei com', 'ontem', 'semana passada', 'atendente'],
    es: ['llamé', 'escribí', 'hablé con', 'ayer', 'la semana pasada', 'número de caso'],
    tr: ['aradım', 'mail attım', 'yazdım', 'görüştüm', 'dün', 'geçen hafta', 'talep numarası'],
    vi: ['đã gọi', 'đã nhắn', 'đã email', 'hôm qua', 'tuần trước', 'nhân viên bảo', 'nhân viên nói', 'tổng đài', 'đã liên hệ'],
    fr: ["j'ai appelé", 'appelé', 'écrit', 'hier', 'la semaine dernière'],
    de: ['angerufen', 'geschrieben', 'gestern', 'letzte woche'],
  }),
);
const HAS_DIGIT = /\d/;
const DATE =
  /\b\d{1,2}[./-]\d{1,2}(?:[./-]\d{2,4})?\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2}\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:de\s+)?(?:jan|fev|feb|mar|abr|apr|mai|may|jun|jul|ago|aug|set|sep|out|oct|nov|dez|dec|ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık)\w*|\bngày\s+\d{1,2}|\d+\s*[月号日]/iu;
const WEEKDAY = new CueMatcher(
  flatten({
    en: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'],
    pt: ['segunda', 'terça', 'quarta', 'quinta', 'sexta', 'sábado', 'domingo', 'segunda-feira', 'terça-feira', 'quarta-feira', 'quinta-feira', 'sexta-feira'],
    es: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes'],
    tr: ['pazartesi', 'salı', 'çarşamba', 'perşembe', 'cuma', 'cumartesi', 'pazar'],
    fr: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    de: ['montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag'],
    vi: ['thứ hai', 'thứ ba', 'thứ tư', 'thứ năm', 'thứ sáu', 'thứ bảy', 'chủ nhật'],
    zh: ['星期', '周一', '周二', '周三', '周四', '周五', '周六', '周日', '週'],
  }),
);
const AMOUNT = /[$€£¥₺₫₹]\s?\d|\d[\d.,]*\s?(?:€|\$|£|₺|₫|usd|eur|brl|tl|reais|euros?|dollars?|lira|đồng|vnđ|vnd|k\b)/iu;
const PRODUCT_CODE = /\b(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{2,}(?:-[a-z0-9]+)*\b/iu; // "SM-N910V", "iPhone15", "A52"

export function trollScore(text: string, pii: PiiSpan[] = []): TrollResult {
  const lower = text.toLowerCase();
  const signals: TrollSignal[] = [];
  const insults = INSULT.count(lower);
  if (insults) signals.push({ signal: `insults (${insults})`, weight: Math.min(0.5, 0.3 + 0.1 * (insults - 1)) });
  const extreme = EXTREME.count(lower);
  if (extreme) signals.push({ signal: `extreme words (${extreme})`, weight: Math.min(0.3, 0.12 * extreme) });
  const letters = text.match(/\p{L}/gu) ?? [];
  const upper = letters.filter((c) => c !== c.toLowerCase()).length;
  if (letters.length >= 12 && upper / letters.length > 0.6) signals.push({ signal: 'shouting (mostly capitals)', weight: 0.15 });
  if (/[!?]{3,}/.test(text)) signals.push({ signal: 'piled-up !!!/???', weight: 0.05 });
  if (pii.some((p) => p.type === 'reference')) signals.push({ signal: 'order or booking reference', weight: -0.35 });
  // Dates, amounts and codes mostly hold a digit: the regular expressions only run when one is there
  // (weekday names are looked up as words).
  const digit = HAS_DIGIT.test(text);
  if ((digit && DATE.test(text)) || WEEKDAY.count(lower)) signals.push({ signal: 'a date', weight: -0.15 });
  if (digit && AMOUNT.test(text)) signals.push({ signal: 'an amount', weight: -0.15 });
  if (digit && PRODUCT_CODE.test(text) && !pii.some((p) => p.type === 'reference')) signals.push({ signal: 'a product or model code', weight: -0.1 });
  if (PRIOR_CONTACT.count(lower)) signals.push({ signal: 'earlier contact with the brand', weight: -0.2 });
  const specifics = signals.some((s) => s.weight < 0);
  if (!specifics && (insults || extreme)) signals.push({ signal: 'vague: no specifics', weight: 0.2 });
  const raw = 0.2 + signals.reduce((s, x) => s + x.weight, 0);
  return { score: Math.round(Math.max(0, Math.min(1, raw)) * 100) / 100, signals };
}
