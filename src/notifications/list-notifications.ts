import type { App } from '../app.js';
import type { Principal } from '../auth/principal.js';
import { parseJson } from '../lib/json.js';
import type { NotificationKind } from './kinds.js';

/** A notification as the API shows it (GET /api/v1/notifications); a public contract. */
export interface NotificationView {
  id: string;
  kind: NotificationKind;
  conversationId: string | null;
  /** The rule's own text (kind 'rule'); '' for the other kinds, which apps render from params. */
  text: string;
  /** What a non-rule notification says, as data: byUserId, authorUserId, target, policyName… */
  params: Record<string, unknown>;
  ruleId: string | null;
  /** null when the rule has since been deleted. */
  ruleName: string | null;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage {
  notifications: NotificationView[];
  /** All of the caller's unread notifications in this workspace, not only this page's. */
  unreadCount: number;
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: string | null;
}

/**
 * The caller's own notifications in the current workspace, newest first (ids are time-ordered,
 * so `before` is an id: keyset pagination), and how many are unread.
 */
export async function listNotifications(app: App, p: Principal, q: { unread: boolean; limit: number; before?: string }): Promise<NotificationPage> {
  const db = app.store.db;
  let query = db
    .selectFrom('notifications')
    .leftJoin('rules', (j) => j.onRef('rules.id', '=', 'notifications.rule_id').onRef('rules.workspace_id', '=', 'notifications.workspace_id'))
    .select([
      'notifications.id',
      'notifications.kind',
      'notifications.conversation_id',
      'notifications.text',
      'notifications.params',
      'notifications.rule_id',
      'notifications.read_at',
      'notifications.created_at',
      'rules.name as rule_name',
    ])
    .where('notifications.workspace_id', '=', p.workspaceId)
    .where('notifications.user_id', '=', p.userId);
  if (q.unread) query = query.where('notifications.read_at', 'is', null);
  if (q.before) query = query.where('notifications.id', '<', q.before);
  const rows = await query
    .orderBy('notifications.id', 'desc')
    .limit(q.limit + 1)
    .execute();
  const more = rows.length > q.limit;
  const page = rows.slice(0, q.limit);
  return {
    notifications: page.map((r) => ({
      id: r.id,
      kind: r.kind,
      conversationId: r.conversation_id,
      text: r.text,
      params: parseJson<Record<string, unknown>>(r.params, {}),
      ruleId: r.rule_id,
      ruleName: r.rule_name ?? null,
      read: r.read_at !== null,
      createdAt: new Date(Number(r.created_at)).toISOString(),
    })),
    unreadCount: await unreadCount(app, p),
    nextBefore: more ? page.at(-1)!.id : null,
  };
}

export async function unreadCount(app: App, p: Principal): Promise<number> {
  const row = await app.store.db
    .selectFrom('notifications')
    .select((e) => e.fn.countAll().as('n'))
    .where('workspace_id', '=', p.workspaceId)
    .where('user_id', '=', p.userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
