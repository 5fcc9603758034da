import type { PostSnapshot } from './post.js';
import type { AuthorKind, ConversationKind, Visibility } from '../../store/schema.js';

/**
 * What every channel's parser turns a raw delivery into. The processor only ever sees these,
 * so threading, dedupe and contacts work the same for every network.
 */
export interface InboundMessage {
  type: 'message';
  externalId: string;
  kind: ConversationKind;
  visibility: Visibility;
  /** Explicit thread id from the network (e.g. a chat session); overrides the kind's default rule. */
  thread?: string;
  /** Comments: the public item (post/media/tweet) the comment lives under. */
  publicItemId?: string;
  /** What the delivery itself says about that item (kept as the conversation's original post; src/posts/). */
  publicItem?: PostSnapshot;
  /** Email: ids from In-Reply-To and References, newest last. */
  references?: string[];
  subject?: string;
  from: { externalId: string; name?: string; handle?: string };
  text: string;
  attachments: Array<{ type: string; url?: string; name?: string }>;
  replyToExternalId?: string;
  networkTs: number;
  /** 'out' for echoes of replies sent from outside Hearken (recorded, never re-sent). */
  direction: 'in' | 'out';
  authorKind: AuthorKind;
}

export interface InboundEdit {
  type: 'edit';
  externalId: string;
  text: string;
  networkTs: number;
}

export interface InboundDelete {
  type: 'delete';
  externalId: string;
  networkTs: number;
}

/** Delivery receipts for our own outbound messages, keyed by the network's message id. */
export interface InboundStatus {
  type: 'status';
  externalId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  error?: string;
  networkTs: number;
}

/**
 * A receipt that names no message, only a time (Messenger's read receipt, a delivery receipt
 * without mids): every outbound message to that customer sent at or before `watermark` has
 * reached `status` (src/intake/apply-watermark.ts).
 */
export interface InboundStatusWatermark {
  type: 'status_watermark';
  customerExternalId: string;
  status: 'delivered' | 'read';
  watermark: number;
  networkTs: number;
}

/** A survey button pressed in the channel (docs/surveys.md): an answer, never a message. */
export interface InboundSurveyAnswer {
  type: 'survey_answer';
  surveyId: string;
  score: number;
  from: { externalId: string };
  networkTs: number;
}

export type InboundEvent = InboundMessage | InboundEdit | InboundDelete | InboundStatus | InboundStatusWatermark | InboundSurveyAnswer;
