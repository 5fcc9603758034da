import type { MiddlewareHandler } from 'hono';
import { AppError } from '../lib/errors.js';
import type { HonoEnv } from './context.js';

/** %00 in the path, in any case. */
const ENCODED_NUL = /%00/i;

/**
 * Refuses a path that decodes to a NUL (`/conversations/%00`) with 400, before any route reads it.
 * Nothing Hearken stores can contain one (text is cleaned at the boundary, lib/clean-text.ts), and
 * PostgreSQL refuses even to compare with it, so the id lookup behind the route answered 500.
 * Query strings are cleaned where they are parsed (http/validate.ts), like bodies.
 */
export const refuseNulInPath: MiddlewareHandler<HonoEnv> = async (c, next) => {
  const url = c.req.url;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (ENCODED_NUL.test(path) || path.includes('\0'))
    throw new AppError('invalid_request', 'path: must not contain NUL (%00)', [{ field: '(path)', reason: 'must not contain NUL' }]);
  await next();
};
