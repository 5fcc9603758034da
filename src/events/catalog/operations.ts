import { z } from 'zod';

/** SLA clocks and surveys: events about a conversation that the system itself writes. */

const id = z.string();
const clock = {
  clockId: id,
  target: z.string(),
  policyId: z.string().nullable(),
  policyName: z.string(),
  startedAt: z.number(),
  dueAt: z.number().nullable(),
  timeMode: z.string(),
  assigneeId: z.string().nullable(),
};
const surveyKind = z.enum(['csat', 'nps', 'ces']);

export const operationEvents = {
  'sla.warning': { doc: 'an SLA clock passes its warning time (docs/sla.md)', payload: z.strictObject(clock) },
  'sla.breached': {
    doc: 'an SLA clock passes its due time; names whom to tell',
    payload: z.strictObject({ ...clock, teamId: z.string().nullable(), notifyUserIds: z.array(id) }),
  },
  'sla.updated': {
    doc: "a conversation's nearest SLA due time changes (a clock started, stopped or moved)",
    payload: z.strictObject({ dueAt: z.number().nullable(), previousDueAt: z.number().nullable() }),
  },

  'survey.sent': {
    doc: 'a satisfaction survey was put to the customer',
    payload: z.strictObject({ surveyId: id, kind: surveyKind, delivery: z.enum(['buttons', 'link']), messageId: id, expiresAt: z.number() }),
  },
  'survey.cancelled': { doc: 'a scheduled survey is no longer asked (reopened, opted out…)', payload: z.strictObject({ surveyId: id, reason: z.string() }) },
  'survey.failed': { doc: 'a survey could not be asked', payload: z.strictObject({ surveyId: id, reason: z.string() }) },
  'survey.answered': {
    doc: 'the customer answered a survey',
    payload: z.strictObject({ surveyId: id, kind: surveyKind, score: z.number(), comment: z.string().nullable(), via: z.string() }),
  },
  'survey.wow': { doc: 'an agent flags (or unflags) an answer as a "wow"', payload: z.strictObject({ surveyId: id, wow: z.boolean() }) },
} as const;
