import type { Kysely } from 'kysely';
import { prepared } from '../store/prepared.js';
import type { DB } from '../store/schema.js';

// Asked once per journal entry inside intake's transaction: compiled once (see store/prepared.ts).
const anySlaPolicy = prepared((db, workspaceId: string) =>
  db.selectFrom('sla_policies').select('id').where('workspace_id', '=', workspaceId).where('enabled', '=', 1).limit(1),
);
const anyAutoReplySetting = prepared((db, workspaceId: string) =>
  db.selectFrom('auto_reply_settings').select('scope').where('workspace_id', '=', workspaceId).limit(1),
);

/**
 * Whether a delivery's messages need the inbound follow-up job (after-inbound.ts) at all: only when
 * the workspace has an enabled SLA policy or any auto-reply setting (with none, auto-replies are off
 * and there is no clock to start). Most workspaces have neither for most of their traffic, and the
 * job — a row written, claimed, run and settled — cost more than intake's whole message insert.
 * A policy created before the delivery's transaction is seen here; one created later rescans the
 * open conversations itself (sla/rescan.ts). Only a delivery committing on PostgreSQL while that
 * rescan is already reading can slip between the two; its next event evaluates its clocks.
 */
export async function followupWanted(db: Kysely<DB>, workspaceId: string): Promise<boolean> {
  return (await anySlaPolicy(db, workspaceId)).rows.length > 0 || (await anyAutoReplySetting(db, workspaceId)).rows.length > 0;
}
