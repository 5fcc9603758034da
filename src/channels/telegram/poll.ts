import type { App } from '../../app.js';
import { unsealChannel } from '../load-channel.js';
import { journalDelivery } from '../../intake/journal.js';
import { parseJson } from '../../lib/json.js';
import type { ChannelTable } from '../../store/schema.js';
import { baseUrlOf, callTelegram } from './client.js';
import { ALLOWED_UPDATES, DEFAULT_POLL_TIMEOUT_S, GET_UPDATES_LIMIT, WEBHOOK_MAX_CONNECTIONS } from './constants.js';

export interface PollResult {
  fetched: number;
  journalId?: number;
  skipped?: string;
  error?: string;
}

/**
 * Long-polling mode (settings.mode = "polling", for machines without a public URL): one
 * getUpdates call from the stored offset. What it fetched is journaled exactly as a webhook
 * delivery would be (same parser, dedupe, replay), and the next offset is stored in the channel's
 * settings in the SAME transaction, so a crash either keeps both or neither: Telegram then hands
 * the same updates again and dedupe by external id makes that harmless.
 */
export async function pollOnce(app: App, channel: ChannelTable, o: { timeoutSeconds?: number } = {}): Promise<PollResult> {
  const ch = unsealChannel(channel, app.config);
  if (channel.status !== 'active') return { fetched: 0, skipped: 'channel is disabled' };
  if (ch.settings.mode !== 'polling') return { fetched: 0, skipped: 'channel is in webhook mode' };
  const token = ch.secrets.botToken;
  if (!token) return { fetched: 0, error: 'channel has no bot token' };
  const offset = typeof ch.settings.updateOffset === 'number' ? ch.settings.updateOffset : undefined;
  const timeout = o.timeoutSeconds ?? DEFAULT_POLL_TIMEOUT_S;
  const r = await callTelegram({
    baseUrl: baseUrlOf(ch.settings),
    token,
    method: 'getUpdates',
    params: { ...(offset !== undefined ? { offset } : {}), limit: GET_UPDATES_LIMIT, timeout, allowed_updates: ALLOWED_UPDATES },
    timeoutMs: app.config.sendTimeoutMs + timeout * 1000,
  });
  if (!r.ok) return { fetched: 0, error: r.kind === 'network' ? r.error : `Telegram refused getUpdates (${r.errorCode}): ${r.description}` };
  const updates: Array<{ update_id?: unknown }> = Array.isArray(r.result) ? r.result : [];
  if (!updates.length) return { fetched: 0 };
  const ids = updates.map((u) => Number(u.update_id)).filter(Number.isFinite);
  const next = ids.length ? Math.max(...ids) + 1 : offset;
  const now = app.now();
  const journalId = await app.store.db.transaction().execute(async (tx) => {
    const id = await journalDelivery(tx, {
      workspaceId: channel.workspace_id,
      channelId: channel.id,
      headers: { 'x-hearken-source': 'telegram-getUpdates' },
      body: JSON.stringify(updates),
      receivedAt: now,
    });
    const row = await tx.selectFrom('channels').select('settings').where('id', '=', channel.id).executeTakeFirstOrThrow();
    await tx
      .updateTable('channels')
      .set({ settings: JSON.stringify({ ...parseJson<Record<string, unknown>>(row.settings, {}), updateOffset: next }) })
      .where('id', '=', channel.id)
      .execute();
    return id;
  });
  app.channels.changed(channel.id);
  app.bus.poke('__journal__');
  return { fetched: updates.length, journalId };
}

/**
 * Validates the bot token (getMe) and points Telegram at Hearken: setWebhook with the channel's
 * secret token in webhook mode, deleteWebhook in polling mode (getUpdates is refused while a
 * webhook is set). Stores the bot's username. Returns what is wrong in plain words.
 */
export async function connectTelegram(app: App, channel: ChannelTable): Promise<{ ok: boolean; botUsername?: string; error?: string }> {
  const ch = unsealChannel(channel, app.config);
  const token = ch.secrets.botToken;
  if (!token) return { ok: false, error: 'the channel has no bot token' };
  const call = (method: string, params: Record<string, unknown>) =>
    callTelegram({ baseUrl: baseUrlOf(ch.settings), token, method, params, timeoutMs: app.config.sendTimeoutMs });
  const me = await call('getMe', {});
  if (!me.ok)
    return {
      ok: false,
      error:
        me.kind === 'network'
          ? me.error
          : me.status === 401 || me.status === 404
            ? 'Telegram does not know this bot token (revoked or mistyped): ask @BotFather for the token again'
            : `getMe failed (${me.errorCode}): ${me.description}`,
    };
  const botUsername = String(me.result?.username ?? '');
  const hook =
    ch.settings.mode === 'polling'
      ? await call('deleteWebhook', { drop_pending_updates: false })
      : await call('setWebhook', {
          url: `${app.config.publicUrl}/webhooks/${channel.id}`,
          secret_token: ch.secrets.secretToken,
          allowed_updates: ALLOWED_UPDATES,
          max_connections: WEBHOOK_MAX_CONNECTIONS,
        });
  if (!hook.ok)
    return {
      ok: false,
      botUsername,
      error:
        hook.kind === 'network'
          ? hook.error
          : `Telegram refused ${ch.settings.mode === 'polling' ? 'deleteWebhook' : 'setWebhook'} (${hook.errorCode}): ${hook.description}`,
    };
  const row = await app.store.db.selectFrom('channels').select('settings').where('id', '=', channel.id).executeTakeFirstOrThrow();
  await app.store.db
    .updateTable('channels')
    .set({ settings: JSON.stringify({ ...parseJson<Record<string, unknown>>(row.settings, {}), botUsername }) })
    .where('id', '=', channel.id)
    .execute();
  app.channels.changed(channel.id);
  return { ok: true, botUsername };
}
