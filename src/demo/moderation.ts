import { z } from 'zod';
import { MODERATION_ACTIONS } from '../channels/contract/moderation.js';
import { boundedSet } from './registry.js';

/** The demo network takes every moderation action, so a new user can hide a comment within a minute of `npm start`. */
export const DEMO_MODERATION = MODERATION_ACTIONS;

/** The API channel's moderation request (src/channels/api/moderate.ts), as the demo network reads it. */
export const demoModerationSchema = z.object({
  type: z.literal('moderation.requested'),
  id: z.string().min(1).max(128),
  action: z.enum(MODERATION_ACTIONS),
  item_id: z.string().min(1).max(256),
});

/** What the demo network did to each item (by channel and item), newest last: lets tests and curious users look. */
const state = new Map<string, { hidden: boolean; deleted: boolean; liked: boolean }>();

export function acceptDemoModeration(channelId: string, req: z.output<typeof demoModerationSchema>) {
  const key = `${channelId}|${req.item_id}`;
  const s = state.get(key) ?? { hidden: false, deleted: false, liked: false };
  if (req.action === 'hide') s.hidden = true;
  if (req.action === 'unhide') s.hidden = false;
  if (req.action === 'delete') s.deleted = true;
  if (req.action === 'like') s.liked = true;
  boundedSet(state, key, s);
  return { ok: true, item: { id: req.item_id, ...s } };
}

export const demoItemState = (channelId: string, itemId: string) => state.get(`${channelId}|${itemId}`);
