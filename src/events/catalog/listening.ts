import { z } from 'zod';

/** Listening: saved queries, sources, mentions found, alerts. */

const id = z.string();
const triaged = { mentionId: id, from: z.string() };

export const listeningEvents = {
  'mention.created': {
    doc: 'listening found a new mention',
    payload: z.strictObject({ mentionId: id, queryIds: z.array(id), suggestion: z.string().nullable(), source: z.string() }),
  },
  'mention.engaged': { doc: 'a mention becomes a conversation', payload: z.strictObject(triaged) },
  'mention.observed': { doc: 'a mention is kept to observe', payload: z.strictObject(triaged) },
  'mention.irrelevant': { doc: 'a mention is marked irrelevant', payload: z.strictObject(triaged) },
  'listening_query.created': { doc: 'a saved listening query is created', payload: z.strictObject({ queryId: id }) },
  'listening_query.updated': { doc: 'a saved listening query is changed', payload: z.strictObject({ queryId: id }) },
  'listening_query.deleted': { doc: 'a saved listening query is deleted', payload: z.strictObject({ queryId: id }) },
  'listening_source.created': { doc: 'a listening source is added', payload: z.strictObject({ sourceId: id, kind: z.string() }) },
  'listening_source.updated': { doc: 'a listening source is changed', payload: z.strictObject({ sourceId: id, kind: z.string() }) },
  'listening_source.deleted': { doc: 'a listening source is removed', payload: z.strictObject({ sourceId: id }) },
  'listening_alert_rule.created': { doc: 'a listening alert rule is created', payload: z.strictObject({ ruleId: id, kind: z.string() }) },
  'listening_alert_rule.updated': { doc: 'a listening alert rule is changed', payload: z.strictObject({ ruleId: id, kind: z.string() }) },
  'listening_alert_rule.deleted': { doc: 'a listening alert rule is deleted', payload: z.strictObject({ ruleId: id }) },
  'listening.alert': {
    doc: 'a listening alert fired',
    payload: z.strictObject({ alertId: id, ruleId: id, kind: z.string(), message: z.string() }),
  },
} as const;
