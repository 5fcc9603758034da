import { t } from '../i18n';

/** "3 min", "2 h", "4 d": compact durations for a dense queue. */
export function ago(at: string | number | null | undefined, now = Date.now()): string {
  if (at === null || at === undefined || at === '') return '';
  return duration(now - (typeof at === 'number' ? at : Date.parse(at)));
}

export function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return t('time.now');
  const m = Math.round(s / 60);
  if (m < 60) return t('time.minutes', { n: m });
  const h = Math.round(m / 60);
  if (h < 48) return t('time.hours', { n: h });
  return t('time.days', { n: Math.round(h / 24) });
}

/**
 * The person's own languages, most preferred first (navigator.languages). Formatting with
 * `undefined` would use the browser's UI language, which is often US English even for someone
 * who set their preferred languages otherwise. Times are shown in the browser's time zone.
 */
export const userLocales = (): string[] | undefined => (typeof navigator !== 'undefined' && navigator.languages?.length ? [...navigator.languages] : undefined);

export function clock(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay
    ? d.toLocaleTimeString(userLocales(), { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(userLocales(), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** A date and time in the person's locale and time zone ("21 Nov 2026, 00:30"). */
export function dateTime(iso: string | number | null | undefined): string {
  if (iso === null || iso === undefined || iso === '') return '';
  return new Intl.DateTimeFormat(userLocales(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
}

/** A calendar day counted elsewhere (a YYYY-MM-DD key, already in its zone) in the person's format: "21 Nov". */
export function dayLabel(key: string, opts: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' }): string {
  const [y, m, d] = key.split('-').map(Number);
  if (!y || !m || !d) return key;
  return new Intl.DateTimeFormat(userLocales(), { ...opts, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d, 12)));
}

/** Today (or `ms`'s day) as YYYY-MM-DD in the person's own time zone, for date inputs. */
export function localDayKey(ms = Date.now()): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** The network's reply window: hours left after the customer's last message, or closed. */
export function replyWindow(lastInboundAt: string | null, hours: number | null, now = Date.now()): { open: boolean; leftMs: number } | null {
  if (hours === null || !lastInboundAt) return null;
  const left = Date.parse(lastInboundAt) + hours * 3_600_000 - now;
  return { open: left > 0, leftMs: left };
}
