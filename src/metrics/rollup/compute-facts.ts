import type { Kysely } from 'kysely';
import { loadSchedules } from '../../hours/load-schedules.js';
import type { DB } from '../../store/schema.js';
import { attachSlaClocks } from '../../sla/sla-facts.js';
import { attachSurveyAnswers } from '../../surveys/survey-facts.js';
import { conversationFacts, type CycleFact } from '../cycles.js';
import { loadChunk } from '../load-timelines.js';

const CHUNK = 500;

/**
 * The facts of the given conversations computed from scratch — their whole timelines, each
 * channel's business hours, their survey answers and SLA clocks (judged per report:
 * metrics/summary.ts). What the projector stores and what a report uses for
 * conversations whose stored rows are out of date. Ids missing from the result no longer exist.
 */
export async function computeConversationFacts(db: Kysely<DB>, workspaceId: string, ids: string[]): Promise<{ facts: CycleFact[]; found: Set<string> }> {
  const hours = await loadSchedules(db, workspaceId);
  const facts: CycleFact[] = [];
  const found = new Set<string>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    for (const tl of await loadChunk(db, workspaceId, ids.slice(i, i + CHUNK))) {
      found.add(tl.id);
      facts.push(...conversationFacts(tl, hours(tl.channelId)));
    }
  }
  await attachSurveyAnswers(db, workspaceId, facts);
  await attachSlaClocks(db, workspaceId, facts);
  return { facts, found };
}
