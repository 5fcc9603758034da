import { z } from 'zod';

/** Macros (src/macros/): named bundles of actions agents apply by hand. */
const id = z.string();

export const macroEvents = {
  'macro.created': { doc: 'a macro is created (shared with the workspace or personal)', payload: z.strictObject({ macroId: id, shared: z.boolean() }) },
  'macro.updated': { doc: 'a macro is changed', payload: z.strictObject({ macroId: id, shared: z.boolean() }) },
  'macro.deleted': { doc: 'a macro is deleted', payload: z.strictObject({ macroId: id, shared: z.boolean() }) },
  'macro.applied': {
    doc: "a member applied a macro to a conversation (the actions' own events follow, with the member as actor)",
    payload: z.strictObject({ macroId: id, actions: z.array(z.string()), outcome: z.enum(['applied', 'partial', 'failed']), error: z.string().optional() }),
  },
} as const;
