import type { ChannelAccess, NetworkContext } from '../contract/context.js';
import type { ModerationAction, ModerationCapabilities, ModerationResult, ModerationTarget } from '../contract/moderation.js';
import { GRAPH_BASE_URL, INSTAGRAM_GRAPH_BASE_URL } from './constants.js';
import { graphPost } from './graph-client.js';

/**
 * Facebook Page comments (Graph API, Page access token):
 * - hide / unhide: POST /{comment-id} with is_hidden=true|false (hidden comments stay visible to their author and friends);
 * - delete: DELETE /{comment-id};
 * - like: POST /{comment-id}/likes (as the Page);
 * - block: POST /{page-id}/blocked with user=[author id] (bans the person from the Page).
 */
export const facebookModeration: ModerationCapabilities = {
  actions: ['hide', 'unhide', 'delete', 'like', 'block'],
  unavailable: {},
  networkName: 'Facebook',
};

/**
 * Instagram comments (IG Comment node): hide / unhide with POST /{ig-comment-id} hide=true|false,
 * delete with DELETE /{ig-comment-id}. The Instagram API has no endpoint to like a comment or to
 * block or restrict an account, so those are not offered.
 */
export const instagramModeration: ModerationCapabilities = {
  actions: ['hide', 'unhide', 'delete'],
  unavailable: {
    like: "Instagram's API does not let apps like comments: like it in the Instagram app",
    block: "Instagram's API does not let apps block or restrict accounts: do it in the Instagram app",
  },
  networkName: 'Instagram',
};

/** Carries out one moderation action with the Graph API; never throws (graphPost classifies Meta's errors). */
export async function moderateMeta(
  type: 'messenger' | 'instagram',
  ctx: NetworkContext,
  channel: ChannelAccess,
  action: ModerationAction,
  target: ModerationTarget,
): Promise<ModerationResult> {
  const { settings, secrets } = channel;
  const instagram = type === 'instagram';
  const caps = instagram ? instagramModeration : facebookModeration;
  if (!caps.actions.includes(action)) return { ok: false, permanent: true, error: caps.unavailable[action] ?? `${caps.networkName} does not allow this` };
  const base = typeof settings.apiBaseUrl === 'string' && settings.apiBaseUrl ? settings.apiBaseUrl : instagram ? INSTAGRAM_GRAPH_BASE_URL : GRAPH_BASE_URL;
  const token = (instagram ? secrets.accessToken : secrets.pageAccessToken) ?? '';
  const id = encodeURIComponent(target.externalId);
  let call: { path: string; body: unknown; method?: 'DELETE' };
  if (action === 'hide' || action === 'unhide') call = { path: id, body: instagram ? { hide: action === 'hide' } : { is_hidden: action === 'hide' } };
  else if (action === 'delete') call = { path: id, body: undefined, method: 'DELETE' };
  else if (action === 'like') call = { path: `${id}/likes`, body: {} };
  else {
    if (!target.authorExternalId) return { ok: false, permanent: true, error: "the comment's author is not known to Hearken, so they cannot be blocked" };
    call = { path: `${encodeURIComponent(String(settings.pageId ?? ''))}/blocked`, body: { user: [target.authorExternalId] } };
  }
  const r = await graphPost<Record<string, unknown>>({
    baseUrl: base,
    token,
    appSecret: secrets.appSecret,
    timeoutMs: ctx.timeoutMs,
    outbound: ctx.outbound,
    ...call,
  });
  if (r.ok) return { ok: true };
  const { permanent, error, retryAfterMs } = r.result;
  // An uncertain outcome (timeout) is retried: hiding, liking or blocking twice does what once does.
  return { ok: false, permanent, error: `${caps.networkName} refused to ${action} the comment: ${error}`, retryAfterMs };
}
