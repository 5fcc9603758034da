import { DEMO_POSTS } from './posts.js';
import type { DemoKind, DemoLanguage, DemoScript, DemoTurn } from './scripts.js';

/**
 * One demo customer's conversation as the demo network sees it. The traffic generator creates it;
 * the callback reads it to answer in the same thread and language.
 */
export interface DemoThread {
  channelId: string;
  customerId: string;
  name: string;
  handle?: string;
  language: DemoLanguage;
  kind: DemoKind;
  itemId?: string;
  subject?: string;
  /** Prefix of this instance's message ids (messageId). */
  idBase: string;
  /** Ids of the messages posted so far: email follow-ups reference them. */
  messageIds: string[];
}

export const turnText = (t: DemoTurn) => (typeof t === 'string' ? { text: t } : t);

/**
 * Ids are unique per run and per instance: the demo replays scripts across restarts and cycles,
 * and the receiver rightly drops a message id it has seen before.
 */
export function newDemoThread(channelId: string, script: DemoScript, runId: string, n: number): DemoThread {
  const base = `${runId}-${n}-${script.key}`;
  const email = script.customer.email;
  return {
    channelId,
    // An email address is the customer's identity; threading of email does not depend on it.
    customerId: email ?? `demo-${base}`,
    name: script.customer.name,
    handle: script.customer.handle ?? email,
    language: script.language,
    kind: script.kind,
    // A mention thread's public item is the customer's first post.
    itemId: script.kind === 'mention' ? messageId(script.kind, base, 0) : script.itemId,
    subject: script.subject,
    idBase: base,
    messageIds: [],
  };
}

export function messageId(kind: DemoKind, base: string, turn: number | string): string {
  return kind === 'email' ? `<${base}.${turn}@mail.demo-shop.example>` : `${base}-${turn}`;
}

/** A customer message in the API channel's inbound contract (src/channels/api/parse.ts). */
export function messageEvent(thread: DemoThread, id: string, text: string, at: number) {
  const conversation: Record<string, unknown> = { kind: thread.kind };
  if (thread.itemId && (thread.kind === 'comment' || thread.kind === 'mention')) conversation.item_id = thread.itemId;
  // The post travels with the message, as networks' webhooks carry it: the shop's post under a
  // comment; for a mention, the customer's first post is the item itself.
  const post = thread.itemId ? DEMO_POSTS[thread.itemId] : undefined;
  if (thread.kind === 'comment' && post) conversation.item = { text: post.text, author: post.author, url: post.url, timestamp: Date.parse(post.at) };
  if (thread.kind === 'mention' && id === thread.itemId) conversation.item = { text, author: thread.name, timestamp: at };
  if (thread.kind === 'email') {
    const first = thread.messageIds.length === 0;
    conversation.subject = first ? (thread.subject ?? '') : `Re: ${thread.subject ?? ''}`;
    if (!first) conversation.references = thread.messageIds.slice(-20);
  }
  return {
    type: 'message' as const,
    id,
    from: { id: thread.customerId, name: thread.name, ...(thread.handle ? { handle: thread.handle } : {}) },
    text,
    conversation,
    timestamp: at,
  };
}

export const editEvent = (id: string, text: string, at: number) => ({ type: 'edit' as const, id, text, timestamp: at });
export const deleteEvent = (id: string, at: number) => ({ type: 'delete' as const, id, timestamp: at });
export const statusEvent = (id: string, status: 'delivered' | 'read', at: number) => ({ type: 'status' as const, id, status, timestamp: at });
