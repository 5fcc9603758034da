import type { App } from '../app.js';
import type { Principal } from './principal.js';
import { notFound } from '../lib/errors.js';

/**
 * Revokes a token: one's own, or (members.manage) anyone's in the workspace. Someone else's token
 * answers 404 to anyone else, as they cannot list it either. Revoking twice is harmless.
 */
export async function revokeApiToken(app: App, principal: Principal, tokenId: string): Promise<{ id: string; revokedAt: number }> {
  const db = app.store.db;
  let q = db.selectFrom('api_tokens').select(['id', 'revoked_at']).where('id', '=', tokenId).where('workspace_id', '=', principal.workspaceId);
  if (!principal.permissions.has('members.manage')) q = q.where('user_id', '=', principal.userId);
  const tok = await q.executeTakeFirst();
  if (!tok) throw notFound('token');
  if (tok.revoked_at !== null) return { id: tok.id, revokedAt: tok.revoked_at };
  const now = app.now();
  await db.updateTable('api_tokens').set({ revoked_at: now }).where('id', '=', tok.id).where('workspace_id', '=', principal.workspaceId).execute();
  return { id: tok.id, revokedAt: now };
}
