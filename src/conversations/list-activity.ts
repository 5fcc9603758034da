import type { App } from '../app.js';
import { parseJson } from '../lib/json.js';
import { priorityName } from '../lib/priority.js';
import { loadConversation } from './load-conversation.js';

/** Who did it: a member (by name), Hearken itself (snooze ending, SLA clock), or an automation rule by name. */
export type ActivityActor = { kind: 'user'; id: string; name: string } | { kind: 'system' } | { kind: 'rule'; id?: string; name: string };
type Ref = { id: string; name: string } | null;

/** One line of a conversation's activity; `kind` says which fields are set. */
export type ActivityItem = { id: string; at: string; actor: ActivityActor } & (
  | { kind: 'assigned'; assignee: Ref; previousAssignee: Ref; team: Ref; previousTeam: Ref; assigneeChanged: boolean; teamChanged: boolean }
  | { kind: 'tagged'; added: string[]; removed: string[] }
  | { kind: 'priority'; priority: string }
  | { kind: 'status'; from: string; to: string; reason: string; snoozedUntil: string | null }
  | { kind: 'moved_to_private'; privateConversationId: string }
  | { kind: 'sla_breached'; target: string; policyName: string }
);

const TYPES = [
  'conversation.assigned',
  'conversation.tagged',
  'conversation.updated',
  'conversation.status_changed',
  'conversation.reopened',
  'conversation.moved_to_private',
  'sla.breached',
];

/**
 * A conversation's activity, oldest first, built from the event log (the one record of what
 * happened): assignments, team moves, tags, priority, status (snooze, resolve, reopen), the move
 * to private, SLA breaches. Names of people and teams are resolved here, so the thread shows
 * "Dana assigned it to Lee" rather than ids; a person no longer known shows by id.
 */
export async function listActivity(app: App, input: { workspaceId: string; conversationId: string; limit?: number }): Promise<ActivityItem[]> {
  const db = app.store.db;
  const conv = await loadConversation(db, input.workspaceId, input.conversationId);
  const rows = (
    await db
      .selectFrom('events')
      .select(['id', 'type', 'actor_user_id', 'actor_rule_id', 'data', 'created_at'])
      .where('workspace_id', '=', input.workspaceId)
      .where('conversation_id', '=', conv.id)
      .where('type', 'in', TYPES)
      .orderBy('id', 'desc')
      .limit(input.limit ?? 500)
      .execute()
  ).reverse();
  const events = rows.map((r) => ({ ...r, data: parseJson<Record<string, unknown>>(r.data, {}) }));

  const userIds = new Set<string>();
  const teamIds = new Set<string>();
  for (const e of events) {
    if (e.actor_user_id) userIds.add(e.actor_user_id);
    if (e.type === 'conversation.assigned') {
      for (const k of ['assigneeId', 'previousAssigneeId']) if (typeof e.data[k] === 'string') userIds.add(e.data[k] as string);
      for (const k of ['teamId', 'previousTeamId']) if (typeof e.data[k] === 'string') teamIds.add(e.data[k] as string);
    }
  }
  // Names only of members of this workspace: an id from elsewhere never resolves to a name here.
  const [users, teams] = await Promise.all([
    userIds.size
      ? db
          .selectFrom('users')
          .innerJoin('memberships', 'memberships.user_id', 'users.id')
          .select(['users.id', 'users.name'])
          .where('memberships.workspace_id', '=', input.workspaceId)
          .where('users.id', 'in', [...userIds])
          .execute()
      : [],
    teamIds.size
      ? db
          .selectFrom('teams')
          .select(['id', 'name'])
          .where('workspace_id', '=', input.workspaceId)
          .where('id', 'in', [...teamIds])
          .execute()
      : [],
  ]);
  // Automation rules (src/rules/) by name; a rule deleted since shows by the name it fired under.
  const ruleIds = [...new Set(events.map((e) => e.actor_rule_id).filter((r): r is string => !!r))];
  const ruleName = new Map<string, string>();
  if (ruleIds.length) {
    for (const f of await db
      .selectFrom('rule_firings')
      .select(['rule_id', 'rule_name'])
      .where('workspace_id', '=', input.workspaceId)
      .where('rule_id', 'in', ruleIds)
      .execute())
      ruleName.set(f.rule_id, f.rule_name);
    for (const r of await db.selectFrom('rules').select(['id', 'name']).where('workspace_id', '=', input.workspaceId).where('id', 'in', ruleIds).execute())
      ruleName.set(r.id, r.name);
  }
  const userName = new Map(users.map((u) => [u.id, u.name]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const user = (id: unknown): Ref => (typeof id === 'string' ? { id, name: userName.get(id) ?? id } : null);
  const team = (id: unknown): Ref => (typeof id === 'string' ? { id, name: teamName.get(id) ?? id } : null);

  const out: ActivityItem[] = [];
  for (const e of events) {
    const d = e.data;
    const base = {
      id: String(e.id),
      at: new Date(Number(e.created_at)).toISOString(),
      // An automation rule names itself in the event (`rule`); else a member acted, or Hearken did.
      actor: (e.actor_rule_id
        ? { kind: 'rule', id: e.actor_rule_id, name: ruleName.get(e.actor_rule_id) ?? e.actor_rule_id }
        : typeof d.rule === 'string'
          ? { kind: 'rule', name: d.rule }
          : e.actor_user_id
            ? { kind: 'user', id: e.actor_user_id, name: userName.get(e.actor_user_id) ?? e.actor_user_id }
            : { kind: 'system' }) as ActivityActor,
    };
    switch (e.type) {
      case 'conversation.assigned':
        out.push({
          ...base,
          kind: 'assigned',
          assignee: user(d.assigneeId),
          previousAssignee: user(d.previousAssigneeId),
          team: team(d.teamId),
          previousTeam: team(d.previousTeamId),
          assigneeChanged: (d.assigneeId ?? null) !== (d.previousAssigneeId ?? null),
          teamChanged: (d.teamId ?? null) !== (d.previousTeamId ?? null),
        });
        break;
      case 'conversation.tagged':
        out.push({ ...base, kind: 'tagged', added: (d.added as string[]) ?? [], removed: (d.removed as string[]) ?? [] });
        break;
      case 'conversation.updated':
        if (typeof d.priority === 'number') out.push({ ...base, kind: 'priority', priority: priorityName(d.priority) });
        break;
      case 'conversation.status_changed':
      case 'conversation.reopened':
        out.push({
          ...base,
          kind: 'status',
          from: String(d.from),
          to: String(d.to),
          reason: String(d.reason),
          snoozedUntil: typeof d.snoozedUntil === 'number' ? new Date(d.snoozedUntil).toISOString() : null,
        });
        break;
      case 'conversation.moved_to_private':
        out.push({ ...base, kind: 'moved_to_private', privateConversationId: String(d.privateConversationId) });
        break;
      case 'sla.breached':
        out.push({ ...base, actor: { kind: 'system' }, kind: 'sla_breached', target: String(d.target), policyName: String(d.policyName) });
        break;
    }
  }
  return out;
}
