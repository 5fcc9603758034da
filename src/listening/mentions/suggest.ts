import type { Analysis } from '../../enrich/analyze.js';

export interface Suggestion {
  suggestion: 'engage' | 'observe';
  reason: string;
}

/** From this troll score up, a post is observed whatever else it says (do not feed it). */
export const TROLL_OBSERVE = 0.6;

/**
 * Engage or observe, and why. More than half of people want to talk about brands without the
 * brand listening in, so observing is the default: a brand steps in only where someone asks, needs
 * help or complains — or, for a competitor query, where an unhappy customer of theirs could be won.
 */
export function suggest(a: Analysis, kinds: Array<'brand' | 'competitor'>): Suggestion {
  if (a.troll.score >= TROLL_OBSERVE)
    return { suggestion: 'observe', reason: `looks like trolling (score ${a.troll.score.toFixed(2)}): answering would feed it` };
  if (a.intent.label === 'spam' || a.intent.label === 'abuse') return { suggestion: 'observe', reason: `reads as ${a.intent.label}` };
  const brand = kinds.includes('brand');
  if (brand && a.needsReply.value) return { suggestion: 'engage', reason: `needs a reply: ${a.needsReply.reason}` };
  if (brand && (a.intent.label === 'complaint' || a.intent.label === 'question'))
    return { suggestion: 'engage', reason: `a ${a.intent.label} about the brand` };
  if (!brand && a.sentiment.label === 'negative') return { suggestion: 'engage', reason: "an unhappy competitor's customer: a chance to help" };
  if (!brand) return { suggestion: 'observe', reason: 'a competitor mention without complaint' };
  return {
    suggestion: 'observe',
    reason: `no question or complaint (${a.intent.label}, ${a.sentiment.label}): people talk about brands without wanting them to listen in`,
  };
}
