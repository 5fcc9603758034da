import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { get, qs } from '../api/client';
import type { Identity } from '../api/types';

export interface ContactRow {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  attributes: Record<string, string | number | boolean>;
  identities: Identity[];
  lastActivityAt: number | null;
  conversationCount: number;
  createdAt: number;
}

export interface Duplicate {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  reasons: Array<'email' | 'phone' | 'name' | 'handle'>;
  identities: Identity[];
  createdAt: number;
  conversationCount: number;
  lastMessageAt: number | null;
  lastMessagePreview: string | null;
}

export interface ImportReport {
  headers: string[];
  mapping: Record<string, string>;
  rows: number;
  created: number;
  updated: number;
  failed: Array<{ row: number; errors: string[] }>;
  applied: boolean;
}

export const contactKeys = { list: (q: string) => ['contacts', q] as const, duplicates: (id: string) => ['contact-duplicates', id] as const };

export function useContactList(q: string) {
  return useInfiniteQuery({
    queryKey: contactKeys.list(q),
    queryFn: ({ pageParam }) => get<{ items: ContactRow[]; nextCursor: string | null }>(`/contacts${qs({ q, limit: 50, cursor: pageParam })}`),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export const useDuplicates = (id: string) =>
  useQuery({ queryKey: contactKeys.duplicates(id), queryFn: () => get<{ items: Duplicate[] }>(`/contacts/${id}/duplicates`).then((r) => r.items) });
