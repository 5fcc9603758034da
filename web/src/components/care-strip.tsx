import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';
import type { ConversationDetail } from '../api/types';
import { t } from '../i18n';
import { clock } from '../lib/time';

interface SlaClock {
  id: string;
  target: 'first_response' | 'next_response' | 'resolution';
  policyName: string;
  status: 'running' | 'met' | 'breached' | 'cancelled';
  dueAt: string | null;
  stoppedAt: string | null;
  breachedAt: string | null;
}
interface Survey {
  id: string;
  kind: 'csat' | 'nps' | 'ces';
  score: number | null;
  band: string | null;
  comment: string | null;
  answeredAt: string | null;
  wow: boolean;
}

const targetLabel = (c: SlaClock) =>
  c.target === 'first_response' ? t('care.sla.first') : c.target === 'next_response' ? t('care.sla.next') : t('care.sla.resolution');

/**
 * The clock that counts now for each target: a reopen starts a new resolution clock (and the
 * customer's new message a new response clock), and the earlier, met one is history — showing
 * both would say "Resolution SLA met" and "Resolution due …" at once. The API lists clocks by
 * start time, so the last one of a target is its current one.
 */
export function latestPerTarget(all: SlaClock[]): SlaClock[] {
  const byTarget = new Map<SlaClock['target'], SlaClock>();
  for (const k of all) if (k.status !== 'cancelled') byTarget.set(k.target, k);
  return ['first_response', 'next_response', 'resolution'].flatMap((target) => byTarget.get(target as SlaClock['target']) ?? []);
}

/**
 * What the team promised and what the customer said, above the thread: the SLA clocks of this
 * conversation (running with their due time, breached, met) and the customer's survey answers.
 * Renders nothing when there is neither. Text only (comments are the customer's words).
 */
export function CareStrip({ c }: { c: ConversationDetail & { surveys?: Survey[] } }) {
  const sla = useQuery({
    queryKey: ['conversation', c.id, 'sla', c.updatedAt],
    queryFn: () => get<{ clocks: SlaClock[] }>(`/conversations/${c.id}/sla`),
    staleTime: 15_000,
  });
  const clocks = latestPerTarget(sla.data?.clocks ?? []);
  const answers = (c.surveys ?? []).filter((s) => s.answeredAt);
  if (!clocks.length && !answers.length) return null;
  return (
    <div className="care-strip" data-testid="care-strip" aria-label={t('care.label')}>
      {clocks.map((k) => (
        <span key={k.id} className={`chip sla-${k.status}`} data-testid="care-sla" data-status={k.status} title={k.policyName}>
          {k.status === 'running'
            ? t('care.sla.running', { target: targetLabel(k), time: clock(k.dueAt) })
            : k.status === 'breached'
              ? t('care.sla.breached', { target: targetLabel(k), time: clock(k.breachedAt ?? k.dueAt) })
              : t('care.sla.met', { target: targetLabel(k) })}
        </span>
      ))}
      {answers.map((s) => (
        <span key={s.id} className="chip subtle" data-testid="care-survey">
          {t('care.survey', { kind: s.kind.toUpperCase(), answer: s.band ?? String(s.score ?? '') })}
          {s.wow && ` · ${t('care.wow')}`}
          {s.comment && ` — “${s.comment}”`}
        </span>
      ))}
    </div>
  );
}
