import type { AvailabilityStatus, ConversationKind, RoutingMode } from '../store/schema.js';
import type { Capacity } from './settings.js';

/** One member of the team as routing sees them at the moment of a decision. */
export interface Candidate {
  userId: string;
  status: AvailabilityStatus;
  /** Open conversations assigned to them in the workspace, by kind (every team: it is one person's work). */
  load: Partial<Record<ConversationKind, number>>;
  /** The team's capacity with their override applied. */
  capacity: Capacity;
  languages: string[];
  channels: string[];
  tags: string[];
  /** Round robin: the team counter at their last routed conversation (0: never). */
  lastSeq: number;
}

/** A waiting conversation as routing sees it. */
export interface Waiting {
  id: string;
  kind: ConversationKind;
  language: string | null;
  channelId: string;
  tags: string[];
  /** Members it was taken back from (no answer, offline): it goes to someone else. */
  returnedFrom: readonly string[];
}

/** "pt-BR" and "pt" are one language for routing. */
const base = (lang: string) => lang.toLowerCase().split(/[-_]/)[0]!;

/** Under capacity for this kind (a kind without a capacity has no limit). */
export function hasRoom(c: Candidate, kind: ConversationKind): boolean {
  const cap = c.capacity[kind];
  return cap === undefined || (c.load[kind] ?? 0) < cap;
}

/**
 * Skills (README "Routing"): an agent who lists languages takes only those (a conversation whose
 * language is not known yet fits anyone); one who lists channels takes only those; a conversation
 * carrying a tag that is a skill in this team (a tag some member lists) goes only to members who
 * list every such tag it carries. An empty list means "any".
 */
export function fits(c: Candidate, w: Waiting, skillTags: ReadonlySet<string>): boolean {
  if (c.languages.length && w.language && !c.languages.some((l) => base(l) === base(w.language!))) return false;
  if (c.channels.length && !c.channels.includes(w.channelId)) return false;
  for (const t of w.tags) if (skillTags.has(t) && !c.tags.includes(t)) return false;
  return true;
}

/** Every tag some candidate lists: the tags that are skills in this team. */
export function skillTagsOf(candidates: readonly Candidate[]): Set<string> {
  const s = new Set<string>();
  for (const c of candidates) for (const t of c.tags) s.add(t);
  return s;
}

const loadKey = (c: Candidate, kind: ConversationKind) => {
  const cap = c.capacity[kind];
  const n = c.load[kind] ?? 0;
  // Share of their capacity in use where they have one; otherwise the count itself.
  return cap ? n / cap : n;
};

/**
 * The assignment decision: among online members under capacity whose skills fit (and who did not
 * give this conversation back), round robin takes the one whose turn it is (the longest since
 * their last routed conversation: strict rotation, so counts stay within one of each other), and
 * load-balanced the least loaded (share of capacity for this kind, then longest since their last).
 * Null: nobody fits now; the conversation waits in the team queue until someone frees a slot.
 */
export function chooseAgent(mode: RoutingMode, candidates: readonly Candidate[], w: Waiting, skillTags: ReadonlySet<string>): Candidate | null {
  let best: Candidate | null = null;
  let bestLoad = 0;
  for (const c of candidates) {
    if (c.status !== 'online' || !hasRoom(c, w.kind) || w.returnedFrom.includes(c.userId) || !fits(c, w, skillTags)) continue;
    const load = mode === 'load_balanced' ? loadKey(c, w.kind) : 0;
    if (best === null || load < bestLoad || (load === bestLoad && (c.lastSeq < best.lastSeq || (c.lastSeq === best.lastSeq && c.userId < best.userId)))) {
      best = c;
      bestLoad = load;
    }
  }
  return best;
}
