import { callX, credentialsOf, xBaseUrl } from './client.js';
import type { ChannelAccess, NetworkContext } from '../contract/context.js';
import type { PostFetch } from '../contract/post.js';

/**
 * X tweet lookup (GET /2/tweets/:id) for the tweet a mention answers, with its author and first
 * photo expanded. X answers a deleted or protected tweet with HTTP 200 and an `errors` entry
 * ("Not Found Error", "Authorization Error"): that is a permanent refusal, kept with X's words.
 */
export async function fetchTweet(ctx: NetworkContext, channel: ChannelAccess, itemId: string): Promise<PostFetch> {
  const creds = credentialsOf(channel.secrets);
  if (!creds) return { ok: false, permanent: true, error: 'the channel has no X keys: paste them in the channel settings' };
  if (!/^\d{1,20}$/.test(itemId)) return { ok: false, permanent: true, error: `"${itemId}" is not a tweet id` };
  const r = await callX({
    baseUrl: xBaseUrl(channel.settings),
    creds,
    method: 'GET',
    path: `/tweets/${itemId}`,
    query: {
      'tweet.fields': 'created_at,author_id,attachments',
      expansions: 'author_id,attachments.media_keys',
      'user.fields': 'username,name',
      'media.fields': 'url,preview_image_url,type',
    },
    timeoutMs: ctx.timeoutMs,
    outbound: ctx.outbound,
  });
  if (!r.ok)
    return r.kind === 'network'
      ? { ok: false, permanent: false, error: r.error }
      : { ok: false, permanent: r.status !== 429 && r.status < 500, error: r.error, retryAfterMs: r.retryAfterMs };
  const data = r.body?.data;
  if (!data) {
    const e = r.body?.errors?.[0];
    return { ok: false, permanent: true, error: e ? `${e.title ?? 'X error'}: ${e.detail ?? e.message ?? 'no detail'}` : 'X returned no tweet' };
  }
  const user = (r.body.includes?.users ?? []).find((u: any) => u.id === data.author_id);
  const media = (r.body.includes?.media ?? [])[0];
  const handle = typeof user?.username === 'string' ? user.username : null;
  const posted = Date.parse(data.created_at ?? '');
  return {
    ok: true,
    snapshot: {
      text: typeof data.text === 'string' ? data.text : null,
      authorName: user?.name ?? null,
      authorHandle: handle ? `@${handle}` : null,
      permalink: `https://x.com/${handle ?? 'i/web'}/status/${data.id}`,
      postedAt: Number.isFinite(posted) ? posted : null,
      mediaUrl: media?.url ?? media?.preview_image_url ?? null,
    },
  };
}
