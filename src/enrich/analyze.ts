/**
 * The one entry point intake calls: everything the queue needs to know about a customer message,
 * computed locally in well under a millisecond (no message leaves the machine).
 */
import { classifyIntent, type IntentResult } from './intent.js';
import { detectLanguage } from './language.js';
import { needsReply, type NeedsReplyContext, type NeedsReplyResult } from './needs-reply.js';
import { findPii, type PiiOptions, type PiiSpan } from './pii.js';
import { analyzeSentiment, type SentimentLabel } from './sentiment.js';
import { trollScore, type TrollResult } from './troll.js';

export interface AnalyzeOptions extends NeedsReplyContext {
  pii?: PiiOptions;
  /** A language already known (e.g. from the channel); detection still runs when it is absent. */
  language?: string;
}

export interface Analysis {
  /** ISO 639-1, or 'und'. */
  language: string;
  sentiment: { label: SentimentLabel; score: number };
  intent: { label: IntentResult['label']; confidence: number };
  needsReply: NeedsReplyResult;
  troll: TrollResult;
  pii: PiiSpan[];
}

export function analyzeMessage(text: string, opts: AnalyzeOptions = {}): Analysis {
  const language = opts.language ?? detectLanguage(text).code;
  const sentiment = analyzeSentiment(text, language);
  const intent = classifyIntent(text, sentiment);
  const pii = findPii(text, opts.pii);
  const troll = trollScore(text, pii);
  return {
    language,
    sentiment: { label: sentiment.label, score: sentiment.score },
    intent: { label: intent.label, confidence: intent.confidence },
    needsReply: needsReply(text, intent, troll, opts),
    troll,
    pii,
  };
}
