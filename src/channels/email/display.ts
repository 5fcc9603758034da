import { MAX_DISPLAY_LENGTH } from './constants.js';

/**
 * The text an agent reads: plain text only (HTML mail was already turned into text by
 * mailparser, scripts and styles dropped), control characters removed, and the quoted history
 * and signature trimmed. The raw message stays in the journal, so nothing is lost.
 */
export function displayText(text: string): string {
  const clean = sanitize(text);
  const trimmed = trimQuoted(clean);
  // Only quotes (an inline-reply style we cannot split safely)? Show everything rather than nothing.
  return (trimmed || clean).slice(0, MAX_DISPLAY_LENGTH);
}

export function sanitize(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

// "On <date>, <name> wrote:" in the languages Hearken's traffic arrives in (may wrap onto a second line).
const ATTRIBUTION = [
  /^(On|Am|Le|El|Em|Il|Op|Den|På)\s[\s\S]{4,300}?(wrote|schrieb|a écrit|escribió|escreveu|ha scritto|schreef|skrev)\s?:\s*$/im,
  /^Vào\s[\s\S]{4,300}?đã viết\s?:\s*$/im,
  /^[\s\S]{4,300}?tarihinde[\s\S]{0,200}?yazdı\s?:\s*$/im,
  /^在[\s\S]{4,200}?写道\s?[:：]\s*$/im,
  /^-{2,}\s*(Original Message|Ursprüngliche Nachricht|Mensagem original|Message d'origine|Mensaje original)\s*-{2,}\s*$/im,
  /^_{10,}\s*\n(From|De|Von|Van|Da|Kimden|Từ):/im,
  /^(From|De|Von):\s.+\n(Sent|Enviado|Gesendet|Envoyé):\s/im,
];
const SIGNATURE = /^--\s?$/m;

export function trimQuoted(text: string): string {
  let cut = text.length;
  for (const re of ATTRIBUTION) {
    const m = re.exec(text);
    if (m && m.index < cut) cut = m.index;
  }
  const sig = SIGNATURE.exec(text);
  if (sig && sig.index < cut) cut = sig.index;
  let out = text.slice(0, cut);
  // Trailing quoted lines ("> …") with no attribution line.
  const lines = out.split('\n');
  while (lines.length && (/^\s*>/.test(lines.at(-1)!) || !lines.at(-1)!.trim())) lines.pop();
  out = lines.join('\n');
  return out.trim();
}
