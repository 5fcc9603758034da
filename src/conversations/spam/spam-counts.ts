import type { App } from '../../app.js';
import { parseJson } from '../../lib/json.js';

export interface SpamCounts {
  /** conversation.marked_spam in the period, by who marked. */
  marked: { total: number; byAgent: number; byTriage: number };
  /** conversation.unmarked_spam in the period; `falsePositives` are those triage had marked. */
  notSpam: { total: number; falsePositives: number };
  /** Conversations in the Spam folder now (whenever they were marked). */
  inFolder: number;
}

/**
 * The spam counts of a period [from, to) (README "Metric definitions: spam"): counted from the
 * event log by when the marking happened, not by when the conversation started. Marking trains
 * nothing; these counts are how a team sees what triage sets aside and how often it is wrong.
 */
export async function spamCounts(app: App, input: { workspaceId: string; from: number; to: number }): Promise<SpamCounts> {
  const rows = await app.store.db
    .selectFrom('events')
    .select(['type', 'data'])
    .where('workspace_id', '=', input.workspaceId)
    .where('type', 'in', ['conversation.marked_spam', 'conversation.unmarked_spam'])
    .where('created_at', '>=', input.from)
    .where('created_at', '<', input.to)
    .execute();
  const out: SpamCounts = { marked: { total: 0, byAgent: 0, byTriage: 0 }, notSpam: { total: 0, falsePositives: 0 }, inFolder: 0 };
  for (const r of rows) {
    const d = parseJson<{ source?: string; wasSource?: string }>(r.data, {});
    if (r.type === 'conversation.marked_spam') {
      out.marked.total++;
      if (d.source === 'triage') out.marked.byTriage++;
      else out.marked.byAgent++;
    } else {
      out.notSpam.total++;
      if (d.wasSource === 'triage') out.notSpam.falsePositives++;
    }
  }
  const { n } = await app.store.db
    .selectFrom('conversations')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', input.workspaceId)
    .where('spam_at', 'is not', null)
    .executeTakeFirstOrThrow();
  out.inFolder = Number(n);
  return out;
}
