import type { Kysely } from 'kysely';
import { parseJson } from '../lib/json.js';
import type { ConversationKind, DB, RoutingMode } from '../store/schema.js';

export const KINDS: readonly ConversationKind[] = ['dm', 'comment', 'mention', 'review', 'email', 'chat'];
/** Max open conversations per agent, by conversation kind; a kind not listed has no limit. */
export type Capacity = Partial<Record<ConversationKind, number>>;

export interface MemberRouting {
  userId: string;
  /** Overrides the team's capacity kind by kind; null: the team's. */
  capacity: Capacity | null;
  languages: string[];
  channels: string[];
  tags: string[];
  /** Round robin: the team counter at their last routed conversation (0: never). */
  lastSeq: number;
}

export interface TeamRouting {
  teamId: string;
  mode: RoutingMode;
  capacity: Capacity;
  /** New conversations on these channels join the team (and are routed when the team routes). */
  intakeChannels: string[];
  noAnswerMinutes: number | null;
  offlineMinutes: number | null;
  /** Every member of the team, with their overrides (defaults when none were saved). */
  members: MemberRouting[];
}

/** What a team without saved settings routes like: by hand. */
export const MANUAL = { mode: 'manual', capacity: {}, intakeChannels: [], noAnswerMinutes: null, offlineMinutes: null } as const;

export const isAutomatic = (mode: RoutingMode) => mode !== 'manual';

export function parseCapacity(s: string | null): Capacity {
  const raw = parseJson<Record<string, unknown>>(s, {});
  const out: Capacity = {};
  for (const k of KINDS) {
    const v = raw[k];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) out[k] = v;
  }
  return out;
}

const list = (s: string) => parseJson<unknown[]>(s, []).filter((x): x is string => typeof x === 'string');

/** A team's routing settings with every member (the team must exist: callers check). */
export async function loadTeamRouting(db: Kysely<DB>, workspaceId: string, teamId: string): Promise<TeamRouting> {
  const [row, members] = await Promise.all([
    db.selectFrom('team_routing').selectAll().where('workspace_id', '=', workspaceId).where('team_id', '=', teamId).executeTakeFirst(),
    db
      .selectFrom('team_members as tm')
      .leftJoin('team_routing_members as rm', (j) => j.onRef('rm.team_id', '=', 'tm.team_id').onRef('rm.user_id', '=', 'tm.user_id'))
      .select(['tm.user_id', 'rm.capacity', 'rm.languages', 'rm.channels', 'rm.tags', 'rm.last_seq'])
      .where('tm.workspace_id', '=', workspaceId)
      .where('tm.team_id', '=', teamId)
      .orderBy('tm.user_id')
      .execute(),
  ]);
  return {
    teamId,
    mode: row?.mode ?? MANUAL.mode,
    capacity: row ? parseCapacity(row.capacity) : {},
    intakeChannels: row ? list(row.intake_channels) : [],
    noAnswerMinutes: row?.no_answer_minutes ?? null,
    offlineMinutes: row?.offline_minutes ?? null,
    members: members.map((m) => ({
      userId: m.user_id,
      capacity: m.capacity ? parseCapacity(m.capacity) : null,
      languages: m.languages ? list(m.languages) : [],
      channels: m.channels ? list(m.channels) : [],
      tags: m.tags ? list(m.tags) : [],
      lastSeq: Number(m.last_seq ?? 0),
    })),
  };
}
