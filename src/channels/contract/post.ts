/** What a network tells us about the public item a comment or mention lives under. */
export interface PostSnapshot {
  text: string | null;
  authorName?: string | null;
  authorHandle?: string | null;
  permalink?: string | null;
  postedAt?: number | null;
  mediaUrl?: string | null;
}

/** The result of asking a network for an item: a snapshot, or its refusal in its own words. */
export type PostFetch = { ok: true; snapshot: PostSnapshot } | { ok: false; permanent: boolean; error: string; retryAfterMs?: number };
