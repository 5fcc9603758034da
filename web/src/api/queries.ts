import { useInfiniteQuery, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import { get, isMissing, qs, setCsrfToken } from './client';
import type {
  Channel,
  ChannelTemplate,
  AttributeDef,
  ContactDetail,
  ConversationDetail,
  Counts,
  Me,
  Member,
  QueueRow,
  SavedReply,
  SavedView,
  RolesCatalog,
  Team,
  UserSettings,
  Invitation,
} from './types';

/** Query keys in one place, so the realtime layer invalidates exactly what an event touches. */
export const keys = {
  me: ['me'] as const,
  members: ['members'] as const,
  /** The workspace's pending invitations (admins), and the ones waiting for the signed-in person. */
  invitations: ['invitations'] as const,
  myInvitations: ['my-invitations'] as const,
  teams: ['teams'] as const,
  /** Custom roles, the built-in ones' permissions, and the permission catalog (GET /roles). */
  roles: ['roles'] as const,
  channels: ['channels'] as const,
  counts: ['counts'] as const,
  views: ['views'] as const,
  settings: ['me-settings'] as const,
  queues: ['queue'] as const,
  queue: (filters: Record<string, string>) => ['queue', filters] as const,
  conversation: (id: string) => ['conversation', id] as const,
  contact: (id: string) => ['contact', id] as const,
  savedReplies: (q: string) => ['saved-replies', q] as const,
  presence: (id: string) => ['presence', id] as const,
  /** A channel's WhatsApp templates; the composer's picker caches the approved ones under the same prefix. */
  templates: (channelId: string) => ['templates', channelId] as const,
};

/** For endpoints that may not exist on an older server: a 404 route means "feature off" (null). */
async function optional<T>(path: string): Promise<T | null> {
  try {
    return await get<T>(path);
  } catch (e) {
    if (isMissing(e)) return null;
    throw e;
  }
}

/**
 * The signed-in person. The CSRF token is taken here, before the answer reaches any component:
 * an effect in <App> would run after its children's effects, so the first writes of a deep link
 * (presence, mark read) went out without the token and got a 403.
 */
export const useMe = () =>
  useQuery({
    queryKey: keys.me,
    queryFn: async () => {
      const me = await get<Me>('/auth/me');
      setCsrfToken(me.csrfToken ?? null);
      return me;
    },
    retry: false,
    staleTime: 60_000,
  });
export const useMembers = () =>
  useQuery({ queryKey: keys.members, queryFn: () => get<{ members: Member[] }>('/members').then((r) => r.members), staleTime: 60_000 });
export const useInvitations = (enabled: boolean) =>
  useQuery({
    queryKey: keys.invitations,
    queryFn: () => get<{ invitations: Invitation[] }>('/members/invitations').then((r) => r.invitations),
    enabled,
    staleTime: 60_000,
  });
export const useMyInvitations = () =>
  useQuery({
    queryKey: keys.myInvitations,
    queryFn: () => get<{ invitations: Invitation[] }>('/me/invitations').then((r) => r.invitations),
    staleTime: 60_000,
  });
export const useRoles = () => useQuery({ queryKey: keys.roles, queryFn: () => get<RolesCatalog>('/roles'), staleTime: 60_000 });
export const useTeams = () => useQuery({ queryKey: keys.teams, queryFn: () => get<{ teams: Team[] }>('/teams').then((r) => r.teams), staleTime: 60_000 });
export const useChannels = () =>
  useQuery({ queryKey: keys.channels, queryFn: () => get<{ channels: Channel[]; types: string[] }>('/channels'), staleTime: 60_000 });
export const useChannelTemplates = (channelId: string) =>
  useQuery({
    queryKey: [...keys.templates(channelId), 'all'],
    queryFn: () => get<{ templates: ChannelTemplate[] }>(`/channels/${channelId}/templates?status=all`).then((r) => r.templates),
    staleTime: 60_000,
  });
export const useCounts = () => useQuery({ queryKey: keys.counts, queryFn: () => optional<Counts>('/conversations/counts'), staleTime: 5_000 });
export const useViews = () =>
  useQuery({ queryKey: keys.views, queryFn: () => optional<{ views: SavedView[] }>('/views').then((r) => r?.views ?? null), staleTime: 60_000 });
export const useUserSettings = () => useQuery({ queryKey: keys.settings, queryFn: () => optional<UserSettings>('/me/settings'), staleTime: 60_000 });
export const useSavedReplies = (q: string, enabled = true) =>
  useQuery({
    queryKey: keys.savedReplies(q),
    queryFn: () => optional<{ savedReplies: SavedReply[] }>(`/saved-replies${qs({ q })}`).then((r) => r?.savedReplies ?? null),
    enabled,
    staleTime: 10_000,
  });

export const useConversation = (id: string | undefined) =>
  useQuery({ queryKey: keys.conversation(id ?? ''), queryFn: () => get<ConversationDetail>(`/conversations/${id}?limit=200`), enabled: !!id });

/** The workspace's contact attribute definitions (Settings → Contact attributes); older servers have none. */
export const useAttributeDefs = () =>
  useQuery({
    queryKey: ['contact-attributes'],
    queryFn: () =>
      get<{ items: AttributeDef[] }>('/contact-attributes').then(
        (r) => r.items,
        (e: unknown) => (isMissing(e) ? [] : Promise.reject(e)),
      ),
    staleTime: 60_000,
  });

export const useContact = (id: string | undefined) =>
  useQuery({ queryKey: keys.contact(id ?? ''), queryFn: () => get<ContactDetail>(`/contacts/${id}`), enabled: !!id });

export function useQueue(filters: Record<string, string>) {
  return useInfiniteQuery({
    queryKey: keys.queue(filters),
    queryFn: ({ pageParam }) =>
      get<{ conversations: QueueRow[]; nextCursor: string | null }>(`/conversations${qs({ ...filters, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useClient = useQueryClient;

/** Names of people by user id, for authors, assignees and presence. */
export function useMemberNames() {
  const { data } = useMembers();
  const byId = new Map<string, Member>();
  for (const m of data ?? []) byId.set(m.id, m);
  return byId;
}

export function invalidateConversation(qc: QueryClient, id: string | null | undefined) {
  if (id) void qc.invalidateQueries({ queryKey: keys.conversation(id) });
}
