import type { Outbound } from '../../../net/outbound-http.js';
import { failure, USER_AGENT } from '../http.js';

/** Rules Hearken owns carry this tag prefix + the query id; other rules on the same X app are left alone. */
export const TAG_PREFIX = 'hearken:';

export interface WantedRule {
  queryId: string;
  value: string;
}
export interface RuleError {
  queryId: string;
  value: string;
  error: string;
}
export interface RulesSyncResult {
  ok: boolean;
  added: number;
  deleted: number;
  unchanged: number;
  /** Rules X refused (its validation message), per query. */
  rejected: RuleError[];
  error?: string;
  retryAfterMs?: number;
}

interface Ctx {
  baseUrl: string;
  bearer: string;
  timeoutMs: number;
  now: number;
  outbound: Outbound;
}

async function call(c: Ctx, method: 'GET' | 'POST', path: string, body?: unknown) {
  return c.outbound.fetch(new URL(path, c.baseUrl), {
    method,
    headers: {
      authorization: `Bearer ${c.bearer}`,
      'user-agent': USER_AGENT,
      accept: 'application/json',
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    timeoutMs: c.timeoutMs,
  });
}

/** X's per-rule error (invalid-rules, duplicate-rules…) as one line. */
function describeError(e: any): string {
  const details = Array.isArray(e?.details) ? e.details.join('; ') : '';
  return [e?.title, details || e?.detail || e?.message].filter(Boolean).join(': ') || 'rejected by X';
}

/**
 * Makes the stream's Hearken rules equal `wanted`: reads the active rules (GET
 * /2/tweets/search/stream/rules), deletes ours that are no longer wanted (or whose text
 * changed), validates the new ones with dry_run=true — X refuses a whole add request when one
 * rule is invalid, so the invalid ones are set aside with X's message and only the valid ones are
 * added — then adds them. Rules are tagged `hearken:<query id>`.
 */
export async function syncRules(c: Ctx, wanted: WantedRule[]): Promise<RulesSyncResult> {
  const out: RulesSyncResult = { ok: false, added: 0, deleted: 0, unchanged: 0, rejected: [] };
  const fail = async (res: Response) => {
    const f = await failure(res, c.now, 'X', { networkText: true });
    return { ...out, error: f.error, retryAfterMs: f.retryAfterMs };
  };
  const cur = await call(c, 'GET', '/2/tweets/search/stream/rules');
  if (!cur.ok) return fail(cur);
  const current: Array<{ id: string; value: string; tag?: string }> = ((await cur.json()) as any)?.data ?? [];
  const ours = current.filter((r) => r.tag?.startsWith(TAG_PREFIX));
  const key = (queryId: string, value: string) => `${queryId}\u0000${value}`;
  const want = new Map(wanted.map((w) => [key(w.queryId, w.value), w]));
  const have = new Set<string>();
  const stale: string[] = [];
  for (const r of ours) {
    const k = key(r.tag!.slice(TAG_PREFIX.length), r.value);
    if (want.has(k) && !have.has(k)) have.add(k);
    else stale.push(r.id);
  }
  out.unchanged = have.size;
  if (stale.length) {
    const del = await call(c, 'POST', '/2/tweets/search/stream/rules', { delete: { ids: stale } });
    if (!del.ok) return fail(del);
    out.deleted = Number(((await del.json()) as any)?.meta?.summary?.deleted ?? stale.length);
  }
  let adds = [...want.entries()].filter(([k]) => !have.has(k)).map(([, w]) => w);
  if (adds.length) {
    const body = (list: WantedRule[]) => ({ add: list.map((w) => ({ value: w.value, tag: `${TAG_PREFIX}${w.queryId}` })) });
    const dry = await call(c, 'POST', '/2/tweets/search/stream/rules?dry_run=true', body(adds));
    if (!dry.ok) return fail(dry);
    const errors: any[] = ((await dry.json()) as any)?.errors ?? [];
    const bad = new Map<string, string>();
    for (const e of errors) if (typeof e?.value === 'string') bad.set(e.value, describeError(e));
    if (errors.length && !bad.size) return { ...out, error: `X refused the rules: ${errors.map(describeError).join('; ')}` };
    out.rejected = adds.filter((w) => bad.has(w.value)).map((w) => ({ ...w, error: bad.get(w.value)! }));
    adds = adds.filter((w) => !bad.has(w.value));
    if (adds.length) {
      const add = await call(c, 'POST', '/2/tweets/search/stream/rules', body(adds));
      if (!add.ok) return fail(add);
      const answer: any = await add.json();
      for (const e of answer?.errors ?? []) {
        const w = adds.find((a) => a.value === e?.value);
        out.rejected.push({ queryId: w?.queryId ?? '', value: String(e?.value ?? ''), error: describeError(e) });
      }
      out.added = Number(answer?.meta?.summary?.created ?? 0);
    }
  }
  out.ok = true;
  return out;
}
