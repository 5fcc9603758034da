import { AppError } from '../lib/errors.js';

/**
 * What a signed-in browser may still do while its account owes something: a generated password
 * to replace, or the two-factor enrolment its workspace requires. Everything else answers a stable
 * code (password_change_required, two_factor_enrolment_required) that the web app turns into the
 * form. API tokens are not held back: they are made by members who already passed this gate.
 */
const ALWAYS = ['/api/v1/auth/me', '/api/v1/auth/logout', '/api/v1/auth/switch'];
const FOR_PASSWORD = [...ALWAYS, '/api/v1/auth/password'];
const FOR_TWO_FACTOR = [...ALWAYS, '/api/v1/auth/2fa/setup', '/api/v1/auth/2fa/enable', '/api/v1/auth/2fa'];

export interface GateFlags {
  must_change_password: number;
  totp_enabled_at: number | null;
  require_two_factor: number;
}

export function accountGate(s: GateFlags, path: string): AppError | null {
  if (s.must_change_password && !FOR_PASSWORD.includes(path))
    return new AppError('password_change_required', 'your password was generated for you: set your own first (POST /api/v1/auth/password)');
  if (s.require_two_factor && s.totp_enabled_at === null && !FOR_TWO_FACTOR.includes(path))
    return new AppError('two_factor_enrolment_required', 'this workspace requires two-factor sign-in: set it up first (POST /api/v1/auth/2fa/setup)');
  return null;
}

/** What /auth/me tells the web app, so it shows the right form before anything else. */
export function gateView(s: GateFlags) {
  return { mustChangePassword: !!s.must_change_password, twoFactorEnrolmentRequired: !!s.require_two_factor && s.totp_enabled_at === null };
}
