import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { notFound } from '../lib/errors.js';
import { WORKSPACE_SCOPE, type AutoReplySettings } from './settings.js';

/**
 * Sets the workspace default (channelId absent) or a channel's override; `settings: null`
 * removes a channel's override so it follows the default again. Admin only (checked by the route).
 */
export async function saveAutoReplySettings(
  app: App,
  input: { workspaceId: string; actorUserId: string; channelId?: string; settings: AutoReplySettings | null },
) {
  const now = app.now();
  const scope = input.channelId ?? WORKSPACE_SCOPE;
  await app.store.db.transaction().execute(async (tx) => {
    if (input.channelId) {
      const ch = await tx
        .selectFrom('channels')
        .select('id')
        .where('workspace_id', '=', input.workspaceId)
        .where('id', '=', input.channelId)
        .executeTakeFirst();
      if (!ch) throw notFound('channel');
    }
    if (input.settings === null) {
      const r = await tx.deleteFrom('auto_reply_settings').where('workspace_id', '=', input.workspaceId).where('scope', '=', scope).executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) throw notFound('auto-reply settings of this channel');
    } else {
      const row = { workspace_id: input.workspaceId, scope, settings: JSON.stringify(input.settings), updated_by: input.actorUserId, updated_at: now };
      await tx
        .insertInto('auto_reply_settings')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'scope']).doUpdateSet({ settings: row.settings, updated_by: row.updated_by, updated_at: now }))
        .execute();
    }
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'auto_replies.changed',
      actorUserId: input.actorUserId,
      data: { channelId: input.channelId ?? null, removed: input.settings === null },
      at: now,
    });
  });
}
