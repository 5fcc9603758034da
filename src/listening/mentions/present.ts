import { parseJson } from '../../lib/json.js';
import type { ListeningPostTable, MentionTable } from '../../store/schema.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function presentPost(p: ListeningPostTable) {
  return {
    id: p.id,
    sourceId: p.source_id,
    source: p.source_kind,
    sourceItemId: p.source_item_id,
    author: p.author,
    authorName: p.author_name,
    url: p.url,
    text: p.text,
    lang: p.lang,
    postedAt: iso(p.posted_at),
    fetchedAt: iso(p.fetched_at),
  };
}

export function presentMention(m: MentionTable, p: ListeningPostTable, queries: Array<{ id: string; name: string; kind: string }>) {
  const a = parseJson<{ needsReply?: { reason?: string }; intent?: { label?: string } }>(m.analysis, {});
  return {
    id: m.id,
    status: m.status,
    suggestion: m.suggestion,
    suggestionReason: m.suggestion_reason,
    source: m.source_kind,
    post: presentPost(p),
    queries,
    lang: m.lang,
    sentiment: m.sentiment,
    intent: m.intent,
    needsReply: m.needs_reply === null ? null : m.needs_reply === 1,
    needsReplyReason: a.needsReply?.reason ?? null,
    trollScore: m.troll_score,
    conversationId: m.conversation_id,
    actedBy: m.acted_by,
    actedAt: iso(m.acted_at),
    createdAt: iso(m.created_at),
  };
}
export type PresentedMention = ReturnType<typeof presentMention>;
