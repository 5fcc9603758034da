/**
 * Moderation of public comments (README "Moderation"): the menu on a customer's comment, its
 * states, the offer after moving to private, and the queue's bulk actions. Part of en.ts.
 */
export const enModeration = {
  'mod.menu': 'Moderate',
  'mod.menuLabel': 'Moderate this comment on {network}',
  'mod.hide': 'Hide',
  'mod.unhide': 'Unhide',
  'mod.delete': 'Delete',
  'mod.like': 'Like',
  'mod.block': 'Block author',
  'mod.hidden': 'Hidden on {network}',
  'mod.liked': 'Liked on {network}',
  'mod.deletedByTeam': 'Deleted on {network} by the team.',
  'mod.authorBlocked': 'Author blocked on {network}',
  'mod.pending.hide': 'Hiding on {network}…',
  'mod.pending.unhide': 'Showing again on {network}…',
  'mod.pending.delete': 'Deleting on {network}…',
  'mod.pending.like': 'Liking on {network}…',
  'mod.pending.block': 'Blocking the author on {network}…',
  'mod.failed': '{network} refused: {reason}',
  'mod.retrying': 'Trying again: {reason}',
  'mod.confirmDelete': 'Delete this comment on {network}?',
  'mod.confirmDeleteBody':
    'The comment is removed from {network} for everyone, its author included. This cannot be undone; hiding keeps it visible to its author only.',
  'mod.confirmBlock': 'Block {name} on {network}?',
  'mod.confirmBlockBody': 'They will no longer be able to comment on or message {network}. Unblock them in {network} itself.',
  'mod.offerHide': 'This public comment has personal details.',
  'mod.offerHideButton': 'Hide the public comment',
  'mod.offerHidden': 'The public comment will be hidden on {network}.',
  'bulk.hide': 'Hide comments',
  'bulk.delete': 'Delete comments',
  'bulk.confirmDelete': 'Delete the public comments of {n} conversations on their networks?',
  'bulk.confirmDeleteBody': 'Every customer comment in them is removed from its network for everyone. This cannot be undone.',
  'bulk.moderated': '{n} comments queued',
  'bulk.moderationSkipped': '{n} conversations had nothing to do: {reason}',
} as const;
