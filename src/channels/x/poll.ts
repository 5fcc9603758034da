import type { ChannelAccess, JournalContext } from '../contract/context.js';
import { parseJson } from '../../lib/json.js';
import type { ChannelTable } from '../../store/schema.js';
import { callX, credentialsOf, xBaseUrl } from './client.js';
import { DM_EVENT_FIELDS, POLL_MAX_PAGES, POLL_PAGE_SIZE, TWEET_FIELDS, USER_FIELDS } from './constants.js';

export interface XPollResult {
  mentions: number;
  dms: number;
  skipped?: string;
  errors: string[];
  /** Set when X said to slow down: do not poll this channel again before then. */
  retryAfterMs?: number;
}

const gt = (a: string, b: string | undefined) => b === undefined || BigInt(a) > BigInt(b);

/**
 * Polling mode (settings.polling): the mentions timeline from since_id, and DM events newer than
 * the newest seen (the DM endpoint has no since_id: pages are read newest first until a known id).
 * Each fetch is journaled exactly like a webhook delivery (same parser, dedupe against Account
 * Activity, replay) and its cursor is stored in the channel's settings in the SAME transaction,
 * so after a restart polling resumes exactly where it stopped. A first poll takes only the newest
 * page: connecting an account does not import its history.
 */
export async function pollOnce(ctx: JournalContext, ch: ChannelAccess): Promise<XPollResult> {
  const channel = ch.row;
  const res: XPollResult = { mentions: 0, dms: 0, errors: [] };
  if (channel.status !== 'active') return { ...res, skipped: 'channel is disabled' };
  if (ch.settings.polling !== true) return { ...res, skipped: 'polling is off for this channel' };
  const creds = credentialsOf(ch.secrets);
  const userId = String(ch.settings.userId ?? '');
  if (!creds || !userId) return { ...res, errors: ['channel is missing its X credentials or user id'] };
  const base = xBaseUrl(ch.settings);
  const get = (path: string, query: Record<string, string | undefined>) =>
    callX({ baseUrl: base, creds, method: 'GET', path, query, timeoutMs: ctx.timeoutMs, outbound: ctx.outbound });

  // Mentions: since_id makes X return only newer posts, newest first, paged by next_token.
  const since = typeof ch.settings.mentionsSinceId === 'string' ? ch.settings.mentionsSinceId : undefined;
  const tweets: unknown[] = [];
  const users: unknown[] = [];
  let newest = since;
  let token: string | undefined;
  for (let page = 0; page < (since ? POLL_MAX_PAGES : 1); page++) {
    const r = await get(`/users/${userId}/mentions`, {
      since_id: since,
      max_results: String(POLL_PAGE_SIZE),
      pagination_token: token,
      'tweet.fields': TWEET_FIELDS,
      expansions: 'author_id',
      'user.fields': USER_FIELDS,
    });
    if (!r.ok) {
      res.errors.push(`mentions: ${r.error}`);
      if (r.kind === 'refused' && r.retryAfterMs) res.retryAfterMs = r.retryAfterMs;
      break;
    }
    tweets.push(...(r.body?.data ?? []));
    users.push(...(r.body?.includes?.users ?? []));
    const n = r.body?.meta?.newest_id;
    if (typeof n === 'string' && gt(n, newest)) newest = n;
    token = r.body?.meta?.next_token;
    if (!token) break;
  }
  if (newest !== since)
    await journalAndStore(ctx, channel, { x_poll: 'mentions', for_user_id: userId, data: tweets, includes: { users } }, { mentionsSinceId: newest });
  res.mentions = tweets.length;
  if (res.retryAfterMs) return res;

  // DM events: newest first, no since_id; stop at the first page that reaches the stored cursor.
  const known = typeof ch.settings.dmNewestId === 'string' ? ch.settings.dmNewestId : undefined;
  const events: Array<{ id: string }> = [];
  const dmUsers: unknown[] = [];
  token = undefined;
  for (let page = 0; page < (known ? POLL_MAX_PAGES : 1); page++) {
    const r = await get('/dm_events', {
      event_types: 'MessageCreate',
      max_results: String(POLL_PAGE_SIZE),
      pagination_token: token,
      'dm_event.fields': DM_EVENT_FIELDS,
      expansions: 'sender_id,participant_ids',
      'user.fields': USER_FIELDS,
    });
    if (!r.ok) {
      res.errors.push(`dm_events: ${r.error}`);
      if (r.kind === 'refused' && r.retryAfterMs) res.retryAfterMs = r.retryAfterMs;
      break;
    }
    const data: Array<{ id: string }> = r.body?.data ?? [];
    const fresh = data.filter((e) => gt(e.id, known));
    events.push(...fresh);
    dmUsers.push(...(r.body?.includes?.users ?? []));
    token = r.body?.meta?.next_token;
    if (!token || fresh.length < data.length) break;
  }
  const dmNewest = events.reduce<string | undefined>((acc, e) => (gt(e.id, acc) ? e.id : acc), known);
  if (dmNewest !== known)
    await journalAndStore(ctx, channel, { x_poll: 'dm_events', for_user_id: userId, data: events, includes: { users: dmUsers } }, { dmNewestId: dmNewest });
  res.dms = events.length;
  return res;
}

async function journalAndStore(ctx: JournalContext, channel: ChannelTable, body: unknown, cursor: Record<string, string | undefined>) {
  await ctx.db.transaction().execute(async (tx) => {
    await ctx.journal(tx, {
      workspaceId: channel.workspace_id,
      channelId: channel.id,
      headers: { 'x-hearken-source': 'x-poll' },
      body: JSON.stringify(body),
      receivedAt: ctx.now(),
    });
    const row = await tx.selectFrom('channels').select('settings').where('id', '=', channel.id).executeTakeFirstOrThrow();
    await tx
      .updateTable('channels')
      .set({ settings: JSON.stringify({ ...parseJson<Record<string, unknown>>(row.settings, {}), ...cursor }) })
      .where('id', '=', channel.id)
      .execute();
  });
  ctx.channelChanged(channel.id);
  ctx.wakeIntake();
}
