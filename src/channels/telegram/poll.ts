import type { ChannelAccess, JournalContext } from '../contract/context.js';
import { parseJson } from '../../lib/json.js';
import { baseUrlOf, callTelegram } from './client.js';
import { ALLOWED_UPDATES, DEFAULT_POLL_TIMEOUT_S, GET_UPDATES_LIMIT } from './constants.js';

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
export async function pollOnce(ctx: JournalContext, ch: ChannelAccess, o: { timeoutSeconds?: number } = {}): Promise<PollResult> {
  const channel = ch.row;
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
    timeoutMs: ctx.timeoutMs + timeout * 1000,
    outbound: ctx.outbound,
  });
  if (!r.ok) return { fetched: 0, error: r.kind === 'network' ? r.error : `Telegram refused getUpdates (${r.errorCode}): ${r.description}` };
  const updates: Array<{ update_id?: unknown }> = Array.isArray(r.result) ? r.result : [];
  if (!updates.length) return { fetched: 0 };
  const ids = updates.map((u) => Number(u.update_id)).filter(Number.isFinite);
  const next = ids.length ? Math.max(...ids) + 1 : offset;
  const now = ctx.now();
  const journalId = await ctx.db.transaction().execute(async (tx) => {
    const id = await ctx.journal(tx, {
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
  ctx.channelChanged(channel.id);
  ctx.wakeIntake();
  return { fetched: updates.length, journalId };
}
