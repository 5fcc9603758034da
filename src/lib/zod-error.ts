import type { ZodError } from 'zod';
import { AppError } from './errors.js';

/**
 * The one way a zod failure is put into words, for API errors (field-level 400s) and for the
 * reasons parsers give when a delivery cannot be understood (kept in the journal for admins).
 * `empty` names a failure of the whole value (an issue with no path).
 */
export function issueFields(err: ZodError, prefix = '', empty = '(body)'): Array<{ field: string; reason: string }> {
  return err.issues.map((i) => ({ field: prefix + (i.path.map(String).join('.') || empty), reason: i.message }));
}

/** "field: reason; field: reason" — what a parser throws for a payload it cannot read. */
export function describeIssues(err: ZodError, prefix = '', empty = '(body)'): string {
  return issueFields(err, prefix, empty)
    .map((f) => `${f.field}: ${f.reason}`)
    .join('; ');
}

/** A zod failure as the API's 400: every field with its reason (http/errors.ts maps it). */
export function zodToAppError(err: ZodError, prefix = ''): AppError {
  const fields = issueFields(err, prefix);
  return new AppError('invalid_request', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields);
}
