import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { loadCandidates } from './candidates.js';
import { type Candidate, chooseAgent, skillTagsOf, type Waiting } from './decide.js';
import { loadTeamRouting } from './settings.js';

/**
 * One assignment decision as dispatch makes it, without assigning: the team's settings, its
 * members' availability, loads and rotation read from the database, then chooseAgent. What the
 * bench times ("assignment decision p99 with 50 agents").
 */
export async function planAssignment(
  db: Kysely<DB>,
  workspaceId: string,
  teamId: string,
  w: Waiting,
  now: number,
  idleMinutes: number,
): Promise<Candidate | null> {
  const team = await loadTeamRouting(db, workspaceId, teamId);
  const candidates = await loadCandidates(db, workspaceId, team, now, idleMinutes);
  return chooseAgent(team.mode, candidates, w, skillTagsOf(candidates));
}
