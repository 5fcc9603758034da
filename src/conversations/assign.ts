import type { Kysely } from 'kysely';
import type { App } from '../app.js';
import { canOn, loadAccess } from '../auth/access.js';
import { appendEvent } from '../events/append.js';
import { invalid } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import { loadConversation } from './load-conversation.js';

export interface AssignInput {
  workspaceId: string;
  conversationId: string;
  actorUserId: string | null;
  assigneeId?: string | null;
  teamId?: string | null;
  /** 'routing' when routing (src/routing/) decides rather than a person: the activity log says so. */
  performer?: 'routing';
}

/**
 * Assigns a conversation to an agent and/or a team (null unassigns). The assignee must be a
 * member of the workspace who can reply to it (by their workspace role, or their role in the
 * team it ends up in; not a viewer); the team must be its own.
 */
export async function assignConversation(app: App, input: AssignInput) {
  const now = app.now();
  const result = await app.store.db.transaction().execute((tx) => assignWithin(tx, input, now));
  app.bus.poke(input.workspaceId);
  return result;
}

/**
 * The same, inside a transaction the caller holds (routing assigns under its locks, several
 * conversations in one go); the caller pokes the bus after its commit.
 */
export async function assignWithin(tx: Kysely<DB>, input: AssignInput, now: number) {
  const conv = await loadConversation(tx, input.workspaceId, input.conversationId);
  if (input.teamId) {
    const team = await tx.selectFrom('teams').select('id').where('workspace_id', '=', input.workspaceId).where('id', '=', input.teamId).executeTakeFirst();
    if (!team) throw invalid('teamId', 'is not a team of this workspace');
  }
  const assignee_id = input.assigneeId === undefined ? conv.assignee_id : input.assigneeId;
  const team_id = input.teamId === undefined ? conv.team_id : input.teamId;
  if (input.assigneeId) {
    const a = await loadAccess(tx, input.workspaceId, input.assigneeId);
    if (!a) throw invalid('assigneeId', 'is not a member of this workspace');
    // Someone who cannot answer it (a viewer) would only hold it up; their team role counts, for the team it lands in.
    if (!canOn(a, team_id, 'conversations.reply_public') && !canOn(a, team_id, 'conversations.reply_private'))
      throw invalid('assigneeId', a.role === 'viewer' ? 'viewers cannot be assigned conversations' : 'their role cannot reply to this conversation');
  }
  await tx.updateTable('conversations').set({ assignee_id, team_id, updated_at: now }).where('id', '=', conv.id).execute();
  await appendEvent(tx, {
    workspaceId: input.workspaceId,
    type: 'conversation.assigned',
    conversationId: conv.id,
    actorUserId: input.actorUserId,
    data: {
      assigneeId: assignee_id,
      teamId: team_id,
      previousAssigneeId: conv.assignee_id,
      previousTeamId: conv.team_id,
      ...(input.performer ? { performer: input.performer } : {}),
    },
    at: now,
  });
  return { ...conv, assignee_id, team_id, updated_at: now };
}
