import type { App } from '../app.js';
import { appendEvent } from '../events/append.js';
import { newId } from '../lib/ids.js';
import { parseJson } from '../lib/json.js';
import type { Attributes } from './attributes.js';
import { lockContacts } from './lock-contacts.js';
import { planImport, type PlannedRow } from './plan-import.js';

export interface ImportReport {
  headers: string[];
  mapping: Record<string, string>;
  /** The first rows as the import understood them, for the preview step. */
  preview: PlannedRow[];
  rows: number;
  created: number;
  updated: number;
  /** Every row that was not (or would not be) applied, with each reason. */
  failed: Array<{ row: number; errors: string[] }>;
  applied: boolean;
}

const PREVIEW_ROWS = 5;

/**
 * Imports a CSV of contacts (plan-import.ts reads and checks it). With dryRun nothing changes: the
 * answer is the preview. Otherwise every good row is applied in one transaction (all or none of
 * them), bad rows are reported and left out, and one contacts.imported event records the counts.
 */
export async function importContactsCsv(
  app: App,
  input: { workspaceId: string; actorUserId: string | null; csv: string; mapping?: Record<string, string>; dryRun: boolean },
): Promise<ImportReport> {
  const { workspaceId } = input;
  const plan = await planImport(app.store.db, input);
  const good = plan.rows.filter((r): r is Extract<PlannedRow, { ok: true }> => r.ok);
  const report: ImportReport = {
    headers: plan.headers,
    mapping: plan.mapping,
    preview: plan.rows.slice(0, PREVIEW_ROWS),
    rows: plan.rows.length,
    created: good.filter((r) => r.action === 'create').length,
    updated: good.filter((r) => r.action === 'update').length,
    failed: plan.rows.flatMap((r) => (r.ok ? [] : [{ row: r.row, errors: r.errors }])),
    applied: false,
  };
  if (input.dryRun || good.length === 0) return report;
  const now = app.now();
  await app.store.db.transaction().execute(async (tx) => {
    const ids = good.flatMap((r) => (r.contactId ? [r.contactId] : []));
    const locked = ids.length ? await lockContacts(tx, app.store.dialect, workspaceId, ids) : new Map();
    for (const r of good) {
      const { change } = r;
      if (!r.contactId) {
        await tx
          .insertInto('contacts')
          .values({
            id: newId(now),
            workspace_id: workspaceId,
            name: change.name ?? null,
            email: change.email ?? null,
            phone: change.phone ?? null,
            attributes: JSON.stringify(change.attributes),
            merged_into_id: null,
            created_at: now,
            updated_at: now,
          })
          .execute();
        continue;
      }
      const row = locked.get(r.contactId);
      const attributes: Attributes = { ...parseJson<Attributes>(row?.attributes, {}), ...change.attributes };
      await tx
        .updateTable('contacts')
        .set({
          ...(change.name !== undefined ? { name: change.name } : {}),
          ...(change.email !== undefined ? { email: change.email } : {}),
          ...(change.phone !== undefined ? { phone: change.phone } : {}),
          attributes: JSON.stringify(attributes),
          updated_at: now,
        })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', r.contactId)
        .execute();
    }
    await appendEvent(tx, {
      workspaceId,
      type: 'contacts.imported',
      actorUserId: input.actorUserId,
      data: { created: report.created, updated: report.updated, failed: report.failed.length, rows: report.rows },
      at: now,
    });
  });
  app.bus.poke(workspaceId);
  return { ...report, applied: true };
}
