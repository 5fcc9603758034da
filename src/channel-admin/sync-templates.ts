import type { App } from '../app.js';
import type { NetworkContext } from '../channels/contract/context.js';
import type { MessageTemplates } from '../channels/contract/templates.js';
import { loadChannel } from '../channels/load-channel.js';
import { adapterFor } from '../channels/registry.js';
import { appendEvent } from '../events/append.js';
import { AppError, invalid, notFound } from '../lib/errors.js';
import { newId } from '../lib/ids.js';

/** The channel type's message templates, or a clear refusal when its network has none. */
export function templatesOf(type: string): MessageTemplates {
  const adapter = adapterFor(type);
  if (!adapter.templates) throw new AppError('capability_unsupported', `${adapter.displayName} channels have no message templates`);
  return adapter.templates;
}

/**
 * Reads every message template of the channel's account at its network (the adapter's
 * `templates.list`) and replaces the channel's copy: new ones added, changed ones updated (a
 * template approved, paused or edited since), ones deleted at the network removed. Nothing is
 * changed when the network refuses: the error says why, in its words.
 */
export async function syncTemplates(app: App, input: { workspaceId: string; channelId: string; actorUserId?: string | null }) {
  const ch = await loadChannel(app.store.db, app.config, input.channelId, input.workspaceId);
  if (!ch) throw notFound('channel');
  const templates = templatesOf(ch.row.type);
  const ctx: NetworkContext = { timeoutMs: app.config.sendTimeoutMs, now: () => app.now(), outbound: app.outbound };
  const listed = await templates.list(ctx, ch);
  if (!listed.ok) throw listed.field ? invalid(listed.field, listed.error) : new AppError('conflict', listed.error);

  const now = app.now();
  const result = await app.store.db.transaction().execute(async (tx) => {
    const existing = await tx
      .selectFrom('channel_templates')
      .selectAll()
      .where('workspace_id', '=', input.workspaceId)
      .where('channel_id', '=', ch.row.id)
      .execute();
    const byKey = new Map(existing.map((r) => [`${r.name}\u0000${r.language}`, r]));
    let added = 0;
    let updated = 0;
    for (const t of listed.templates) {
      const values = {
        external_id: t.externalId,
        status: t.status,
        category: t.category,
        components: JSON.stringify(t.components),
        body_params: templates.variables(t.components).length,
        synced_at: now,
      };
      const key = `${t.name}\u0000${t.language}`;
      const old = byKey.get(key);
      byKey.delete(key);
      if (old) {
        await tx.updateTable('channel_templates').set(values).where('id', '=', old.id).execute();
        updated++;
      } else {
        await tx
          .insertInto('channel_templates')
          .values({ id: newId(now), workspace_id: input.workspaceId, channel_id: ch.row.id, name: t.name, language: t.language, ...values })
          .execute();
        added++;
      }
    }
    const gone = [...byKey.values()].map((r) => r.id);
    if (gone.length) await tx.deleteFrom('channel_templates').where('id', 'in', gone).execute();
    await appendEvent(tx, {
      workspaceId: input.workspaceId,
      type: 'channel.templates_synced',
      actorUserId: input.actorUserId ?? null,
      data: { channelId: ch.row.id, added, updated, removed: gone.length },
      at: now,
    });
    return { added, updated, removed: gone.length };
  });
  return { ...result, total: listed.templates.length };
}
