/**
 * Merging conversations (README "Merging conversations"): part of the one catalog, en.ts, which
 * spreads them in.
 */
export const enMerge = {
  'merge.open': 'Merge into…',
  'merge.title': 'Merge this conversation into another',
  'merge.intro':
    "Pick another conversation of {name}. This one's messages move there and keep their own thread: replies to them still go out where they came from.",
  'merge.search': 'Filter these conversations',
  'merge.none': 'This customer has no other conversation to merge into.',
  'merge.loading': 'Loading this customer’s conversations…',
  'merge.pick': 'Merge into this one',
  'merge.confirm': 'Merge',
  'merge.cancel': 'Cancel',
  'merge.failed': 'Could not merge: {message}',
  'merge.option': '{kind} on {channel} · {status} · last activity {time}',
  'merge.marker': 'Conversation #{id} merged here by {who} at {time}',
  'merge.markerSystem': 'Conversation #{id} merged here at {time}',
  'merge.from': 'from #{id}',
  'merge.redirect': 'This conversation was merged into another one. Opening it…',
  'merge.unmerge': 'Undo merge',
  'bulk.merge': 'Merge…',
  'bulk.mergeTitle': 'Merge {n} conversations into one',
  'bulk.mergeIntro': 'Pick the conversation the others are merged into. They must all be of the same customer.',
  'activity.merged': '{actor} merged conversation #{id} here ({n} messages)',
  'activity.unmerged': '{actor} undid the merge of conversation #{id} ({n} messages went back)',
} as const;
