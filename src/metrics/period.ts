import { addDays, parseDateKey, zonedToUtc } from '../hours/zoned-time.js';
import { invalid } from '../lib/errors.js';

const DAY_MS = 86_400_000;
export const DEFAULT_DAYS = 30;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A report's period [from, to). Either end may be an instant (ISO 8601 with offset) or a date:
 * `from` a date means the start of that day, `to` a date the END of that day (both in the
 * report's time zone), so --from 2017-10-01 --to 2017-10-31 is the whole of October.
 * Defaults: to = now, from = 30 days before to.
 */
export function resolvePeriod(input: { from?: string; to?: string }, timeZone: string, now: number): { from: number; to: number } {
  const at = (field: 'from' | 'to', s: string) => {
    if (DATE.test(s)) {
      const d = parseDateKey(s);
      return zonedToUtc(field === 'to' ? addDays(d, 1) : d, 0, timeZone);
    }
    const t = Date.parse(s);
    if (Number.isNaN(t) || !/[zZ]|[+-]\d{2}:?\d{2}$/.test(s)) throw invalid(field, 'must be a date (YYYY-MM-DD) or an ISO 8601 time with offset');
    return t;
  };
  const to = input.to ? at('to', input.to) : now;
  const from = input.from ? at('from', input.from) : to - DEFAULT_DAYS * DAY_MS;
  if (!(from < to)) throw invalid('from', 'must be before to');
  return { from, to };
}
