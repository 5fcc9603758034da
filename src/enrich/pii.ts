/**
 * Finds personal data in a message, with positions so the composer can highlight it and the privacy
 * guard can refuse to post it in public: e-mail addresses, phone numbers (international formats,
 * validated against libphonenumber's per-country rules), payment cards (Luhn), IBANs (mod-97) and
 * order/booking references from patterns a workspace configures. Checksums and number plans keep
 * prices, dates, years and tracking numbers out.
 */
import { findPhoneNumbersInText, type CountryCode } from 'libphonenumber-js/max';

export type PiiType = 'email' | 'phone' | 'card' | 'iban' | 'reference';

export interface PiiSpan {
  type: PiiType;
  /** UTF-16 offsets into the text, end exclusive (String.prototype.slice semantics). */
  start: number;
  end: number;
  text: string;
  /** For references: which pattern matched. */
  label?: string;
}

export interface ReferencePattern {
  label: string;
  /** A regular expression source; if it has a capture group, group 1 is the reference itself. */
  pattern: string;
  flags?: string;
}

export interface PiiOptions {
  /** Country assumed for numbers written without +code (a workspace setting). */
  defaultCountry?: CountryCode;
  /** Replaces the default reference patterns. */
  referencePatterns?: ReferencePattern[];
}

/** An order/booking word in the languages we serve, then a code with at least one digit. */
export const DEFAULT_REFERENCE_PATTERNS: ReferencePattern[] = [
  {
    label: 'order',
    pattern:
      '(?:order|booking|reservation|ticket|case|pedido|encomenda|reserva|commande|réservation|bestellung|buchung|ordine|prenotazione|sipariş\\p{L}*|rezervasyon\\p{L}*|đơn hàng|mã đơn|訂單|订单)(?:\\s*(?:no\\.?|number|nr\\.?|nº|n°|numero|número|numéro|nummer|numara\\p{L}*|số|mã|ref\\.?|reference|referência|referencia|référence|code|código|kod\\p{L}*|id|号|號|编号|編號|#|:|：|-))*\\s*#?\\s*((?=[A-Z0-9-]*\\d)[A-Z0-9][A-Z0-9-]{3,})',
    flags: 'giu',
  },
];

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// Addresses spelled out to dodge bots: "anna at gmail dot com", "ana arroba gmail ponto com", "x [at] y [dot] org".
const SPELLED_EMAIL_RE =
  /[\p{L}\p{N}._%+-]+\s*(?:\bat\b|\barroba\b|\[at\]|\(at\))\s*[\p{L}\p{N}-]+(?:\s*(?:\bdot\b|\bponto\b|\bpunto\b|\bnokta\b|\bchấm\b|\[dot\]|\(dot\))\s*[\p{L}\p{N}-]+)*\s*(?:\bdot\b|\bponto\b|\bpunto\b|\bnokta\b|\bchấm\b|\[dot\]|\(dot\))\s*(?:com|net|org|edu|gov|info|io|co|br|pt|es|mx|ar|cl|co|tr|vn|uk|de|fr|it|am|cn)\b/giu;
const SPELLED_DOT = /\b(?:dot|ponto|punto|nokta|chấm)\b|\[dot\]|\(dot\)/iu;
// 13–19 digits, optionally in groups split by one space or dash.
const CARD_RE = /(?<![\d-])\d(?:[ -]?\d){12,18}(?![\d-])/g;
const IBAN_RE = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
// Official IBAN lengths for the countries most likely here; others are accepted at 15–34.
const IBAN_LENGTH: Record<string, number> = {
  AT: 20,
  BE: 16,
  CH: 21,
  DE: 22,
  DK: 18,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  IE: 22,
  IT: 27,
  LU: 20,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  SE: 24,
  TR: 26,
  BR: 29,
  AE: 23,
  SA: 24,
  GR: 27,
  CZ: 24,
  HU: 28,
  RO: 24,
  AM: 28,
};

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, '').toUpperCase();
  const want = IBAN_LENGTH[iban.slice(0, 2)];
  if (want ? iban.length !== want : iban.length < 15 || iban.length > 34) return false;
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rem = 0;
  for (const ch of moved) {
    const v = ch >= 'A' ? ch.charCodeAt(0) - 55 : ch.charCodeAt(0) - 48;
    rem = v > 9 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
  }
  return rem === 1;
}

// Card numbers start with a known network digit (2 Mastercard, 3 Amex/Diners/JCB, 4 Visa, 5 Mastercard,
// 6 Discover/UnionPay) or 9792 (Troy, Turkey's domestic network).
const cardLike = (digits: string) => (/^[2-6]/.test(digits) || digits.startsWith('9792')) && luhnValid(digits);

const overlaps = (spans: PiiSpan[], s: number, e: number) => spans.some((x) => s < x.end && e > x.start);

// Compiled once per pattern list (a workspace's list object is reused across messages).
const compiled = new WeakMap<ReferencePattern, RegExp>();
const compile = (p: ReferencePattern) => {
  let re = compiled.get(p);
  if (!re) compiled.set(p, (re = new RegExp(p.pattern, p.flags?.includes('g') ? p.flags : `${p.flags ?? ''}g`)));
  re.lastIndex = 0;
  return re;
};

function countDigits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

export function findPii(text: string, opts: PiiOptions = {}): PiiSpan[] {
  const spans: PiiSpan[] = [];
  if (text.includes('@')) {
    for (const m of text.matchAll(EMAIL_RE)) spans.push({ type: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  if (SPELLED_DOT.test(text)) {
    for (const m of text.matchAll(SPELLED_EMAIL_RE))
      if (!overlaps(spans, m.index, m.index + m[0].length)) spans.push({ type: 'email', start: m.index, end: m.index + m[0].length, text: m[0] });
  }
  // Most messages have no long digit run: skip the costlier scans for them. Every IBAN holds at
  // least 8 digits (check digits + a mostly numeric account), a card 13.
  const digitCount = countDigits(text);
  if (digitCount >= 8) {
    for (const m of text.matchAll(IBAN_RE)) {
      if (ibanValid(m[0])) spans.push({ type: 'iban', start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  if (digitCount >= 13) {
    for (const m of text.matchAll(CARD_RE)) {
      const end = m.index + m[0].length;
      if (cardLike(m[0].replace(/\D/g, '')) && !overlaps(spans, m.index, end)) spans.push({ type: 'card', start: m.index, end, text: m[0] });
    }
  }
  for (const p of opts.referencePatterns ?? DEFAULT_REFERENCE_PATTERNS) {
    // The default patterns need a digit in the reference; a workspace's own may not.
    if (!digitCount && !opts.referencePatterns) break;
    const re = compile(p);
    for (const m of text.matchAll(re)) {
      const ref = m[1] ?? m[0];
      if (!ref) continue;
      const start = m[1] !== undefined ? m.index + m[0].lastIndexOf(ref) : m.index;
      if (!overlaps(spans, start, start + ref.length)) spans.push({ type: 'reference', start, end: start + ref.length, text: ref, label: p.label });
    }
  }
  if (digitCount >= 7) {
    for (const f of findPhoneNumbersInText(text, { defaultCountry: opts.defaultCountry })) {
      if (!f.number.isValid() || overlaps(spans, f.startsAt, f.endsAt)) continue;
      spans.push({ type: 'phone', start: f.startsAt, end: f.endsAt, text: text.slice(f.startsAt, f.endsAt) });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}
