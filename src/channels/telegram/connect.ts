import type { App } from '../../app.js';
import { parseJson } from '../../lib/json.js';
import type { ChannelTable } from '../../store/schema.js';
import { unsealChannel } from '../load-channel.js';
import { baseUrlOf, callTelegram } from './client.js';
import { ALLOWED_UPDATES, WEBHOOK_MAX_CONNECTIONS } from './constants.js';

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
    callTelegram({ baseUrl: baseUrlOf(ch.settings), token, method, params, timeoutMs: app.config.sendTimeoutMs, outbound: app.outbound });
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
