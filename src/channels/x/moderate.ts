import type { ChannelAccess, NetworkContext } from '../contract/context.js';
import type { ModerationAction, ModerationCapabilities, ModerationResult, ModerationTarget } from '../contract/moderation.js';
import { callX, credentialsOf, xBaseUrl } from './client.js';

/**
 * What X API v2 lets the brand's account do to a customer's reply:
 * - hide / unhide: PUT /2/tweets/:id/hidden {"hidden": true|false} — only replies in conversations
 *   the account started (X answers 403 otherwise); hidden replies stay reachable behind "View hidden replies";
 * - like: POST /2/users/:id/likes {"tweet_id"} as the account.
 * Not offered: delete (an account can delete only its own posts) and block (v2 gives apps no way to
 * block on the self-serve tiers; muting would only clean the brand's own timeline, not the thread
 * customers read, so it is not passed off as a block).
 */
export const xModeration: ModerationCapabilities = {
  actions: ['hide', 'unhide', 'like'],
  unavailable: {
    delete: 'X lets an account delete only its own posts: hide the reply instead',
    block: "X's API does not let apps block accounts: hide the reply, or block the account in the X app",
  },
  networkName: 'X',
};

/** One moderation call to X; never throws. 429 and 5xx are retried (at x-rate-limit-reset), other refusals are final. */
export async function moderateX(ctx: NetworkContext, channel: ChannelAccess, action: ModerationAction, target: ModerationTarget): Promise<ModerationResult> {
  if (!xModeration.actions.includes(action)) return { ok: false, permanent: true, error: xModeration.unavailable[action] ?? 'X does not allow this' };
  const creds = credentialsOf(channel.secrets);
  if (!creds) return { ok: false, permanent: true, error: 'channel is missing X credentials (consumer key/secret, access token/secret)' };
  if (!/^\d+$/.test(target.externalId)) return { ok: false, permanent: true, error: 'this item is not an X post' };
  const userId = String(channel.settings.userId ?? '');
  const call =
    action === 'like'
      ? { method: 'POST' as const, path: `/users/${userId}/likes`, body: { tweet_id: target.externalId } }
      : { method: 'PUT' as const, path: `/tweets/${target.externalId}/hidden`, body: { hidden: action === 'hide' } };
  const r = await callX({ baseUrl: xBaseUrl(channel.settings), creds, ...call, timeoutMs: ctx.timeoutMs, outbound: ctx.outbound });
  if (r.ok) return { ok: true };
  // Hiding and liking are idempotent on X ("hiding a hidden reply succeeds"): an uncertain attempt is retried.
  if (r.kind === 'network') return { ok: false, permanent: false, error: r.error };
  return {
    ok: false,
    permanent: !(r.status === 429 || r.status >= 500),
    error: `X refused to ${action} the post (${r.status}): ${r.error}`,
    retryAfterMs: r.retryAfterMs,
  };
}
