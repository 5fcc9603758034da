/** The public item a comment or mention lives under, as GET /conversations/:id returns it (postContext). */
export interface PostContext {
  itemId: string;
  status: 'pending' | 'ready' | 'unavailable';
  source: 'webhook' | 'thread' | 'network' | null;
  text: string | null;
  authorName: string | null;
  authorHandle: string | null;
  permalink: string | null;
  postedAt: string | null;
  mediaUrl: string | null;
  error: string | null;
}

/** Where each channel type's posts live, for "Open on Facebook". */
export const NETWORK_NAMES: Record<string, string> = { messenger: 'Facebook', instagram: 'Instagram', x: 'X' };
