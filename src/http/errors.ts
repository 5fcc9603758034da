import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, type ErrorCode } from '../lib/errors.js';
import { zodToAppError } from '../lib/zod-error.js';
import { log } from '../lib/log.js';

const statusOf: Record<ErrorCode, number> = {
  invalid_request: 400,
  outbound_refused: 400,
  network_base_url_fixed: 400,
  unauthenticated: 401,
  invalid_signature: 401,
  forbidden: 403,
  password_change_required: 403,
  two_factor_enrolment_required: 403,
  not_found: 404,
  conflict: 409,
  role_in_use: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  capability_unsupported: 422,
  window_closed: 422,
  privacy_guard: 422,
  rate_limited: 429,
  internal: 500,
};

/** The one place errors become HTTP: stable `code`, a message, and for 400s the fields. */
export function onError(err: Error, c: Context): Response {
  const { status, body } = errorResponse(err, c.get('requestId'));
  return c.json(body, status as 400);
}

/** The status and JSON body for any thrown error (used by Hono's onError and the webhook fast path). */
export function errorResponse(
  err: unknown,
  requestId: string,
): { status: number; body: { error: { code: ErrorCode; message: string; fields?: AppError['fields'] } } } {
  let e: AppError;
  if (err instanceof AppError) e = err;
  else if (err instanceof ZodError) e = zodToAppError(err);
  else if (err instanceof HTTPException && err.status === 413) e = new AppError('payload_too_large', 'request body is too large');
  else if (err instanceof HTTPException && err.status < 500) e = new AppError('invalid_request', err.message || 'bad request');
  else {
    log.error('unhandled error', { requestId, err: (err as Error)?.stack ?? String(err) });
    e = new AppError('internal', `internal error (request ${requestId})`);
  }
  return { status: statusOf[e.code], body: { error: { code: e.code, message: e.message, ...(e.fields.length ? { fields: e.fields } : {}) } } };
}
