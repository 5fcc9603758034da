import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';

export type NotificationKind = 'rule' | 'assigned' | 'mentioned' | 'sla_breached' | 'approval_waiting';

/** GET /api/v1/notifications (README "Notifications"). */
export interface AppNotification {
  id: string;
  kind: NotificationKind;
  conversationId: string | null;
  /** The rule's own text (kind 'rule'); the other kinds are written here from params. */
  text: string;
  params: { byUserId?: string | null; authorUserId?: string | null; target?: string; policyName?: string };
  ruleId: string | null;
  ruleName: string | null;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage {
  notifications: AppNotification[];
  unreadCount: number;
  nextBefore: string | null;
}

/** Every notification query starts with this key: the realtime stream invalidates it (realtime/stream.ts). */
export const notificationKeys = { all: ['notifications'] as const, list: ['notifications', 'list'] as const };

/** The newest 30, and the unread count the bell shows. */
export const useNotificationList = () =>
  useQuery({ queryKey: notificationKeys.list, queryFn: () => get<NotificationPage>('/notifications?limit=30'), staleTime: 30_000 });
