import type { Kysely } from 'kysely';
import { forbidden, notFound } from '../lib/errors.js';
import type { DB, Visibility } from '../store/schema.js';
import { type Access, canOn, canSomewhere } from './access.js';
import { PERMISSIONS, type Permission } from './permissions.js';
import type { Principal } from './principal.js';

type Holder = Pick<Access, 'permissions' | 'teamPermissions'>;

/** The 403 every missing permission answers: code `forbidden`, naming the permission. */
export function permissionDenied(p: Permission, where = '') {
  return forbidden(`this needs the ${p} permission (${PERMISSIONS[p].doc.toLowerCase()})${where}; your role does not have it`);
}

/** A workspace-wide check: the principal's workspace role must hold the permission. */
export function requirePermission(principal: Holder, needed: Permission): void {
  if (!principal.permissions.has(needed)) throw permissionDenied(needed);
}

/** A workspace-wide check passed by any one of the permissions (e.g. uploading a file for either kind of reply). */
export function requireAnyPermission(principal: Holder, needed: Permission[]): void {
  if (!needed.some((p) => canSomewhere(principal, p))) throw permissionDenied(needed[0]!);
}

/**
 * A check on conversations: the rule is "workspace role ∪ the role in the conversation's team"
 * (auth/access.ts). Costs no query when the workspace role decides. Conversations of another
 * workspace count as having no team; the use-case then answers 404 for them as before.
 */
export async function requireConversationPermission(db: Kysely<DB>, p: Principal, conversationIds: string | string[], needed: Permission): Promise<void> {
  if (p.permissions.has(needed)) return;
  if (!canSomewhere(p, needed)) throw permissionDenied(needed);
  const ids = [...new Set(Array.isArray(conversationIds) ? conversationIds : [conversationIds])];
  const rows = await db.selectFrom('conversations').select(['id', 'team_id']).where('workspace_id', '=', p.workspaceId).where('id', 'in', ids).execute();
  const team = new Map(rows.map((r) => [r.id, r.team_id]));
  for (const id of ids) if (!canOn(p, team.get(id) ?? null, needed)) throw permissionDenied(needed, " on this conversation's team");
}

/**
 * A reply needs reply_public or reply_private by where it goes: the conversation's visibility, or
 * `visibility` when given ("private" on a public conversation moves it to private); the public
 * note left on the public item when moving needs reply_public as well.
 */
export async function requireReplyPermission(
  db: Kysely<DB>,
  p: Principal,
  conversationId: string,
  input: { visibility?: Visibility; publicNote?: string },
): Promise<void> {
  if (p.permissions.has('conversations.reply_public') && p.permissions.has('conversations.reply_private')) return;
  if (!canSomewhere(p, 'conversations.reply_public') && !canSomewhere(p, 'conversations.reply_private')) throw permissionDenied('conversations.reply_public');
  const conv = await db
    .selectFrom('conversations')
    .select(['team_id', 'visibility'])
    .where('workspace_id', '=', p.workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conv) throw notFound('conversation');
  const needs: Permission[] = [(input.visibility ?? conv.visibility) === 'public' ? 'conversations.reply_public' : 'conversations.reply_private'];
  if (input.publicNote !== undefined) needs.push('conversations.reply_public');
  for (const n of needs) if (!canOn(p, conv.team_id, n)) throw permissionDenied(n);
}

/** Retrying a failed reply is replying again: the permission for the message's visibility, on its conversation. */
export async function requireRetryPermission(db: Kysely<DB>, p: Principal, messageId: string): Promise<void> {
  if (p.permissions.has('conversations.reply_public') && p.permissions.has('conversations.reply_private')) return;
  const m = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversation_id')
    .select(['messages.visibility', 'conversations.team_id'])
    .where('messages.workspace_id', '=', p.workspaceId)
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  const needed: Permission = m?.visibility === 'public' ? 'conversations.reply_public' : 'conversations.reply_private';
  if (!m || !canOn(p, m.team_id, needed)) throw permissionDenied(needed);
}
