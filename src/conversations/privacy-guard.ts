import { findPii } from '../enrich/pii.js';
import { AppError } from '../lib/errors.js';

const WHAT: Record<string, string> = {
  email: 'an email address',
  phone: 'a phone number',
  card: 'a payment card number',
  iban: 'a bank account (IBAN)',
  reference: 'an order or booking reference',
};

/**
 * A public reply that would expose personal details (email, phone, card, IBAN, order reference)
 * is refused unless the agent explicitly confirms: the usual right answer is to move to private.
 */
export function guardPublicText(field: string, text: string, allow: boolean | undefined): void {
  if (allow) return;
  const spans = findPii(text);
  if (!spans.length) return;
  const found = [...new Set(spans.map((s) => WHAT[s.type] ?? s.type))].join(', ');
  throw new AppError('privacy_guard', `this public reply would show ${found}; move the conversation to private, or send with "allowPersonalData": true`, [
    { field, reason: `contains ${found} at ${spans.map((s) => `${s.start}–${s.end}`).join(', ')}` },
  ]);
}
