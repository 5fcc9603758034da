import type { ExpressionBuilder } from 'kysely';
import type { DB } from '../store/schema.js';

/**
 * Which conversations a queue view holds. The queue (every view and count) leaves out spam and
 * conversations whose awaiting customer messages were all removed; the Spam and Removed folders
 * list exactly those. One place, so the lists and the sidebar counts agree.
 */
export function inFolder(eb: ExpressionBuilder<DB, 'conversations'>, folder?: 'spam' | 'removed') {
  // A conversation merged into another (conversations/merge/) is a tombstone: in no list at all.
  const live = eb('conversations.merged_into_id', 'is', null);
  if (folder === 'spam') return eb.and([eb('conversations.spam_at', 'is not', null), live]);
  if (folder === 'removed') return eb.and([eb('conversations.removed_at', 'is not', null), eb('conversations.spam_at', 'is', null), live]);
  return eb.and([eb('conversations.spam_at', 'is', null), eb('conversations.removed_at', 'is', null), live]);
}
