import { z } from 'zod';
import { PRIORITY_NAMES } from '../lib/priority.js';

/**
 * What a macro may do: the agent-sized part of the rule actions (rules/model.ts) — what a person
 * does by hand on one conversation. Rule-only actions (webhooks, notifications, moderation,
 * "stop") are refused with a field error naming the action.
 */
const id = z.string().trim().min(1).max(64);
const tags = z.array(z.string().trim().min(1).max(64)).min(1).max(20);

export const macroActionSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('assign'), assigneeId: id.nullable().optional(), teamId: id.nullable().optional() }),
  z.strictObject({ type: z.literal('add_tags'), tags }),
  z.strictObject({ type: z.literal('remove_tags'), tags }),
  z.strictObject({ type: z.literal('set_priority'), priority: z.enum(PRIORITY_NAMES) }),
  z.strictObject({
    type: z.literal('set_status'),
    status: z.enum(['open', 'pending', 'snoozed', 'resolved']),
    snoozeMinutes: z.number().int().min(1).max(60 * 24 * 90).optional(),
  }),
  z.strictObject({ type: z.literal('add_note'), text: z.string().trim().min(1).max(5000) }),
  z.strictObject({ type: z.literal('send_saved_reply'), savedReplyId: id }),
]);
export type MacroAction = z.infer<typeof macroActionSchema>;
export const MACRO_ACTION_TYPES = ['assign', 'add_tags', 'remove_tags', 'set_priority', 'set_status', 'add_note', 'send_saved_reply'] as const;

export const macroActionsSchema = z
  .array(macroActionSchema)
  .min(1, 'a macro needs at least one action')
  .max(20)
  .superRefine((actions, ctx) => {
    actions.forEach((a, i) => {
      if (a.type === 'set_status' && a.status === 'snoozed' && !a.snoozeMinutes)
        ctx.addIssue({ code: 'custom', path: [i, 'snoozeMinutes'], message: 'required when the status is snoozed' });
      if (a.type === 'assign' && a.assigneeId === undefined && a.teamId === undefined)
        ctx.addIssue({ code: 'custom', path: [i, 'assigneeId'], message: 'give an agent and/or a team (null to unassign)' });
    });
  });

export const macroInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(300).default(''),
  /** true: every member sees and may apply it (creating or changing one needs settings.manage). */
  shared: z.boolean().default(false),
  actions: macroActionsSchema,
});
export type MacroInput = z.infer<typeof macroInputSchema>;
