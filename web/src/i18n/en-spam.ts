/**
 * Spam and removed messages (README "Spam and removed messages"): part of the one catalog, en.ts,
 * which spreads them in.
 */
export const enSpam = {
  'nav.spam': 'Spam',
  'nav.removed': 'Removed',
  'nav.folders': 'Set aside',
  'nav.inFolder': '{n} here',
  'filter.anyStatus': 'Any status',
  'queue.deletedMessage': 'The customer deleted this message.',
  'queue.emptySpam': 'No spam. Triage and your team put spam and trolls here, out of the queue.',
  'queue.emptyRemoved': 'Nothing removed. Conversations whose waiting messages were all deleted land here.',
  'queue.spamChip': 'Spam',
  'bulk.spam': 'Mark as spam',
  'bulk.notSpam': 'Not spam',
  'spam.mark': 'Mark as spam',
  'spam.unmark': 'Not spam',
  'spam.byTriageSpam': 'Marked as spam by triage (spam score {score}). It is out of the queue and no SLA clock runs.',
  'spam.byTriageTroll': 'Marked as spam by triage (troll score {score}). It is out of the queue and no SLA clock runs.',
  'spam.byAgent': 'Marked as spam by {name}. It is out of the queue and no SLA clock runs.',
  'spam.someone': 'a teammate',
  'spam.removed': 'The messages waiting here were deleted, so nothing waits for a reply. A new message from the customer brings it back.',
  'help.spam': 'Mark as spam / Not spam',
} as const;
