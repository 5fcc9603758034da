import { useQuery } from '@tanstack/react-query';
import { get } from '../api/client';

export type Availability = 'online' | 'busy' | 'away';
export type Kind = 'dm' | 'comment' | 'mention' | 'review' | 'email' | 'chat';
export const KIND_LIST: Kind[] = ['chat', 'dm', 'comment', 'mention', 'review', 'email'];
export type Capacity = Partial<Record<Kind, number>>;
export type RoutingMode = 'manual' | 'round_robin' | 'load_balanced';

export interface MyAvailability {
  userId: string;
  status: Availability;
  chosen: Availability | null;
  reason: 'manual' | 'idle' | 'closed' | 'returned';
}

export interface BoardTeam {
  id: string;
  name: string;
  mode: RoutingMode;
  agents: Array<{ userId: string; name: string; status: Availability; load: Capacity; total: number; capacity: Capacity }>;
  waiting: { count: number; oldestSince: number | null; items: Array<{ id: string; kind: Kind; subject: string | null; since: number }> };
}

export interface TeamRouting {
  teamId: string;
  mode: RoutingMode;
  capacity: Capacity;
  intakeChannels: string[];
  noAnswerMinutes: number | null;
  offlineMinutes: number | null;
  members: Array<{ userId: string; capacity: Capacity | null; languages: string[]; channels: string[]; tags: string[] }>;
}

/** Every routing query starts with 'routing': the live stream invalidates them together. */
export const routingKeys = {
  mine: ['routing', 'me'] as const,
  board: ['routing', 'board'] as const,
  team: (id: string) => ['routing', 'team', id] as const,
};

export const useMyAvailability = () => useQuery({ queryKey: routingKeys.mine, queryFn: () => get<MyAvailability>('/me/availability') });
export const useBoard = () => useQuery({ queryKey: routingKeys.board, queryFn: () => get<{ teams: BoardTeam[]; now: number }>('/routing/board') });
export const useTeamRouting = (id: string) => useQuery({ queryKey: routingKeys.team(id), queryFn: () => get<TeamRouting>(`/teams/${id}/routing`) });
