import { z } from 'zod';

/** Routing and availability (src/routing/): a team's routing settings, a member's availability. */

const id = z.string();
const availability = z.enum(['online', 'busy', 'away']);

export const routingEvents = {
  'team.routing_changed': {
    doc: "a team's routing settings change (mode, capacity, skills, when to return conversations)",
    payload: z.strictObject({ teamId: id, mode: z.enum(['manual', 'round_robin', 'load_balanced']) }),
  },
  'member.availability_changed': {
    doc: 'a member becomes online, busy or away (by hand, idle, every tab closed, or back)',
    payload: z.strictObject({
      userId: id,
      status: availability,
      previous: availability,
      reason: z.enum(['manual', 'idle', 'closed', 'returned']),
    }),
  },
} as const;
