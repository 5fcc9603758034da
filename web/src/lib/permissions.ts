import type { Permission, Visibility } from '../api/types';
import { t, type MessageKey } from '../i18n';

/** A permission's short name, as the Roles page and the "why not" notes show it. */
export const permissionLabel = (p: Permission) => t(`perm.${p}` as MessageKey);

/**
 * What the member may write on one conversation, and why not when they may not reply (the server
 * refuses the same with 403). On a public conversation either reply permission offers a way to
 * answer (in public, or by moving to private); on a private one only reply_private does.
 */
export function replyPermissions(c: { teamId: string | null; visibility: Visibility }, canOn: (teamId: string | null, p: Permission) => boolean) {
  const pub = canOn(c.teamId, 'conversations.reply_public');
  const priv = canOn(c.teamId, 'conversations.reply_private');
  const needed: Permission | null =
    c.visibility === 'public' ? (pub || priv ? null : 'conversations.reply_public') : priv ? null : 'conversations.reply_private';
  return {
    public: pub,
    private: priv,
    note: canOn(c.teamId, 'conversations.note'),
    reason: needed ? t('composer.replyDenied', { permission: permissionLabel(needed) }) : '',
  };
}
