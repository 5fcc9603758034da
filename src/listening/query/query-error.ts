import { AppError } from '../../lib/errors.js';

/**
 * A query that cannot be used, with where and why. It is an AppError ('invalid_request', field
 * 'query') so a route can throw it as is; `position` is a JavaScript string index (0-based, UTF-16
 * code units) so the web app can put the caret under the offending character.
 */
export class QueryError extends AppError {
  constructor(
    readonly position: number,
    readonly problem: string,
    readonly expected: string,
  ) {
    const reason = `${problem} at position ${position}: expected ${expected}`;
    super('invalid_request', `query: ${reason}`, [{ field: 'query', reason }]);
  }

  get reason(): string {
    return this.fields[0]!.reason;
  }
}

/** How a token is named in messages: operators and punctuation quoted, long words cut. */
export function describe(text: string | undefined): string {
  if (text === undefined) return 'end of query';
  const shown = [...text].length > 30 ? `${[...text].slice(0, 30).join('')}…` : text;
  return `'${shown}'`;
}
