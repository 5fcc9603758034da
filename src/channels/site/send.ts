import type { Sender } from '../contract/send.js';

/**
 * The site chat's "network" is the visitor's own stream: a reply becomes visible to the visitor
 * once the outbox marks it sent (visitor-messages.ts shows only sent replies), and "delivered"
 * when the visitor's browser acknowledges it. So sending is recording the outcome; the message's
 * own id is its external id, which is what the browser's receipt names.
 */
export const siteSender: Sender = {
  async send(req) {
    return { ok: true, externalId: req.message.id };
  },
};
