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

export function clock(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const sameDay = d.toDateString() === new Date().toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
    : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

/** The network's reply window: hours left after the customer's last message, or closed. */
export function replyWindow(lastInboundAt: string | null, hours: number | null, now = Date.now()): { open: boolean; leftMs: number } | null {
  if (hours === null || !lastInboundAt) return null;
  const left = Date.parse(lastInboundAt) + hours * 3_600_000 - now;
  return { open: left > 0, leftMs: left };
}
