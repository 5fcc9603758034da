/**
 * Triage signals and the computed priority (README "Signals and priority"): badges on queue rows
 * and the conversation header, their hover reasons, the "Needs a reply" view and the troll filter.
 * Part of the one catalog, en.ts, which spreads them in.
 */
export const enSignals = {
  'nav.needsReply': 'Needs a reply',
  'signals.badges': 'Signals',
  'signals.intent': '{intent}',
  'signals.intentTitle': 'Intent: {intent} ({confidence} % sure)',
  'signals.intentTitleNoConfidence': 'Intent: {intent}',
  'signals.needsReply': 'Needs reply',
  'signals.needsReplyTitle': "The customer's latest message needs an answer and nobody has replied yet.",
  'signals.troll': 'Troll {score}',
  'signals.trollTitle': 'Troll score {score} of 1: likely trolling. Think before feeding it.',
  'signals.priorityTitle': 'Priority {level}, score {score}: {reasons}',
  'signals.priorityTitleNone': 'Priority {level}, score {score}',
  'signals.pinnedTitle': 'Priority {level}, set by hand: the computed priority will not change it.',
  'signals.pinned': 'set by hand',
  'signals.automatic': 'Automatic ({level})',
  'signals.automaticPlain': 'Automatic',
  'signals.reason.negative': 'negative sentiment',
  'signals.reason.complaint': 'complaint',
  'signals.reason.question': 'question',
  'signals.reason.purchase': 'purchase intent (lead)',
  'signals.reason.needs_reply': 'needs a reply ({detail})',
  'signals.reason.troll': 'troll-like ({detail})',
  'signals.reason.public': 'public: everyone sees how we answer',
  'signals.reason.vip': 'VIP contact',
  'signals.reason.channel': 'channel {detail}',
  'signals.reason.topic': 'topic {detail}',
  'signals.reason.sla_breached': 'SLA breached',
  'signals.reason.sla_warning': 'SLA about to breach',
  'signals.reason.waiting': 'waiting {detail} min',
  'filters.field.troll': 'Trolls',
  'filters.trollHide': 'Hide likely trolls',
  'filters.trollOnly': 'Only likely trolls',
  'queue.emptyNeedsReply': 'Nothing needs a reply right now.',
} as const;
