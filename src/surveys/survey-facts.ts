import type { Kysely } from 'kysely';
import type { CycleFact } from '../metrics/cycles.js';
import type { DB } from '../store/schema.js';

const CHUNK = 500;

/**
 * Attaches each answered survey to the customer cycle it rates (docs/metrics.md "Customer
 * surveys"): the cycle whose resolution sent it (same resolution time), else the latest cycle
 * that started before that resolution. The answer then counts where that cycle counts: its
 * period (by the cycle's start), channel, kind, agent and team at resolution, and tags.
 */
export async function attachSurveyAnswers(db: Kysely<DB>, workspaceId: string, facts: CycleFact[]): Promise<void> {
  const byConv = new Map<string, CycleFact[]>();
  for (const f of facts) {
    let list = byConv.get(f.conversationId);
    if (!list) byConv.set(f.conversationId, (list = []));
    list.push(f);
  }
  const ids = [...byConv.keys()];
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('surveys')
      .select(['conversation_id', 'kind', 'score', 'resolved_at', 'answered_at', 'workspace_id'])
      .where('conversation_id', 'in', ids.slice(i, i + CHUNK))
      .where('status', '=', 'answered')
      .orderBy('answered_at')
      .execute();
    for (const r of rows) {
      // Checked here, not in the query: see load-timelines.ts (index choice on big workspaces).
      if (r.workspace_id !== workspaceId) continue;
      const cycles = byConv.get(r.conversation_id)!;
      const exact = cycles.find((c) => c.resolvedAt === r.resolved_at);
      const target = exact ?? cycles.filter((c) => c.start <= r.resolved_at).at(-1);
      // One answer per cycle: a later answer to a later survey of the same cycle replaces it.
      if (target && r.score !== null) target.survey = { kind: r.kind, score: r.score };
    }
  }
}
