import type { Config } from '../config/index.js';
import { refuseInternalUrl } from '../net/settings-guard.js';
import type { Kysely } from 'kysely';
import { invalid } from '../lib/errors.js';
import type { DB } from '../store/schema.js';
import type { RuleInput } from './model.js';

/**
 * The ids a rule names (teams, agents, saved replies, channels) must be the workspace's own when
 * it is saved: a typo is a clear 400 now rather than a failed firing later. (They may still be
 * deleted afterwards; the firing then records the error.)
 */
export async function checkReferences(db: Kysely<DB>, workspaceId: string, rule: Pick<RuleInput, 'actions' | 'conditions'>): Promise<void> {
  const teams = new Set<string>();
  const users = new Set<string>();
  const replies = new Set<string>();
  const channels = new Set<string>();
  rule.actions.forEach((a) => {
    if (a.type === 'assign') {
      if (a.teamId) teams.add(a.teamId);
      if (a.assigneeId) users.add(a.assigneeId);
    }
    if (a.type === 'send_saved_reply') replies.add(a.savedReplyId);
    if (a.type === 'notify') for (const u of a.userIds) users.add(u);
  });
  for (const c of [...rule.conditions.all, ...rule.conditions.any]) {
    if (c.field === 'team') for (const t of c.value ?? []) teams.add(t);
    if (c.field === 'assignee') for (const u of c.value ?? []) users.add(u);
    if (c.field === 'channel') for (const ch of c.value) channels.add(ch);
  }
  const missing = async (field: string, ids: Set<string>, found: () => Promise<{ id: string }[]>) => {
    if (!ids.size) return;
    const known = new Set((await found()).map((r) => r.id));
    const gone = [...ids].filter((i) => !known.has(i));
    if (gone.length) throw invalid(field, `not in this workspace: ${gone.join(', ')}`);
  };
  await missing('teamId', teams, () =>
    db
      .selectFrom('teams')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...teams])
      .execute(),
  );
  await missing('userIds', users, () =>
    db
      .selectFrom('memberships')
      .select('user_id as id')
      .where('workspace_id', '=', workspaceId)
      .where('user_id', 'in', [...users])
      .execute(),
  );
  await missing('savedReplyId', replies, () =>
    db
      .selectFrom('saved_replies')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...replies])
      .execute(),
  );
  await missing('channel', channels, () =>
    db
      .selectFrom('channels')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('id', 'in', [...channels])
      .execute(),
  );
}

/** A webhook to a private, loopback or metadata address is refused when the rule is saved (the outbound client refuses it again on connect). */
export function checkWebhookUrls(config: Config, rule: Pick<RuleInput, 'actions'>): void {
  rule.actions.forEach((a, i) => {
    if (a.type === 'webhook') refuseInternalUrl(config, `actions.${i}.url`, a.url);
  });
}
