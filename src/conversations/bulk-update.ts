import type { App } from '../app.js';
import { AppError } from '../lib/errors.js';
import { assignConversation } from './assign.js';
import { setStatus } from './set-status.js';
import { updateTags } from './update-tags.js';
import { markSpam } from './spam/mark-spam.js';
import { notSpam } from './spam/not-spam.js';

export interface BulkInput {
  workspaceId: string;
  actorUserId: string;
  ids: string[];
  assigneeId?: string | null;
  teamId?: string | null;
  addTags?: string[];
  removeTags?: string[];
  status?: 'open' | 'pending' | 'resolved';
  /** true: mark spam; false: "Not spam". Conversations already so are left as they are. */
  spam?: boolean;
}

/**
 * Applies the same change to many conversations through the single-conversation commands, so
 * every rule and event is the same as doing it one by one. One conversation's error (not found,
 * already resolved) is reported for it and does not stop the others.
 */
export async function bulkUpdate(app: App, input: BulkInput) {
  const errors: Array<{ id: string; code: string; message: string }> = [];
  let updated = 0;
  const base = { workspaceId: input.workspaceId, actorUserId: input.actorUserId };
  for (const id of [...new Set(input.ids)]) {
    try {
      if (input.assigneeId !== undefined || input.teamId !== undefined)
        await assignConversation(app, { ...base, conversationId: id, assigneeId: input.assigneeId, teamId: input.teamId });
      if (input.addTags?.length || input.removeTags?.length)
        await updateTags(app, { ...base, conversationId: id, add: input.addTags ?? [], remove: input.removeTags ?? [] });
      if (input.status) {
        const cur = await app.store.db
          .selectFrom('conversations')
          .select('status')
          .where('workspace_id', '=', input.workspaceId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (cur && cur.status !== input.status) await setStatus(app, { ...base, conversationId: id, status: input.status });
        else if (!cur) throw new AppError('not_found', 'conversation not found');
      }
      if (input.spam !== undefined) {
        const cur = await app.store.db
          .selectFrom('conversations')
          .select('spam_at')
          .where('workspace_id', '=', input.workspaceId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!cur) throw new AppError('not_found', 'conversation not found');
        const isSpam = (cur.spam_at ?? null) !== null;
        if (input.spam && !isSpam) await markSpam(app, { ...base, conversationId: id });
        else if (!input.spam && isSpam) await notSpam(app, { ...base, conversationId: id });
      }
      updated++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      errors.push({ id, code: err.code, message: err.message });
    }
  }
  return { updated, errors };
}
