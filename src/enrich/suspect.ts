import { TROLL_LEANING } from './troll.js';

/**
 * A customer message worth a second look as spam: spam or abuse intent, or a troll-leaning score.
 * Enrichment logs these (message.flagged); the spam rule (conversations/spam/auto-mark.ts) asks it
 * of every message in the conversation before it sets the conversation aside.
 */
export function isSuspect(s: { intent: string; trollScore: number }): boolean {
  return s.intent === 'spam' || s.intent === 'abuse' || s.trollScore >= TROLL_LEANING;
}
