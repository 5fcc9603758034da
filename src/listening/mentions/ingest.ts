import type { Kysely } from 'kysely';
import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { analyzeMessage } from '../../enrich/analyze.js';
import { cleanDeep } from '../../lib/clean-text.js';
import { newId } from '../../lib/ids.js';
import { fold } from '../../search/tokenize.js';
import type { DB, ListeningPostTable, MentionTable } from '../../store/schema.js';
import type { MatcherSnapshot } from '../saved-queries/matcher-cache.js';
import type { SourcePost } from '../sources/types.js';
import { suggest } from './suggest.js';

export interface IngestSource {
  id: string;
  workspaceId: string;
  kind: string;
  /** False for a firehose: posts no query matched are not stored (see SourceAdapter.storeUnmatched). */
  storeUnmatched?: boolean;
}

export interface IngestResult {
  fetched: number;
  stored: number;
  duplicates: number;
  mentions: number;
  /** Not stored: matched nothing, from a source that keeps only matches. */
  unmatched: number;
}

const CHUNK = 200;

/**
 * `snapshot` comes from currentMatcher(app), read BEFORE the transaction (on SQLite the one
 * connection is held by the transaction, so a read outside it would wait forever).
 *
 * Stores the posts a source fetched and turns the matching ones into mentions, inside the caller's
 * transaction (the poller writes the source's cursor in the same one). A post already stored for
 * the workspace under the same (source kind, source id) is skipped: polling twice, two sources
 * that overlap, or a restart that re-reads a page never create a second post or mention. Each
 * new mention is analysed by the triage engine and given its engage/observe suggestion.
 * Text is cleaned first (lib/clean-text.ts), so matching and storage see the same on both databases.
 */
export async function ingestPosts(app: App, tx: Kysely<DB>, snapshot: MatcherSnapshot, source: IngestSource, fetched: SourcePost[]): Promise<IngestResult> {
  // Every source's posts come through here: cleaned once (NUL, lone surrogates: lib/clean-text.ts).
  const posts = cleanDeep(fetched);
  const res: IngestResult = { fetched: posts.length, stored: 0, duplicates: 0, mentions: 0, unmatched: 0 };
  if (!posts.length) return res;
  const { matcher, entries } = snapshot;
  const now = app.now();
  // The same id twice in one batch (a page boundary moving under us) counts once.
  const unique = [...new Map(posts.map((p) => [p.itemId, p])).values()];
  res.duplicates += posts.length - unique.length;
  for (let i = 0; i < unique.length; i += CHUNK) {
    const chunk = unique.slice(i, i + CHUNK);
    const known = new Set(
      (
        await tx
          .selectFrom('listening_posts')
          .select('source_item_id')
          .where('workspace_id', '=', source.workspaceId)
          .where('source_kind', '=', source.kind)
          .where(
            'source_item_id',
            'in',
            chunk.map((p) => p.itemId),
          )
          .execute()
      ).map((r) => r.source_item_id),
    );
    for (const p of chunk) {
      if (known.has(p.itemId)) {
        res.duplicates++;
        continue;
      }
      const matched = matcher
        .match({ text: p.text, author: p.author, lang: p.lang, url: publicLink(p.url) ?? undefined, source: source.kind })
        .filter((id) => entries.get(id)?.workspaceId === source.workspaceId);
      if (!matched.length && source.storeUnmatched === false) {
        res.unmatched++;
        continue;
      }
      const row: ListeningPostTable = {
        id: newId(now),
        workspace_id: source.workspaceId,
        source_id: source.id,
        source_kind: source.kind,
        source_item_id: p.itemId,
        author: p.author ?? null,
        author_name: p.authorName ?? null,
        url: publicLink(p.url),
        text: p.text,
        text_folded: fold(p.text),
        lang: p.lang ?? null,
        posted_at: p.postedAt,
        extra: JSON.stringify(p.extra ?? {}),
        fetched_at: now,
      };
      const ins = await tx
        .insertInto('listening_posts')
        .values(row)
        .onConflict((oc) => oc.columns(['workspace_id', 'source_kind', 'source_item_id']).doNothing())
        .executeTakeFirst();
      if (Number(ins.numInsertedOrUpdatedRows ?? 0) === 0) {
        res.duplicates++;
        continue;
      }
      res.stored++;
      if (!matched.length) continue;
      await createMention(
        tx,
        row,
        matched,
        matched.map((id) => entries.get(id)!.kind),
        now,
      );
      res.mentions++;
    }
  }
  return res;
}

export async function createMention(tx: Kysely<DB>, post: ListeningPostTable, queryIds: string[], kinds: Array<'brand' | 'competitor'>, now: number) {
  const a = analyzeMessage(post.text, { language: post.lang ? post.lang.split('-')[0]!.toLowerCase() : undefined });
  const s = suggest(a, kinds);
  const m: MentionTable = {
    id: newId(now),
    workspace_id: post.workspace_id,
    post_id: post.id,
    source_kind: post.source_kind,
    lang: a.language,
    sentiment: a.sentiment.label,
    intent: a.intent.label,
    needs_reply: a.needsReply.value ? 1 : 0,
    troll_score: a.troll.score,
    analysis: JSON.stringify({ sentiment: a.sentiment, intent: a.intent, needsReply: a.needsReply, troll: a.troll }),
    suggestion: s.suggestion,
    suggestion_reason: s.reason,
    status: 'new',
    conversation_id: null,
    acted_by: null,
    acted_at: null,
    created_at: now,
  };
  await tx.insertInto('mentions').values(m).execute();
  await tx
    .insertInto('mention_queries')
    .values(queryIds.map((q) => ({ workspace_id: post.workspace_id, mention_id: m.id, query_id: q })))
    .execute();
  await appendEvent(tx, {
    workspaceId: post.workspace_id,
    type: 'mention.created',
    data: { mentionId: m.id, queryIds, suggestion: m.suggestion, source: post.source_kind },
    at: now,
  });
}

/**
 * A post's link as stored: an absolute http(s) URL of at most 2,048 characters, else none.
 * Feeds carry whatever their authors typed ("/relative", "javascript:…", "www.example" without a
 * scheme); the post is still worth keeping, its link is not. Checked here, once, for every source.
 */
export function publicLink(raw: string | undefined): string | null {
  if (!raw || raw.length > 2048) return null;
  try {
    const u = new URL(raw);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}
