import type { CycleFact } from '../cycles.js';
import type { MetricCycleTable } from '../../store/schema.js';
import { LONG_SPAN_MS } from './tables.js';

/**
 * A customer cycle's facts as one metric_cycles row and back. The round trip is exact (the
 * rollup test compares reports from these rows with reports from scratch), so every field of
 * CycleFact a metric reads is here; lists are packed into text to keep a row narrow.
 */

const SENTIMENT_CODE: Record<string, string> = { positive: 'p', neutral: 'u', negative: 'n' };
const SENTIMENT_LABEL: Record<string, string | null> = { p: 'positive', u: 'neutral', n: 'negative', '-': null };

export function factToRow(f: CycleFact, workspaceId: string): MetricCycleTable {
  const last = f.inbound.length ? Math.max(...f.inbound) : f.start;
  return {
    conversation_id: f.conversationId,
    idx: f.index,
    workspace_id: workspaceId,
    channel_id: f.channelId,
    kind: f.kind,
    agent_id: f.agentId,
    team_id: f.teamId,
    tags: JSON.stringify(f.tags),
    start_at: f.start,
    last_at: last,
    long_span: last - f.start > LONG_SPAN_MS ? 1 : 0,
    inbound: f.inbound.map((t, i) => `${t - f.start}:${SENTIMENT_CODE[f.inboundSentiment[i] ?? ''] ?? '-'}`).join(','),
    fr_at: f.firstResponse?.at ?? null,
    fr_by: f.firstResponse?.byUserId ?? null,
    fr_cal: f.firstResponse?.cal ?? null,
    fr_biz: f.firstResponse?.biz ?? null,
    next: JSON.stringify(f.nextResponses.map((n) => [n.start - f.start, n.cal, n.biz])),
    resolved_at: f.resolvedAt,
    res_cal: f.resolution?.cal ?? null,
    res_biz: f.resolution?.biz ?? null,
    reopened: f.reopened ? 1 : 0,
    survey_kind: f.survey?.kind ?? null,
    survey_score: f.survey?.score ?? null,
    sla: JSON.stringify((f.slaClocks ?? []).map((k) => [k.target, k.status, k.dueAt, k.stoppedAt])),
  };
}

export function rowToFact(r: MetricCycleTable): CycleFact {
  const start = Number(r.start_at);
  const inbound: number[] = [];
  const inboundSentiment: Array<string | null> = [];
  for (const part of r.inbound.split(',')) {
    const colon = part.indexOf(':');
    inbound.push(start + Number(part.slice(0, colon)));
    inboundSentiment.push(SENTIMENT_LABEL[part.slice(colon + 1)] ?? null);
  }
  const next = r.next === '[]' ? [] : (JSON.parse(r.next) as Array<[number, number, number]>).map(([d, cal, biz]) => ({ start: start + d, cal, biz }));
  const sla =
    r.sla === '[]'
      ? undefined
      : (JSON.parse(r.sla) as Array<[string, string, number | null, number | null]>).map(([target, status, dueAt, stoppedAt]) => ({
          target,
          status,
          dueAt,
          stoppedAt,
        }));
  return {
    conversationId: r.conversation_id,
    channelId: r.channel_id,
    kind: r.kind,
    agentId: r.agent_id,
    teamId: r.team_id,
    tags: r.tags === '[]' ? [] : (JSON.parse(r.tags) as string[]),
    index: r.idx,
    start,
    inbound,
    inboundSentiment,
    firstResponse: r.fr_at === null ? null : { at: Number(r.fr_at), byUserId: r.fr_by, cal: Number(r.fr_cal), biz: Number(r.fr_biz) },
    nextResponses: next,
    resolvedAt: r.resolved_at === null ? null : Number(r.resolved_at),
    resolution: r.res_cal === null ? null : { cal: Number(r.res_cal), biz: Number(r.res_biz) },
    reopened: r.reopened === 1,
    survey: r.survey_kind === null ? null : { kind: r.survey_kind as 'csat' | 'nps' | 'ces', score: Number(r.survey_score) },
    ...(sla ? { slaClocks: sla } : {}),
  };
}
