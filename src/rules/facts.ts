import type { Kysely } from 'kysely';
import { businessMsBetween } from '../hours/business-time.js';
import { loadSchedules } from '../hours/load-schedules.js';
import { parseJson } from '../lib/json.js';
import type { ConversationTable, DB } from '../store/schema.js';
import type { Conditions } from './model.js';

/** What conditions read about a conversation, loaded once per evaluation (and again after a rule acted). */
export interface ConversationFacts {
  conversation: ConversationTable;
  channelType: string;
  tags: Set<string>;
  /** The latest customer message (not deleted) and its triage, if any. */
  latest: {
    body: string;
    language: string | null;
    sentiment: string | null;
    intent: string | null;
    intentConfidence: number | null;
    needsReply: boolean | null;
    trollScore: number | null;
    pii: string[];
    enriched: boolean;
  } | null;
  contactAttributes: Record<string, unknown>;
  customerMessages: number;
  allMessages: number;
  /** The contact's latest answered CSAT score in an earlier conversation; null = none. */
  previousCsat: number | null;
  /** Whether `now` is within the channel's business hours. */
  inBusinessHours: boolean;
}

interface Analysis {
  intent?: { confidence?: number };
  needsReply?: { value?: boolean };
  troll?: { score?: number };
  pii?: { type?: string }[];
}

/** The parts of the facts that cost a query of their own, beyond the conversation row and its latest message. */
export interface FactNeeds {
  channel: boolean;
  tags: boolean;
  contact: boolean;
  counts: boolean;
  csat: boolean;
  hours: boolean;
}
export const ALL_FACTS: FactNeeds = { channel: true, tags: true, contact: true, counts: true, csat: true, hours: true };

/**
 * What the conditions of these rules read: a rule set that never asks for business hours or a
 * previous CSAT does not pay for them on every event (evaluation per event is in the bench).
 */
export function factNeeds(conditions: Conditions[]): FactNeeds {
  const fields = new Set(conditions.flatMap((c) => [...c.all, ...c.any].map((x) => x.field)));
  return {
    channel: fields.has('channel_type'),
    tags: fields.has('tags'),
    contact: fields.has('contact_attribute') || fields.has('vip'),
    counts: fields.has('message_count'),
    csat: fields.has('previous_csat'),
    hours: fields.has('business_hours'),
  };
}

/**
 * Loads the facts; a part not in `needs` is left empty (no rule reads it). The latest customer
 * message is always read: most conditions and the triage wait need it.
 */
export async function loadFacts(
  db: Kysely<DB>,
  workspaceId: string,
  conversationId: string,
  now: number,
  needs: FactNeeds = ALL_FACTS,
): Promise<ConversationFacts | null> {
  const conversation = await db
    .selectFrom('conversations')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conversation) return null;
  const [channel, tags, latest, contact, counts, csat, schedules] = await Promise.all([
    needs.channel ? db.selectFrom('channels').select('type').where('id', '=', conversation.channel_id).executeTakeFirst() : undefined,
    needs.tags ? db.selectFrom('conversation_tags').select('tag').where('conversation_id', '=', conversationId).execute() : [],
    db
      .selectFrom('messages')
      .select(['body', 'language', 'sentiment', 'intent', 'analysis', 'enriched_at'])
      .where('conversation_id', '=', conversationId)
      .where('direction', '=', 'in')
      .where('deleted_at', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst(),
    needs.contact ? db.selectFrom('contacts').select('attributes').where('id', '=', conversation.contact_id).executeTakeFirst() : undefined,
    needs.counts
      ? db
          .selectFrom('messages')
          .select(['direction', (eb) => eb.fn.countAll().as('n')])
          .where('conversation_id', '=', conversationId)
          .where('direction', 'in', ['in', 'out'])
          .groupBy('direction')
          .execute()
      : [],
    needs.csat
      ? db
          .selectFrom('surveys')
          .innerJoin('conversations', 'conversations.id', 'surveys.conversation_id')
          .select('surveys.score')
          .where('conversations.contact_id', '=', conversation.contact_id)
          .where('surveys.conversation_id', '!=', conversationId)
          .where('surveys.kind', '=', 'csat')
          .where('surveys.score', 'is not', null)
          .orderBy('surveys.answered_at', 'desc')
          .limit(1)
          .executeTakeFirst()
      : undefined,
    needs.hours ? loadSchedules(db, workspaceId) : undefined,
  ]);
  const a = latest ? parseJson<Analysis | null>(latest.analysis, null) : null;
  const n = (d: string) => Number(counts.find((c) => c.direction === d)?.n ?? 0);
  return {
    conversation,
    channelType: channel?.type ?? '',
    tags: new Set(tags.map((t) => t.tag)),
    latest: latest
      ? {
          body: latest.body,
          language: latest.language,
          sentiment: latest.sentiment,
          intent: latest.intent,
          intentConfidence: a?.intent?.confidence ?? null,
          needsReply: a?.needsReply?.value ?? null,
          trollScore: a?.troll?.score ?? null,
          pii: (a?.pii ?? []).map((p) => String(p.type)),
          enriched: latest.enriched_at !== null,
        }
      : null,
    contactAttributes: parseJson<Record<string, unknown>>(contact?.attributes, {}),
    customerMessages: n('in'),
    allMessages: n('in') + n('out'),
    previousCsat: csat?.score ?? null,
    inBusinessHours: schedules ? businessMsBetween(schedules(conversation.channel_id), now, now + 1000) > 0 : true,
  };
}
