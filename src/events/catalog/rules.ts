import { z } from 'zod';

/** Automation rules (src/rules/, docs/rules.md) and in-app notifications (src/notifications/). */

const id = z.string();

export const ruleEvents = {
  'rule.created': { doc: 'an automation rule is created (or imported)', payload: z.strictObject({ ruleId: id, name: z.string() }) },
  'rule.updated': {
    doc: 'an automation rule is changed, enabled, disabled or moved (the fields that changed)',
    payload: z.strictObject({ ruleId: id, name: z.string(), changed: z.array(z.string()) }),
  },
  'rule.deleted': { doc: 'an automation rule is deleted', payload: z.strictObject({ ruleId: id, name: z.string() }) },
  'rule.fired': {
    doc: "a rule's conditions matched an event and its actions ran (outcome: applied, partial, failed; limited = the loop guard held it back)",
    payload: z.strictObject({
      ruleId: id,
      firingId: id,
      trigger: z.string(),
      eventId: z.number().nullable(),
      outcome: z.enum(['applied', 'partial', 'failed', 'limited']),
      actions: z.array(z.string()),
    }),
  },
  'notification.created': {
    doc: "an in-app notification for a member (kind: rule, assigned, mentioned, sla_breached, approval_waiting; text is a rule's own, '' for the others)",
    payload: z.strictObject({
      notificationId: id,
      userId: id,
      text: z.string(),
      ruleId: id.nullable(),
      // Absent on events written before the notification centre: those were all 'rule'.
      kind: z.enum(['rule', 'assigned', 'mentioned', 'sla_breached', 'approval_waiting']).optional(),
    }),
  },
  'notification.read': {
    doc: 'a member marked some of their notifications read (count: how many changed)',
    payload: z.strictObject({ userId: id, count: z.number().int() }),
  },
} as const;
