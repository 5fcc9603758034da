// Routing and availability (migration 0028, src/routing/): row types (see ../schema.ts for the conventions).

export type RoutingMode = 'manual' | 'round_robin' | 'load_balanced';
export type AvailabilityStatus = 'online' | 'busy' | 'away';

export interface TeamRoutingTable {
  team_id: string;
  workspace_id: string;
  mode: RoutingMode;
  /** JSON: { [conversation kind]: max open conversations per agent }; a kind not listed has no limit. */
  capacity: string;
  /** JSON array of channel ids whose new conversations join this team. */
  intake_channels: string;
  /** Return a routed conversation to the queue when its assignee has not replied within this; null = never. */
  no_answer_minutes: number | null;
  /** Return an away assignee's waiting conversations after this; null = never. */
  offline_minutes: number | null;
  /** Round robin: bumped at every routed conversation; members remember the value of their last. */
  rr_seq: number;
  updated_at: number;
}

export interface TeamRoutingMemberTable {
  workspace_id: string;
  team_id: string;
  user_id: string;
  /** JSON like team_routing.capacity, overriding it kind by kind; null = the team's. */
  capacity: string | null;
  /** JSON arrays; empty = any. */
  languages: string;
  channels: string;
  tags: string;
  last_seq: number;
}

export interface MemberAvailabilityTable {
  workspace_id: string;
  user_id: string;
  /** What the member set by hand. */
  chosen: AvailabilityStatus;
  /** What holds now (chosen, or away when idle or every tab is closed); what the board shows. */
  status: AvailabilityStatus;
  /** Why status is what it is: manual, idle, closed (no tab left), returned. */
  reason: string;
  /** The last heartbeat of any of their tabs; null: never opened the app (API-only members keep `chosen`). */
  last_seen_at: number | null;
  /** The last time any tab saw them use it (keys, pointer). */
  last_active_at: number | null;
  changed_at: number;
}

export interface RoutingReturnTable {
  workspace_id: string;
  conversation_id: string;
  user_id: string;
  reason: string;
  at: number;
}
