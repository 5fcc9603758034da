import type { Kysely } from 'kysely';
import { permissionsOf } from '../auth/access.js';
import type { EventPayload, EventType } from '../events/catalog.js';
import type { Reactor } from '../events/reactors.js';
import type { LogEvent } from '../events/read-log.js';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';
import { createNotifications, type NewNotifications } from './create-notifications.js';

const TYPES = ['conversation.assigned', 'note.added', 'sla.breached', 'reply.proposed'] as const satisfies readonly EventType[];

type Source = Omit<NewNotifications, 'workspaceId' | 'conversationId' | 'sourceEventId' | 'email'>;

/**
 * What agents need to know, as notifications in their app (README "Notifications"): a
 * conversation assigned to them by someone else, a note that mentions them, an SLA breach that
 * names them, a reply that waits for an approver. Each already is an event naming whom it
 * concerns; this reactor turns it into rows, skipping the actor themself and whoever switched the
 * kind off. Starts at 'now': history is not notified. Idempotent: a row remembers its event.
 * Params hold ids and names of settings, never customer text.
 */
export const notificationReactor: Reactor = {
  name: 'notifications',
  types: TYPES,
  start: 'now',
  async handle(app, events, tx) {
    let made = 0;
    for (const e of events) {
      const source = await sourceOf(tx, e);
      if (!source) continue;
      const ids = await createNotifications(app, tx, {
        ...source,
        workspaceId: e.workspace_id,
        conversationId: e.conversation_id,
        sourceEventId: Number(e.id),
        email: 'preference',
      });
      made += ids.length;
    }
    return made;
  },
  afterCommit(app, made) {
    // The rows' events reach the realtime feeds at their next read; mails wait in jobs.
    if (made > 0) app.bus.poke('__jobs__');
  },
};

async function sourceOf(tx: Kysely<DB>, e: LogEvent): Promise<Source | null> {
  const actor = e.actor_user_id;
  const others = (ids: Iterable<string>) => [...ids].filter((id) => id !== actor);
  switch (e.type as (typeof TYPES)[number]) {
    case 'conversation.assigned': {
      const d = data<'conversation.assigned'>(e);
      if (!d.assigneeId || d.assigneeId === d.previousAssigneeId || d.assigneeId === actor) return null;
      return { kind: 'assigned', userIds: [d.assigneeId], params: { byUserId: actor } };
    }
    case 'note.added': {
      const d = data<'note.added'>(e);
      return { kind: 'mentioned', userIds: others(d.mentionedUserIds), params: { byUserId: actor } };
    }
    case 'sla.breached': {
      const d = data<'sla.breached'>(e);
      return { kind: 'sla_breached', userIds: d.notifyUserIds, params: { target: d.target, policyName: d.policyName } };
    }
    case 'reply.proposed': {
      const d = data<'reply.proposed'>(e);
      const approvers = (await approversOf(tx, e.workspace_id)).filter((id) => id !== d.authorUserId);
      return { kind: 'approval_waiting', userIds: approvers, params: { authorUserId: d.authorUserId, heldReplyId: d.heldReplyId } };
    }
  }
  return null;
}

const data = <T extends EventType>(e: LogEvent) => parseJson<EventPayload<T>>(e.data, {} as EventPayload<T>);

/** The members whose workspace role holds replies.approve (built-in or custom). */
async function approversOf(tx: Kysely<DB>, workspaceId: string): Promise<string[]> {
  const rows = await tx
    .selectFrom('memberships')
    .leftJoin('roles', (j) => j.onRef('roles.id', '=', 'memberships.role_id').onRef('roles.workspace_id', '=', 'memberships.workspace_id'))
    .select(['memberships.user_id', 'memberships.role', 'memberships.role_id', 'roles.permissions as role_permissions'])
    .where('memberships.workspace_id', '=', workspaceId)
    .orderBy('memberships.user_id')
    .execute();
  return rows.filter((r) => permissionsOf(r).includes('replies.approve')).map((r) => r.user_id);
}
