import type { Kysely } from 'kysely';
import { AppError, type FieldError } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import type { MacroAction } from './model.js';

/**
 * The agents, teams and saved replies a macro names must exist in the workspace when it is
 * saved: a typo is a 400 on its field (`actions.2.teamId`), not a failure each time it is applied.
 */
export async function checkMacroReferences(db: Kysely<DB>, workspaceId: string, actions: MacroAction[]): Promise<void> {
  const fields: FieldError[] = [];
  for (const [i, a] of actions.entries()) {
    if (a.type === 'assign') {
      if (a.assigneeId) {
        const m = await db
          .selectFrom('memberships')
          .select('user_id')
          .where('workspace_id', '=', workspaceId)
          .where('user_id', '=', a.assigneeId)
          .executeTakeFirst();
        if (!m) fields.push({ field: `actions.${i}.assigneeId`, reason: 'no such member in this workspace' });
      }
      if (a.teamId) {
        const t = await db.selectFrom('teams').select('id').where('workspace_id', '=', workspaceId).where('id', '=', a.teamId).executeTakeFirst();
        if (!t) fields.push({ field: `actions.${i}.teamId`, reason: 'no such team in this workspace' });
      }
    }
    if (a.type === 'send_saved_reply') {
      const r = await db.selectFrom('saved_replies').select('id').where('workspace_id', '=', workspaceId).where('id', '=', a.savedReplyId).executeTakeFirst();
      if (!r) fields.push({ field: `actions.${i}.savedReplyId`, reason: 'no such saved reply in this workspace' });
    }
  }
  if (fields.length) throw new AppError('invalid_request', fields.map((f) => `${f.field}: ${f.reason}`).join('; '), fields);
}
