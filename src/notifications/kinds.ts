import type { MemberSettings } from '../me/settings.js';
import type { NotificationKind } from '../store/schema/rules.js';

export type { NotificationKind };

export const NOTIFICATION_KINDS: readonly NotificationKind[] = ['rule', 'assigned', 'mentioned', 'sla_breached', 'approval_waiting'];

/** The member preference (me/settings.ts notifications) that switches each kind on or off. */
export const KIND_PREFERENCE: Record<NotificationKind, Exclude<keyof MemberSettings['notifications'], 'email'>> = {
  rule: 'rules',
  assigned: 'assignments',
  mentioned: 'mentions',
  sla_breached: 'slaBreaches',
  approval_waiting: 'approvals',
};
