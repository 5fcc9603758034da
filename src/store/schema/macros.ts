// Macros (migration 0031, src/macros/): row types (see ../schema.ts for the conventions every table follows).

/** A named bundle of actions; user_id null = shared with the workspace, else personal. */
export interface MacroTable {
  id: string;
  workspace_id: string;
  user_id: string | null;
  name: string;
  description: string;
  /** JSON: the actions (macros/model.ts), in the order they run. */
  actions: string;
  applied_count: number;
  last_applied_at: number | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}
