import { t } from '../i18n';
import type { Visibility } from '../api/types';

/** Initials in a circle, coloured from the name, so people are told apart at a glance. */
export function Avatar({ name, label, size = 'small' }: { name: string; label?: string; size?: 'small' | 'large' }) {
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) % 360;
  return (
    <span
      className={`avatar ${size}`}
      style={{ backgroundColor: `hsl(${h} 45% 88%)`, color: `hsl(${h} 45% 28%)` }}
      role="img"
      aria-label={label ?? name}
      title={label ?? name}
    >
      {initials || '?'}
    </span>
  );
}

/** Public is loud (anyone on the network can read it); private is calm. */
export function VisibilityBadge({ visibility, compact }: { visibility: Visibility; compact?: boolean }) {
  const pub = visibility === 'public';
  return (
    <span className={pub ? 'vis public' : 'vis private'} title={pub ? t('conv.publicHint') : t('conv.privateHint')}>
      {pub ? <GlobeIcon /> : <LockIcon />} {compact ? (pub ? t('conv.public') : '') : pub ? t('conv.public') : t('conv.private')}
      {compact && !pub && <span className="sr-only">{t('conv.private')}</span>}
    </span>
  );
}

export function LockIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <rect x="3" y="7" width="10" height="7" rx="1.5" fill="currentColor" />
      <path d="M5 7V5a3 3 0 0 1 6 0v2" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

export function GlobeIcon() {
  return (
    <svg className="icon" viewBox="0 0 16 16" width="12" height="12" aria-hidden="true" focusable="false">
      <circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" strokeWidth="1.5" />
      <path d="M1.8 8h12.4M8 1.8c2 2 2 10.4 0 12.4M8 1.8c-2 2-2 10.4 0 12.4" fill="none" stroke="currentColor" strokeWidth="1.2" />
    </svg>
  );
}

/**
 * Text with some ranges marked (a search match). Every piece is a React text node, so message
 * content stays text: no markup is built from it, whatever it holds.
 */
export function Highlighted({ text, ranges }: { text: string; ranges: Array<[number, number]> }) {
  const parts: Array<{ s: string; hit: boolean }> = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at || b > text.length || a >= b) continue;
    if (a > at) parts.push({ s: text.slice(at, a), hit: false });
    parts.push({ s: text.slice(a, b), hit: true });
    at = b;
  }
  if (at < text.length) parts.push({ s: text.slice(at), hit: false });
  return <>{parts.map((p, i) => (p.hit ? <mark key={i}>{p.s}</mark> : <span key={i}>{p.s}</span>))}</>;
}
