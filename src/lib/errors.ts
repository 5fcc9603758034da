/**
 * The one error type. `code` is a stable string clients can rely on; http/errors.ts maps it to a status.
 * `fields` names each offending input and why (400s).
 */
export type ErrorCode =
  | 'invalid_request'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'rate_limited'
  | 'invalid_signature'
  | 'capability_unsupported'
  | 'window_closed'
  | 'privacy_guard'
  /** A URL Hearken would call points at a non-public address (src/net/outbound-http.ts). */
  | 'outbound_refused'
  /** A setting tried to replace a network's fixed API host (HEARKEN_ALLOW_NETWORK_BASE_URL). */
  | 'network_base_url_fixed'
  /** A custom role still given to members or in teams cannot be deleted (workspaces/roles/delete-role.ts). */
  | 'role_in_use'
  /** The account's password was generated: it must be changed (POST /auth/password) before anything else. */
  | 'password_change_required'
  /** The workspace requires two-factor sign-in and this account has not enrolled yet (POST /auth/2fa/setup). */
  | 'two_factor_enrolment_required'
  | 'internal';

export interface FieldError {
  field: string;
  reason: string;
}

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
export const conflict = (message: string) => new AppError('conflict', message);
export const forbidden = (message = 'your role does not allow this') => new AppError('forbidden', message);
export const invalid = (field: string, reason: string) => new AppError('invalid_request', `${field}: ${reason}`, [{ field, reason }]);
