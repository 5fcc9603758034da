import type { Kysely } from 'kysely';
import { canOn, canSomewhere } from '../auth/access.js';
import type { Permission } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { permissionDenied } from '../auth/roles.js';
import type { DB } from '../store/schema.js';
import type { MacroAction } from './model.js';

/**
 * What doing each action by hand needs. A macro is a shortcut, not a way around a role: the
 * member applying it must hold every permission its actions need, on the conversation's team.
 */
export function permissionFor(a: MacroAction, visibility: 'public' | 'private'): Permission {
  switch (a.type) {
    case 'assign':
      return 'conversations.assign';
    case 'add_note':
      return 'conversations.note';
    case 'send_saved_reply':
      return visibility === 'public' ? 'conversations.reply_public' : 'conversations.reply_private';
    default:
      return 'conversations.triage';
  }
}

/** The workspace-wide check, before any conversation is touched: the member holds each permission somewhere. */
export function requireMacroPermissionsSomewhere(p: Principal, actions: MacroAction[]): void {
  for (const a of actions) {
    // A saved reply goes public or private by conversation: either reply permission passes here.
    const options: Permission[] = a.type === 'send_saved_reply' ? ['conversations.reply_public', 'conversations.reply_private'] : [permissionFor(a, 'private')];
    if (!options.some((o) => canSomewhere(p, o))) throw permissionDenied(options[0]!);
  }
}

/** Throws the 403 of the first permission the member lacks on this conversation; 404 is left to the commands. */
export async function requireMacroPermissions(db: Kysely<DB>, p: Principal, conversationId: string, actions: MacroAction[]): Promise<void> {
  const conv = await db
    .selectFrom('conversations')
    .select(['team_id', 'visibility'])
    .where('workspace_id', '=', p.workspaceId)
    .where('id', '=', conversationId)
    .executeTakeFirst();
  if (!conv) return;
  for (const a of actions) {
    const needed = permissionFor(a, conv.visibility);
    if (!canOn(p, conv.team_id, needed)) throw permissionDenied(needed, " on this conversation's team");
  }
}
