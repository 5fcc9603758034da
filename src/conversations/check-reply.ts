import type { Capabilities } from '../channels/contract/capabilities.js';
import { countLength } from '../channels/contract/capabilities.js';
import { AppError, invalid } from '../lib/errors.js';
import type { ConversationTable, Visibility } from '../store/schema.js';

/**
 * Everything a network would refuse, refused here first with a clear reason: public/private
 * support, the message window, and length counted the network's way.
 */
export function checkReply(caps: Capabilities, conv: ConversationTable, r: { text: string; visibility: Visibility; now: number }): void {
  const len = countLength(r.text, caps.lengthCounting);
  if (len > caps.maxLength) throw invalid('text', `is ${len} characters as this channel counts them; the limit is ${caps.maxLength}`);
  if (r.visibility === 'public') {
    if (conv.visibility === 'private')
      throw new AppError('capability_unsupported', 'a private conversation cannot be answered in public', [
        { field: 'visibility', reason: 'must be private for this conversation' },
      ]);
    if (!caps.publicReply)
      throw new AppError('capability_unsupported', 'this channel cannot reply in public', [
        { field: 'visibility', reason: 'public replies are not supported' },
      ]);
  } else if (conv.visibility === 'public' && !caps.privateReplyToPublic) {
    throw new AppError('capability_unsupported', 'this channel cannot answer a public item privately', [
      { field: 'visibility', reason: 'private replies to public items are not supported' },
    ]);
  } else if (conv.visibility === 'private' && !caps.directMessages) {
    throw new AppError('capability_unsupported', 'this channel cannot send private messages', [{ field: 'visibility', reason: 'not supported' }]);
  }
  if (caps.messageWindowHours !== null && r.visibility === 'private' && conv.visibility === 'private') {
    const last = conv.last_inbound_at ?? conv.created_at;
    const closesAt = last + caps.messageWindowHours * 3600_000;
    if (r.now > closesAt) {
      throw new AppError(
        'window_closed',
        `the ${caps.messageWindowHours}-hour reply window closed at ${new Date(closesAt).toISOString()}; the customer must write first`,
      );
    }
  }
}
