import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { App } from '../app.js';
import { log } from '../lib/log.js';
import { DEMO_FOLLOW_UPS } from './scripts.js';
import { findDemoThread, later, rememberThread, boundedSet } from './registry.js';
import { messageEvent, statusEvent, type DemoThread } from './demo-events.js';
import { postSigned } from './post-signed.js';

/** The parts of the API channel's outbound request (src/channels/api/send.ts) the demo network uses. */
export const demoOutboundSchema = z.object({
  conversation: z
    .object({
      kind: z.enum(['dm', 'comment', 'mention', 'review', 'email', 'chat']).optional(),
      item_id: z.string().max(256).nullish(),
    })
    .default({}),
  recipient: z.object({ id: z.string().min(1).max(256), handle: z.string().max(256).nullish() }),
  message: z.object({ visibility: z.enum(['public', 'private']).nullish() }).default({}),
});
export type DemoOutbound = z.output<typeof demoOutboundSchema>;

/** Delays (ms ranges) and the follow-up chance; tests shorten them. */
export const demoCallbackTiming = {
  deliveredMs: [1000, 3000] as [number, number],
  readMs: [2000, 8000] as [number, number],
  followUpMs: [3000, 10_000] as [number, number],
  followUpChance: 0.3,
};

// A retried send carries the same Idempotency-Key: answer with the same id, schedule nothing new.
const accepted = new Map<string, string>();

const between = ([lo, hi]: [number, number]) => lo + Math.floor(Math.random() * (hi - lo + 1));

/**
 * The demo network accepting one reply: it answers with the network's message id at once, then
 * behaves like a real network and a real customer: "delivered", later "read", and sometimes the
 * customer writes back in the same thread, in their language.
 */
export function acceptDemoReply(
  app: App,
  input: { channelId: string; secret: string; webhookUrl: string; idempotencyKey?: string; out: DemoOutbound },
): { id: string } {
  const key = input.idempotencyKey ? `${input.channelId}|${input.idempotencyKey}` : undefined;
  const seen = key ? accepted.get(key) : undefined;
  if (seen) return { id: seen };
  const id = `demo-out-${randomUUID()}`;
  if (key) boundedSet(accepted, key, id);

  const send = async (what: string, event: unknown) => {
    const r = await postSigned(input.webhookUrl, input.secret, event, app.now());
    if (!r.ok) log.warn(`demo callback: ${what} refused`, { channelId: input.channelId, status: r.status, error: r.error });
  };
  const delivered = between(demoCallbackTiming.deliveredMs);
  const read = delivered + between(demoCallbackTiming.readMs);
  later(input.channelId, delivered, () => send('delivered receipt', statusEvent(id, 'delivered', app.now())));
  later(input.channelId, read, () => send('read receipt', statusEvent(id, 'read', app.now())));
  if (Math.random() < demoCallbackTiming.followUpChance) {
    later(input.channelId, read + between(demoCallbackTiming.followUpMs), async () => {
      const thread = followUpThread(input.channelId, input.out);
      if (thread.kind === 'email') thread.messageIds.push(id);
      const msgId = thread.kind === 'email' ? `<demo-in-${randomUUID()}@mail.demo-shop.example>` : `demo-in-${randomUUID()}`;
      const lines = DEMO_FOLLOW_UPS[thread.language];
      await send('customer follow-up', messageEvent(thread, msgId, lines[Math.floor(Math.random() * lines.length)], app.now()));
      thread.messageIds.push(msgId);
      rememberThread(thread);
    });
  }
  return { id };
}

/**
 * Where the customer writes back. A private reply to a public comment moves the customer to a
 * direct message, as on the real networks; otherwise the same thread as the reply.
 */
function followUpThread(channelId: string, out: DemoOutbound): DemoThread {
  const known = findDemoThread(channelId, out.recipient.id);
  const kind = out.conversation.kind ?? known?.kind ?? 'dm';
  const movedToPrivate = out.message.visibility === 'private' && (kind === 'comment' || kind === 'mention' || kind === 'review');
  const base: DemoThread = known ?? {
    channelId,
    customerId: out.recipient.id,
    name: out.recipient.handle ?? out.recipient.id,
    handle: out.recipient.handle ?? undefined,
    language: 'en',
    kind: 'dm',
    idBase: `demo-in-${randomUUID()}`,
    messageIds: [],
  };
  if (movedToPrivate) return { ...base, kind: 'dm', itemId: undefined, messageIds: [] };
  // Reviews are not part of the demo's scripts; a customer answers a review reply as a comment.
  const demoKind = kind === 'review' ? 'comment' : kind;
  return { ...base, kind: demoKind, itemId: out.conversation.item_id ?? base.itemId };
}
