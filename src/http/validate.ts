import type { Context } from 'hono';
import type { z } from 'zod';
import { cleanDeep } from '../lib/clean-text.js';
import { AppError } from '../lib/errors.js';
import { zodToAppError } from '../lib/zod-error.js';

/**
 * Reads and validates a JSON body: 400 for bad JSON, field-level 400s for schema failures. Text is
 * cleaned first (NUL removed, lone surrogates replaced: lib/clean-text.ts), so the schema sees what
 * will be stored (a text of NULs only is empty) and both databases store the same.
 */
export async function parseBody<T extends z.ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError('invalid_request', 'body: must be valid JSON', [{ field: '(body)', reason: 'must be valid JSON' }]);
  }
  const r = schema.safeParse(cleanDeep(raw));
  if (!r.success) throw zodToAppError(r.error);
  return r.data;
}

export function parseQuery<T extends z.ZodType>(c: Context, schema: T): z.output<T> {
  const r = schema.safeParse(cleanDeep(c.req.query()));
  if (!r.success) throw zodToAppError(r.error, 'query.');
  return r.data;
}
