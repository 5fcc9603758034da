import { z } from 'zod';
import { type Action, actionSchema, LIMITS } from '../rules/model.js';

/**
 * What a macro may do: the rule actions (rules/model.ts) that a person does by hand on one
 * conversation — assign, tags, priority, status (snooze), note, saved reply. Rule-only actions
 * (survey, move to private, moderation, notify, webhook, stop) are refused with a field error.
 * The same schema as rules, so one executor (rules/actions/apply.ts) runs both.
 */
export const MACRO_ACTION_TYPES = ['assign', 'add_tags', 'remove_tags', 'set_priority', 'set_status', 'add_note', 'send_saved_reply'] as const;
export type MacroActionType = (typeof MACRO_ACTION_TYPES)[number];
export type MacroAction = Extract<Action, { type: MacroActionType }>;

const isMacroAction = (a: Action): a is MacroAction => (MACRO_ACTION_TYPES as readonly string[]).includes(a.type);

export const macroActionsSchema = z
  .array(actionSchema)
  .min(1, 'a macro needs at least one action')
  .max(LIMITS.actions)
  .superRefine((actions, ctx) => {
    actions.forEach((a, i) => {
      if (!isMacroAction(a))
        ctx.addIssue({ code: 'custom', path: [i, 'type'], message: `"${a.type}" is for rules only; a macro may ${MACRO_ACTION_TYPES.join(', ')}` });
      if (a.type === 'set_status' && a.status === 'snoozed' && a.snoozeMinutes === undefined)
        ctx.addIssue({ code: 'custom', path: [i, 'snoozeMinutes'], message: 'required when the status is snoozed' });
      if (a.type === 'set_status' && a.status !== 'snoozed' && a.snoozeMinutes !== undefined)
        ctx.addIssue({ code: 'custom', path: [i, 'snoozeMinutes'], message: 'only for snoozed' });
      if (a.type === 'assign' && a.assigneeId === undefined && a.teamId === undefined)
        ctx.addIssue({ code: 'custom', path: [i, 'assigneeId'], message: 'give an agent and/or a team (null to unassign)' });
    });
  })
  .transform((actions) => actions.filter(isMacroAction));

export const macroInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(80),
  description: z.string().trim().max(300).default(''),
  /** true: every member sees and may apply it (creating or changing one needs settings.manage). */
  shared: z.boolean().default(false),
  actions: macroActionsSchema,
});
export type MacroInput = z.infer<typeof macroInputSchema>;

/** A change (PATCH): the fields given replace the stored ones; no defaults, so an omitted field is kept. */
export const macroPatchSchema = z
  .strictObject({
    name: z.string().trim().min(1).max(80).optional(),
    description: z.string().trim().max(300).optional(),
    shared: z.boolean().optional(),
    actions: macroActionsSchema.optional(),
  })
  .refine((b) => Object.values(b).some((v) => v !== undefined), { message: 'nothing to change' });
