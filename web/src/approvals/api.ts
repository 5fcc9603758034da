import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';
import type { Visibility } from '../api/types';

/** A reply waiting before the outbox (README "Reply approvals", "Scheduled send"). */
export interface HeldReply {
  id: string;
  conversationId: string;
  status: 'proposed' | 'scheduled' | 'sent' | 'rejected' | 'cancelled' | 'failed';
  needsApproval: boolean;
  reason: string | null;
  text: string;
  originalText: string | null;
  visibility: Visibility | null;
  publicNote: string | null;
  sendAt: string | null;
  authorKind: 'human' | 'bot' | 'automation';
  authorUserId: string | null;
  decidedBy: string | null;
  rejectReason: string | null;
  messageId: string | null;
  error: string | null;
  createdAt: string;
}

export interface Approval extends HeldReply {
  authorName: string | null;
  conversation: { id: string; kind: string; visibility: Visibility; channel: { name: string; type: string }; contactName: string | null };
}

export interface ApprovalPolicy {
  rules: Array<{
    name: string;
    userIds: string[];
    roles: string[];
    teamIds: string[];
    newMembersDays: number | null;
    channelIds: string[];
    visibility: 'any' | 'public' | 'private';
  }>;
  allowSelfApproval: boolean;
  automationReplies: boolean;
}

export const heldKeys = {
  conversation: (id: string) => ['held-replies', id] as const,
  all: ['held-replies'] as const,
  approvals: ['approvals'] as const,
  policy: ['approval-policy'] as const,
};

export const useHeldReplies = (conversationId: string) =>
  useQuery({
    queryKey: heldKeys.conversation(conversationId),
    queryFn: () => get<{ heldReplies: HeldReply[] }>(`/conversations/${conversationId}/held-replies`).then((r) => r.heldReplies),
  });

export const useApprovals = (enabled: boolean) =>
  useQuery({ queryKey: heldKeys.approvals, queryFn: () => get<{ count: number; approvals: Approval[] }>('/approvals'), enabled });

export const useApprovalPolicy = () => useQuery({ queryKey: heldKeys.policy, queryFn: () => get<ApprovalPolicy>('/approvals/policy') });

export const useSendLaterTimes = (enabled: boolean) =>
  useQuery({
    queryKey: ['send-later'],
    queryFn: () => get<{ timeZone: string; tomorrowMorning: string; nextMonday: string }>('/send-later'),
    enabled,
    staleTime: 60_000,
  });
