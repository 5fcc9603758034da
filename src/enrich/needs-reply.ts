/**
 * Does this message need an answer from us? Most brand mentions are people talking, not asking:
 * a question or complaint addressed to the brand → yes; people chatting about the brand among
 * themselves → observe. Used at intake and to triage listening mentions into engage / observe.
 */
import type { IntentResult } from './intent.js';
import type { TrollResult } from './troll.js';

export interface NeedsReplyContext {
  /** Where it came from; a dm or e-mail is addressed to us by definition. */
  kind?: 'dm' | 'comment' | 'mention' | 'review' | 'email' | 'chat';
  /** Our handles ("@acme"), to tell "@acme where is my order" from "saw @acme's ad lol". */
  brandHandles?: string[];
  /** Set when the caller already knows (e.g. a reply to our own post). */
  addressedToBrand?: boolean;
}

export interface NeedsReplyResult {
  value: boolean;
  reason: string;
}

// Talking *to* someone: second person in the languages we serve.
const SECOND_PERSON =
  /(?<![\p{L}])(?:you|your|u|vocês|você|vcs|vc|seu|sua|ustedes|usted|vous|votre|ihr|euch|voi|vostro|siz|sizin|size|sizden|sizi|sizinle|sana|seni|senin|sen|tu|tú|te|ti|os|vuestro|vuestra|bạn|anh chị|các bạn|你们|你們|您|դուք|ձեր)(?![\p{L}])/iu;

function addressed(text: string, ctx: NeedsReplyContext): string | undefined {
  if (ctx.addressedToBrand) return 'addressed to the brand';
  if (ctx.kind === 'dm' || ctx.kind === 'email' || ctx.kind === 'chat') return `a ${ctx.kind} to the brand`;
  const lower = text.toLowerCase();
  const handle = ctx.brandHandles?.find((h) => lower.startsWith(h.toLowerCase()) || lower.includes(h.toLowerCase()));
  if (handle) return `names ${handle}`;
  // A review is written on our own page about us: answering it is how care teams handle them.
  if (ctx.kind === 'review') return 'a review of the brand';
  if (ctx.kind === 'comment') return SECOND_PERSON.test(text) ? 'a comment speaking to the brand' : undefined;
  if (ctx.kind === undefined && SECOND_PERSON.test(text)) return 'speaks to someone ("you")';
  return undefined;
}

export function needsReply(text: string, intent: IntentResult, troll: TrollResult, ctx: NeedsReplyContext = {}): NeedsReplyResult {
  if (intent.label === 'spam') return { value: false, reason: 'spam' };
  if (intent.label === 'abuse' && troll.score >= 0.6) return { value: false, reason: 'abuse with no specifics: review, do not feed it' };
  const to = addressed(text, ctx);
  const l = intent.label;
  if (l === 'question' || l === 'complaint' || l === 'purchase' || l === 'abuse') {
    if (to) return { value: true, reason: `${l === 'abuse' ? 'angry customer with specifics' : l}, ${to}` };
    return { value: false, reason: `${l} about the brand, not to it: observe` };
  }
  if (l === 'feedback' || l === 'praise') {
    return to ? { value: true, reason: `${l}, ${to}: acknowledge it` } : { value: false, reason: `${l} among people: observe` };
  }
  if (ctx.kind === 'dm' || ctx.kind === 'email' || ctx.kind === 'chat') return { value: true, reason: `a ${ctx.kind}: someone wrote to us` };
  return { value: false, reason: 'no question, complaint or request' };
}
