import { GRAPH_VERSION } from '../constants.js';
import type { GraphRequest } from './fake-graph.js';
import { graphError } from './fake-graph.js';

type Answer = { status: number; body: unknown };

/** A comment as the fake network holds it: under which Page or Instagram account, by whom, and its moderation state. */
export interface FakeComment {
  /** The Page or Instagram account whose post or media the comment is on. */
  owner: string;
  authorId: string;
  message: string;
  hidden: boolean;
  deleted: boolean;
  liked: boolean;
}

const missing = (id: string) =>
  graphError(
    400,
    100,
    `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
    'GraphMethodException',
    33,
  );

/**
 * The fake Graph API's moderation endpoints, as Meta documents them: POST /{comment-id}
 * (is_hidden on Facebook, hide on Instagram — a boolean, required), DELETE /{comment-id},
 * POST /{comment-id}/likes (Facebook only), POST /{page-id}/blocked (user=[ids], Facebook Pages
 * only). A comment must exist, not be deleted, and be on one of the token's own accounts (else
 * code 200, permissions); Meta's error body and codes otherwise (100 parameter, 100/33 unknown object).
 */
export function fakeGraphModeration() {
  const comments = new Map<string, FakeComment>();
  /** People blocked from each Page, by Page id. */
  const blocked = new Map<string, Set<string>>();

  const handle = (r: GraphRequest, accounts: Record<string, 'messenger' | 'instagram' | 'whatsapp'>): Answer | undefined => {
    const m = new RegExp(`^/${GRAPH_VERSION}/([^/]+)(/likes|/blocked)?$`).exec(r.path);
    if (!m || (r.method !== 'POST' && r.method !== 'DELETE')) return undefined;
    const id = decodeURIComponent(m[1]!);
    const edge = m[2];
    const b = r.body ?? {};
    if (edge === '/blocked') {
      if (r.method !== 'POST') return undefined;
      if (accounts[id] !== 'messenger') return missing(id);
      const users = Array.isArray(b.user) ? b.user.filter((u: unknown) => typeof u === 'string' && u) : [];
      if (!users.length) return graphError(400, 100, '(#100) The parameter user is required');
      const set = blocked.get(id) ?? new Set<string>();
      blocked.set(id, set);
      for (const u of users) set.add(u);
      return { status: 200, body: Object.fromEntries(users.map((u: string) => [u, true])) };
    }
    const c = comments.get(id);
    // Not a comment this fake knows: another handler's path (messages, uploads), or Meta's "does not exist".
    if (!c) return r.method === 'DELETE' || edge ? missing(id) : undefined;
    if (c.deleted) return missing(id);
    const kind = accounts[c.owner];
    if (kind !== 'messenger' && kind !== 'instagram') return graphError(403, 200, '(#200) Permissions error', 'OAuthException');
    if (r.method === 'DELETE') {
      c.deleted = true;
      return { status: 200, body: { success: true } };
    }
    if (edge === '/likes') {
      if (kind !== 'messenger') return missing(`${id}/likes`);
      c.liked = true;
      return { status: 200, body: { success: true } };
    }
    const field = kind === 'messenger' ? 'is_hidden' : 'hide';
    const other = kind === 'messenger' ? 'hide' : 'is_hidden';
    if (other in b) return graphError(400, 100, `(#100) Param ${other} is not supported on this object`);
    if (typeof b[field] !== 'boolean' && b[field] !== 'true' && b[field] !== 'false') return graphError(400, 100, `(#100) The parameter ${field} is required`);
    c.hidden = b[field] === true || b[field] === 'true';
    return { status: 200, body: { success: true } };
  };

  return { comments, blocked, handle };
}
