import { neverSent, outboundErrorText } from '../../net/outbound-errors.js';
import {
  MODERATION_ACTIONS,
  type ModerationAction,
  type ModerationCapabilities,
  type ModerationResult,
  type ModerationTarget,
} from '../contract/moderation.js';
import type { ChannelAccess, NetworkContext } from '../contract/context.js';
import { signBody } from './signature.js';

/**
 * A custom source moderates what its settings say its receiver implements (`settings.moderation`,
 * e.g. ["hide", "unhide", "delete"]); nothing otherwise. The demo network implements them all.
 */
export function apiModeration(settings: Record<string, unknown>): ModerationCapabilities | undefined {
  const list = Array.isArray(settings.moderation) ? (settings.moderation as string[]) : [];
  const actions = MODERATION_ACTIONS.filter((a) => list.includes(a));
  if (!actions.length) return undefined;
  const unavailable = Object.fromEntries(
    MODERATION_ACTIONS.filter((a) => !actions.includes(a)).map((a) => [a, `this source's receiver does not take "${a}" (the channel's settings.moderation)`]),
  );
  const net = typeof settings.network === 'string' && settings.network !== 'api' ? settings.network : '';
  return { actions, unavailable, networkName: net ? net[0]!.toUpperCase() + net.slice(1) : 'the source' };
}

/**
 * POSTs {"type": "moderation.requested", "id", "action", "item_id", "author", "public_item_id"} to
 * the callback URL, signed like replies, with the action id as Idempotency-Key. Contract as for
 * replies: 2xx = done; 4xx except 408/409/425/429 = refused for good; anything else = later.
 * The callback is not a network: a failure shows its status code, never its body.
 */
export async function moderateApi(ctx: NetworkContext, channel: ChannelAccess, action: ModerationAction, target: ModerationTarget): Promise<ModerationResult> {
  const url = channel.settings.callbackUrl;
  if (typeof url !== 'string' || !url) return { ok: false, permanent: true, error: 'channel has no callback URL configured' };
  const body = JSON.stringify({
    type: 'moderation.requested',
    id: target.idempotencyKey,
    action,
    item_id: target.externalId,
    public_item_id: target.publicItemId,
    author: { id: target.authorExternalId },
  });
  let res: Response;
  try {
    res = await ctx.outbound.fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': target.idempotencyKey,
        'user-agent': 'Hearken/0.1',
        ...signBody(channel.secrets.signingSecret ?? '', body, ctx.now()),
      },
      body,
      timeoutMs: ctx.timeoutMs,
      maxBytes: 64 * 1024,
    });
  } catch (err) {
    const refused = (err as { code?: string }).code === 'EOUTBOUND_REFUSED';
    return { ok: false, permanent: refused, error: `callback unreachable: ${outboundErrorText(err)}${neverSent(err) ? '' : ' (it may have arrived)'}` };
  }
  await res.body?.cancel().catch(() => {});
  if (res.ok) return { ok: true };
  const retryable = res.status >= 500 || [408, 409, 425, 429].includes(res.status);
  const after = Number(res.headers.get('retry-after'));
  return {
    ok: false,
    permanent: !retryable,
    error: `the callback URL answered HTTP ${res.status}`,
    retryAfterMs: Number.isFinite(after) && after > 0 ? after * 1000 : undefined,
  };
}
