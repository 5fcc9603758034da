import { t, type MessageKey } from '../i18n';
import { ApiError } from './client';

/**
 * What a person reads when a request fails: one sentence per stable API error code (src/lib/errors.ts),
 * kept here so every card, form and dialog says the same thing. The server's own text is
 * developer-facing (lowercase, terse); it is only added where it carries the detail a person needs
 * (which field, which limit), turned into a sentence.
 */
const BY_CODE: Record<string, MessageKey> = {
  network: 'error.network',
  unauthenticated: 'error.unauthenticated',
  forbidden: 'error.forbidden',
  not_found: 'error.not_found',
  conflict: 'error.conflict',
  invalid_request: 'error.invalid_request',
  payload_too_large: 'error.payload_too_large',
  unsupported_media_type: 'error.unsupported_media_type',
  rate_limited: 'error.rate_limited',
  capability_unsupported: 'error.capability_unsupported',
  window_closed: 'error.window_closed',
  privacy_guard: 'error.privacy_guard',
  outbound_refused: 'error.outbound_refused',
  network_base_url_fixed: 'error.network_base_url_fixed',
  mail_failed: 'error.mail_failed',
  internal: 'error.internal',
  password_change_required: 'error.password_change_required',
  two_factor_enrolment_required: 'error.two_factor_enrolment_required',
};

/** Codes whose server text names what to fix: shown after the general sentence. */
const WITH_DETAIL = new Set(['invalid_request', 'conflict', 'capability_unsupported', 'window_closed', 'outbound_refused', 'mail_failed', 'payload_too_large']);

/** "name: too short" → "Name: too short." */
export function sentence(s: string): string {
  const trimmed = s.trim();
  if (!trimmed) return '';
  const first = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?…]$/.test(first) ? first : `${first}.`;
}

export function errorText(e: unknown): string {
  if (!(e instanceof ApiError)) return t('error.unknown');
  const key = BY_CODE[e.code] ?? (e.status >= 500 ? 'error.internal' : e.status === 404 ? 'error.not_found' : 'error.unknown');
  const general = t(key);
  if (!WITH_DETAIL.has(e.code)) return general;
  const detail = e.fields?.length ? e.fields.map((f) => `${f.field}: ${f.reason}`).join('; ') : e.message;
  return detail && detail !== e.code ? `${general} ${sentence(detail)}` : general;
}
