import type { Kysely } from 'kysely';
import { toCsv } from '../lib/csv.js';
import { AppError } from '../lib/errors.js';
import { parseJson } from '../lib/json.js';
import type { DB } from '../store/schema.js';

export interface AuditView {
  id: string;
  at: string;
  actor: string;
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  data: Record<string, unknown>;
}

export interface ListAuditInput {
  workspaceId: string;
  /** Exact action ("contact.erased") or a prefix ending in a dot ("contact."). */
  action?: string;
  actorUserId?: string;
  from?: number;
  to?: number;
  limit: number;
  cursor?: string;
}

/** Newest first, by (created_at, id) so equal times page stably. */
export async function listAudit(db: Kysely<DB>, input: ListAuditInput): Promise<{ items: AuditView[]; nextCursor: string | null }> {
  let q = db.selectFrom('audit_log').selectAll().where('workspace_id', '=', input.workspaceId);
  if (input.action)
    q = input.action.endsWith('.') ? q.where('action', 'like', `${input.action.replace(/[%_\\]/g, '')}%`) : q.where('action', '=', input.action);
  if (input.actorUserId) q = q.where('actor_user_id', '=', input.actorUserId);
  if (input.from !== undefined) q = q.where('created_at', '>=', input.from);
  if (input.to !== undefined) q = q.where('created_at', '<', input.to);
  if (input.cursor) {
    const c = decodeCursor(input.cursor);
    q = q.where((eb) => eb.or([eb('created_at', '<', c.at), eb.and([eb('created_at', '=', c.at), eb('id', '<', c.id)])]));
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1)
    .execute();
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      at: new Date(Number(r.created_at)).toISOString(),
      actor: r.actor,
      actorUserId: r.actor_user_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      data: parseJson<Record<string, unknown>>(r.data, {}),
    })),
    nextCursor: rows.length > input.limit && last ? Buffer.from(JSON.stringify({ at: Number(last.created_at), id: last.id })).toString('base64url') : null,
  };
}

function decodeCursor(s: string): { at: number; id: string } {
  try {
    const c = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof c.at === 'number' && typeof c.id === 'string') return c;
  } catch {
    /* answered below */
  }
  throw new AppError('invalid_request', 'cursor: not a cursor this endpoint gave out');
}

/** The audit log as CSV for an auditor's spreadsheet: one row per entry, the details as JSON. */
export function auditCsv(items: AuditView[]): string {
  return toCsv(
    ['time', 'actor', 'action', 'target type', 'target id', 'details'],
    items.map((i) => [i.at, i.actor, i.action, i.targetType, i.targetId, JSON.stringify(i.data)]),
  );
}
