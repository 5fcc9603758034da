import { z } from 'zod';
import type { ChannelAdapter } from '../contract/adapter.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { apiCapabilities } from './capabilities.js';
import { checkApi } from './check.js';
import { MODERATION_ACTIONS } from '../contract/moderation.js';
import { apiModeration, moderateApi } from './moderate.js';
import { parseApiDelivery } from './parse.js';
import { apiSender } from './send.js';
import { verifyBody } from './signature.js';

const settingsSchema = z.object({
  callbackUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** The identity namespace contacts from this source live in (e.g. "shopify"); defaults to "api". */
  network: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .optional(),
  /** false when the receiver cannot drop a repeated Idempotency-Key: uncertain sends then go to a human. */
  idempotentCallbacks: z.boolean().optional(),
  /** The moderation actions the receiver implements (README "Moderation"); absent = none. */
  moderation: z.array(z.enum(MODERATION_ACTIONS)).max(MODERATION_ACTIONS.length).optional(),
});

/** The generic API channel any custom source can use (README "API channel"). */
export const apiAdapter: ChannelAdapter = {
  type: 'api',
  network: 'api',
  displayName: 'API',
  capabilities: apiCapabilities,
  // A receiver that cannot drop a repeated Idempotency-Key gets uncertain sends handed to a human, not retried.
  capabilitiesFor: (settings) => {
    const moderation = apiModeration(settings);
    const caps = settings.idempotentCallbacks === false ? { ...apiCapabilities, safeRetry: false } : apiCapabilities;
    return moderation ? { ...caps, moderation } : caps;
  },
  verify(delivery, secrets, now) {
    if (!secrets.signingSecret) throw new AppError('invalid_signature', 'channel has no signing secret');
    verifyBody(secrets.signingSecret, delivery.headers, delivery.body, now);
  },
  parse(delivery) {
    return parseApiDelivery(delivery.body, Date.now());
  },
  sender: apiSender,
  moderate: moderateApi,
  newSecrets: () => ({ signingSecret: `whsec_${randomToken(32)}` }),
  parseSettings(input) {
    const r = settingsSchema.safeParse(input ?? {});
    if (!r.success) throw zodToAppError(r.error, 'settings.');
    return r.data;
  },
  check: checkApi,
};
