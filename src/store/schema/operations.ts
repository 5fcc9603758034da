// Operations: the audit trail (migration 0015; see ../schema.ts for the conventions every table follows).

export interface AuditLogTable {
  id: string;
  workspace_id: string;
  /** The member who acted; null for the command line and the system. */
  actor_user_id: string | null;
  /** How the actor is shown: "Olivia Owner <o@x>", "API token ci-bot", "command line". */
  actor: string;
  /** Stable dotted name: contact.erased, contact.exported, channel.updated, member.invited… */
  action: string;
  target_type: string;
  target_id: string | null;
  /** JSON: what changed, never message text or secrets. */
  data: string;
  created_at: number;
}
