import { outboundErrorText } from '../../net/outbound-errors.js';
import { classifyGraphError, type GraphError } from './graph-client.js';
import { GRAPH_BASE_URL, INSTAGRAM_GRAPH_BASE_URL } from './constants.js';
import { hmacHex } from '../../lib/crypto.js';
import type { ChannelAccess, NetworkContext } from '../contract/context.js';
import type { PostFetch, PostSnapshot } from '../contract/post.js';

/** Fields asked of a Facebook post, and of an Instagram media (Graph API reference, "Post" and "IG Media"). */
export const FACEBOOK_POST_FIELDS = 'message,permalink_url,from,created_time,full_picture';
export const INSTAGRAM_MEDIA_FIELDS = 'caption,permalink,media_url,media_type,thumbnail_url,timestamp,username';

/**
 * One Graph GET for the item a comment lives under, with the channel's token as a Bearer header
 * and appsecret_proof, like every other Graph call Hearken makes. Never throws; a refusal
 * (deleted post, missing permission, expired token) comes back with Meta's own text.
 */
export async function fetchMetaItem(type: 'messenger' | 'instagram', ctx: NetworkContext, channel: ChannelAccess, itemId: string): Promise<PostFetch> {
  const { settings, secrets } = channel;
  const instagram = type === 'instagram';
  const token = (instagram ? secrets.accessToken : secrets.pageAccessToken) ?? '';
  if (!token) return { ok: false, permanent: true, error: 'the channel has no access token: paste one in the channel settings' };
  const base = typeof settings.apiBaseUrl === 'string' && settings.apiBaseUrl ? settings.apiBaseUrl : instagram ? INSTAGRAM_GRAPH_BASE_URL : GRAPH_BASE_URL;
  const url = new URL(`${base.replace(/\/+$/, '')}/${encodeURIComponent(itemId)}`);
  url.searchParams.set('fields', instagram ? INSTAGRAM_MEDIA_FIELDS : FACEBOOK_POST_FIELDS);
  if (secrets.appSecret) url.searchParams.set('appsecret_proof', hmacHex(secrets.appSecret, token));
  let res: Response;
  try {
    res = await ctx.outbound.fetch(url, { headers: { authorization: `Bearer ${token}`, 'user-agent': 'Hearken/0.1' }, timeoutMs: ctx.timeoutMs });
  } catch (err) {
    return { ok: false, permanent: false, error: `Meta unreachable: ${outboundErrorText(err)}` };
  }
  const text = await res.text().catch(() => '');
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (res.ok && json && typeof json === 'object' && !('error' in json)) return { ok: true, snapshot: instagram ? fromMedia(json) : fromPost(json) };
  const c = classifyGraphError(res.status, (json?.error ?? {}) as GraphError, text, res.headers.get('retry-after'));
  return { ok: false, permanent: c.permanent, error: c.error, retryAfterMs: 'retryAfterMs' in c ? c.retryAfterMs : undefined };
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const time = (v: unknown) => {
  const t = typeof v === 'string' ? Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2')) : NaN;
  return Number.isFinite(t) ? t : null;
};

function fromPost(j: any): PostSnapshot {
  return {
    text: str(j.message),
    authorName: str(j.from?.name),
    permalink: str(j.permalink_url),
    postedAt: time(j.created_time),
    mediaUrl: str(j.full_picture),
  };
}

function fromMedia(j: any): PostSnapshot {
  // A video's media_url is the video itself; its thumbnail is what a preview shows.
  const thumb = j.media_type === 'VIDEO' ? (str(j.thumbnail_url) ?? null) : str(j.media_url);
  return {
    text: str(j.caption),
    authorHandle: j.username ? `@${j.username}` : null,
    authorName: str(j.username),
    permalink: str(j.permalink),
    postedAt: time(j.timestamp),
    mediaUrl: thumb,
  };
}
