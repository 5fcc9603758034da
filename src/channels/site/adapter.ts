import type { ChannelAdapter } from '../contract/adapter.js';
import { randomToken } from '../../lib/crypto.js';
import { AppError } from '../../lib/errors.js';
import { zodToAppError } from '../../lib/zod-error.js';
import { siteCapabilities } from './capabilities.js';
import { checkSite } from './check.js';
import { parseSiteDelivery } from './parse.js';
import { siteSender } from './send.js';
import { siteSettingsSchema } from './settings.js';

/**
 * The site chat widget (docs/channels-site.md). Visitors reach Hearken through the visitor API
 * (routes.ts), which journals their messages like any webhook; nobody posts to its webhook URL.
 */
export const siteAdapter: ChannelAdapter = {
  type: 'site',
  network: 'site',
  displayName: 'Site chat',
  capabilities: siteCapabilities,
  verify() {
    throw new AppError('invalid_signature', 'a site chat channel receives messages through its visitor API (/site/v1), not through a webhook');
  },
  parse: (delivery) => parseSiteDelivery(delivery.body),
  sender: siteSender,
  newSecrets: () => ({ visitorTokenSecret: randomToken(32) }),
  parseSettings(input) {
    const r = siteSettingsSchema.safeParse(input ?? {});
    if (!r.success) throw zodToAppError(r.error, 'settings.');
    return r.data;
  },
  check: checkSite,
};
