/**
 * The notification centre (README "Notifications"): the bell, its panel, the kinds' sentences
 * (rendered here from the notification's params, so they read in the reader's language), the
 * preferences in Settings → Profile and the rule action's "also by e-mail". Part of the one
 * catalog, en.ts, which spreads them in.
 */
export const enNotifications = {
  'notifications.open': 'Notifications',
  'notifications.openUnread': 'Notifications, {n} unread',
  'notifications.title': 'Notifications',
  'notifications.close': 'Close notifications',
  'notifications.markAll': 'Mark all read',
  'notifications.empty': 'Nothing new. Assignments, mentions, SLA breaches, approvals and rule notifications show here.',
  'notifications.failed': 'Could not load notifications: {message}',
  'notifications.unread': 'unread',
  'notifications.ago': '{time} ago',
  'notifications.someone': 'Someone',
  'notifications.kind.rule': 'Rule',
  'notifications.kind.assigned': 'Assigned',
  'notifications.kind.mentioned': 'Mention',
  'notifications.kind.sla_breached': 'SLA',
  'notifications.kind.approval_waiting': 'Approval',
  'notifications.assignedBy': '{name} assigned a conversation to you',
  'notifications.assigned': 'A conversation was assigned to you',
  'notifications.mentioned': '{name} mentioned you in a note',
  'notifications.slaBreached': 'A conversation missed its {target} target ({policy})',
  'notifications.approvalWaiting': 'A reply by {name} waits for your approval',
  'notifications.fromRule': 'rule “{rule}”',
  'notifications.deletedRule': 'a deleted rule',

  'settings.notificationsHeading': 'Notifications',
  'settings.notificationsIntro': 'What shows under the bell. Browser notifications follow the first two as well.',
  'settings.notifySlaBreaches': 'An SLA breach I am told of',
  'settings.notifyApprovals': 'A reply waits for my approval',
  'settings.notifyRules': 'Automation rules that notify me',
  'settings.notifyEmail': 'Also send me these by e-mail (a rule that e-mails decides for itself)',

  'act.notifyEmail': 'also by e-mail',
} as const;
