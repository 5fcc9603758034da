import type { z } from 'zod';
import { conversationEvents } from './catalog/conversations.js';
import { heldReplyEvents } from './catalog/held-replies.js';
import { listeningEvents } from './catalog/listening.js';
import { macroEvents } from './catalog/macros.js';
import { operationEvents } from './catalog/operations.js';
import { routingEvents } from './catalog/routing.js';
import { ruleEvents } from './catalog/rules.js';
import { workspaceEvents } from './catalog/workspace.js';

/**
 * Every event type Hearken writes, declared once: its payload schema (the `data` of the event)
 * and a line saying when it happens. appendEvent is typed by it (a wrong type or payload does not
 * compile), tests validate every payload against it at runtime, and README "Events" lists it
 * (a test keeps the list current). Clients read events through the API: adding a type or an
 * optional field is fine; renaming or removing one breaks them.
 */
export const eventCatalog = {
  ...conversationEvents,
  ...operationEvents,
  ...workspaceEvents,
  ...listeningEvents,
  ...heldReplyEvents,
  ...routingEvents,
  ...ruleEvents,
  ...macroEvents,
} as const satisfies Record<string, { doc: string; payload: z.ZodType }>;

export type EventType = keyof typeof eventCatalog;

/** What a writer passes as `data` for an event of type T. */
export type EventPayload<T extends EventType> = z.input<(typeof eventCatalog)[T]['payload']>;

export const eventTypes = Object.keys(eventCatalog) as EventType[];

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventCatalog, type);
}

/** Parses a stored event's data against its type's schema: null when it matches, else why not. */
export function payloadProblem(type: string, data: unknown): string | null {
  if (!isEventType(type)) return `unknown event type "${type}"`;
  const r = eventCatalog[type].payload.safeParse(data);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ');
}
