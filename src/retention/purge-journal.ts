import { countInRun, DAY_MS, parts, pause, type RetentionContext, yieldNow } from './context.js';

/**
 * Deletes the workspace's raw deliveries received before the limit — only those intake has
 * processed in full. Deliveries still pending, given up (failed), or with an event that failed on
 * its own are kept: they are inbound data not yet in the inbox, shown to admins to replay.
 *
 * Reads processed deliveries in id order by their (status, id) index, 500 per statement, and
 * stops at the first one received after the limit (ids follow arrival).
 */
export async function purgeJournal(ctx: RetentionContext, days: number): Promise<void> {
  const db = ctx.app.store.db;
  const cutoff = ctx.now - days * DAY_MS;
  let after = 0;
  for (;;) {
    const page = await db
      .selectFrom('journal')
      .select(['id', 'workspace_id', 'received_at'])
      .where('status', '=', 'processed')
      .where('id', '>', after)
      .orderBy('id')
      .limit(ctx.batchSize)
      .execute();
    const young = page.findIndex((r) => Number(r.received_at) >= cutoff);
    const decided = young === -1 ? page : page.slice(0, young);
    const mine = decided.filter((r) => r.workspace_id === ctx.workspaceId).map((r) => Number(r.id));
    if (mine.length) {
      const failed = new Set<number>();
      for (const ids of parts(mine))
        for (const f of await db.selectFrom('journal_event_failures').select('journal_id').distinct().where('journal_id', 'in', ids).execute())
          failed.add(Number(f.journal_id));
      const gone = mine.filter((id) => !failed.has(id));
      if (gone.length) {
        await db.transaction().execute(async (tx) => {
          // Checked again in the delete: a replay may have taken one back meanwhile.
          const r = await tx.deleteFrom('journal').where('id', 'in', gone).where('status', '=', 'processed').executeTakeFirst();
          await countInRun(tx, ctx, { journal: Number(r.numDeletedRows) });
        });
      }
    }
    if (young !== -1 || page.length < ctx.batchSize) return;
    after = Number(page.at(-1)!.id);
    await (mine.length ? pause(ctx) : yieldNow());
  }
}
