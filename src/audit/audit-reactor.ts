import type { EventType } from '../events/catalog.js';
import type { Reactor } from '../events/reactors.js';
import { parseJson } from '../lib/json.js';
import { actorLabel } from './record-audit.js';

/**
 * The configuration changes an admin answers for, as the audit log shows them. Each is already
 * an event of the log (written in the change's own transaction), so the audit trail follows the
 * log as a reactor rather than adding a write to every use-case. Erasures and exports are not
 * here: they are recorded directly, in their own transaction (privacy/).
 */
export const AUDITED: readonly EventType[] = [
  'channel.created',
  'channel.updated',
  'channel.templates_synced',
  'contact.merged',
  'member.invited',
  'member.invitation_withdrawn',
  'member.invitation_declined',
  'member.added',
  'member.invite_link_sent',
  'member.invite_link_revoked',
  'member.invite_link_accepted',
  'account.two_factor_enabled',
  'account.two_factor_disabled',
  'account.recovery_code_used',
  'account.password_reset',
  'account.sessions_revoked',
  'account.sso_sign_in',
  'workspace.two_factor_requirement_changed',
  'member.role_changed',
  'member.removed',
  'role.created',
  'role.updated',
  'role.deleted',
  'team.created',
  'team.updated',
  'team.deleted',
  'team.member_added',
  'team.member_removed',
  'team.member_role_changed',
  'team.routing_changed',
  'business_hours.changed',
  'auto_replies.changed',
  'workspace.language_changed',
  'sla_policy.created',
  'sla_policy.updated',
  'sla_policy.deleted',
  'saved_reply.created',
  'saved_reply.updated',
  'saved_reply.deleted',
  'tone_rule.created',
  'tone_rule.updated',
  'tone_rule.deleted',
  'tag.created',
  'tag.updated',
  'tag.deleted',
  'tag.merged',
  'tags.settings_changed',
  'survey.settings_changed',
  'report.schedule_changed',
  'retention.changed',
  // Who changed which replies need an approver (the decisions themselves are in the event log).
  'approval_policy.updated',
  // Who called a conversation spam, and who said it was not (issue 20).
  'conversation.marked_spam',
  'conversation.unmarked_spam',
];

/** What an entry is about: the id field the event names first (channelId → channel). */
function target(type: string, data: Record<string, unknown>): { type: string; id: string | null } {
  for (const [k, v] of Object.entries(data))
    if (k.endsWith('Id') && typeof v === 'string') return { type: k.slice(0, -2).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), id: v };
  return { type: type.split('.')[0]!, id: null };
}

/**
 * Copies audited events into audit_log. Idempotent: the entry's id is the event's, so a replay
 * (`reactors replay audit`) inserts nothing twice. Starts at the beginning: a workspace's history
 * of changes from before this reactor existed is in the log, and belongs in the trail.
 */
export const auditReactor: Reactor = {
  name: 'audit',
  types: AUDITED,
  start: 'beginning',
  async handle(_app, events, tx) {
    const labels = new Map<string, string>();
    for (const e of events) {
      const data = parseJson<Record<string, unknown>>(e.data, {});
      const who = e.actor_user_id;
      if (who && !labels.has(who)) labels.set(who, await actorLabel(tx, { userId: who }));
      let t = target(e.type, data);
      if (t.id === null && e.conversation_id) t = { type: 'conversation', id: e.conversation_id };
      await tx
        .insertInto('audit_log')
        .values({
          id: `ev-${e.id}`,
          workspace_id: e.workspace_id,
          actor_user_id: who,
          actor: who ? labels.get(who)! : 'Hearken',
          action: e.type,
          target_type: t.type,
          target_id: t.id,
          data: e.data,
          created_at: Number(e.created_at),
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    return events.length;
  },
};
