import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted stream connection: an HTTP error, or lines then a drop / a silent stall / staying open. */
export type StreamPlan =
  | { status: number; headers?: Record<string, string>; body?: unknown }
  | { send: Array<object | 'heartbeat'>; then: 'drop' | 'stall' | 'hold' };

const PROBLEM = 'https://api.twitter.com/2/problems';
/** Operators the v2 filtered stream knows (a subset; anything else is X's "invalid operator"). */
const OPERATORS = new Set([
  'from',
  'to',
  'lang',
  'url',
  'is',
  'has',
  'retweets_of',
  'context',
  'entity',
  'conversation_id',
  'place',
  'place_country',
  'sample',
  'bio',
  'bio_name',
  'bio_location',
  'followers_count',
  'url_title',
  'url_description',
]);

/** X's rule validation, as its rules endpoint reports it per rule (details of an invalid-rules error). */
export function validateRule(value: string, maxLength: number): string | undefined {
  if (value.length > maxLength) return `Rule is too long (${value.length} characters; the limit for this product is ${maxLength})`;
  if ((value.match(/"/g) ?? []).length % 2) return "There were errors processing your request: missing closing '\"'";
  let depth = 0;
  for (const ch of value.replace(/"[^"]*"/g, '')) {
    if (ch === '(') depth++;
    if (ch === ')' && --depth < 0) return "There were errors processing your request: extraneous input ')'";
  }
  if (depth) return "There were errors processing your request: mismatched input '<EOF>' expecting ')'";
  const outside = value.replace(/"[^"]*"/g, ' ');
  for (const m of outside.matchAll(/(?:^|[\s(-])([a-z_]+):/g)) {
    if (!OPERATORS.has(m[1]!))
      return `Reference to invalid operator '${m[1]}'. Operator is not available in current product or product packaging. Please refer to complete available operator list at https://developer.x.com/en/docs/twitter-api/tweets/filtered-stream/integrate/build-a-rule#list.`;
  }
  // Conjunction-required operators (is:, has:, lang:, sample:…) and negations need a standalone operator beside them.
  const positive = value
    .replace(/"[^"]*"/g, ' P ')
    .split(/[\s()]+/)
    .filter((t) => t && t !== 'OR' && !t.startsWith('-') && !/^(is|has|lang|sample|place_country):/.test(t));
  if (!positive.length) return 'There were errors processing your request: Rules must contain at least one positive, non-stopword clause (at position 1)';
  return undefined;
}

/**
 * A local stand-in for X's filtered-stream endpoints: the rules endpoint (GET, POST add/delete,
 * dry_run, validation and duplicate errors, all-or-nothing adds, the tier's rule cap) and the
 * stream (bearer checked, newline-delimited JSON with \r\n keep-alives, scripted drops, stalls
 * and 429s). Connections with no script stay open, sending keep-alives, and get what push() sends.
 */
export async function startFakeXStream(o: { maxRules?: number; maxLength?: number; heartbeatMs?: number } = {}) {
  const s = {
    bearer: 'test-bearer-token',
    maxRules: o.maxRules ?? 1000,
    maxLength: o.maxLength ?? 1024,
    rules: [] as Array<{ id: string; value: string; tag?: string }>,
    nextId: 1_590_000_000_000_000_000n,
    plans: [] as StreamPlan[],
    requests: [] as Array<{ method: string; url: URL; headers: IncomingMessage['headers']; body?: any; at: number }>,
    open: new Set<ServerResponse>(),
  };
  const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
  const meta = (summary: Record<string, number>) => ({ sent: new Date().toISOString(), summary });
  const timers = new Set<NodeJS.Timeout>();

  function rules(req: IncomingMessage, res: ServerResponse, url: URL, raw: string) {
    if (req.method === 'GET') {
      const ids = url.searchParams.get('ids')?.split(',');
      const data = s.rules.filter((r) => !ids || ids.includes(r.id));
      return json(res, 200, { ...(data.length ? { data } : {}), meta: { sent: new Date().toISOString(), result_count: data.length } });
    }
    let body: any;
    try {
      body = JSON.parse(raw);
    } catch {
      return json(res, 400, {
        errors: [{ message: 'Request body is not valid JSON' }],
        title: 'Invalid Request',
        detail: 'One or more parameters to your request was invalid.',
        type: `${PROBLEM}/invalid-request`,
      });
    }
    const dry = url.searchParams.get('dry_run') === 'true';
    if (Array.isArray(body?.add)) {
      const errors: any[] = [];
      const valid: Array<{ value: string; tag?: string }> = [];
      for (const r of body.add) {
        const value = String(r?.value ?? '');
        const dup = s.rules.find((x) => x.value === value);
        const problem = validateRule(value, s.maxLength);
        if (problem) errors.push({ value, details: [problem], title: 'UnprocessableEntity', type: `${PROBLEM}/invalid-rules` });
        else if (dup) errors.push({ value, id: dup.id, title: 'DuplicateRule', type: `${PROBLEM}/duplicate-rules` });
        else valid.push({ value, tag: r.tag });
      }
      if (!errors.length && s.rules.length + valid.length > s.maxRules)
        return json(res, 403, { title: 'RulesCapExceeded', detail: `Rule cap exceeded: this product allows ${s.maxRules} rules`, type: `${PROBLEM}/rule-cap` });
      // One invalid rule and none are created.
      const created = errors.length || dry ? [] : valid.map((r) => ({ id: String(s.nextId++), value: r.value, ...(r.tag ? { tag: r.tag } : {}) }));
      s.rules.push(...created);
      return json(res, 200, {
        ...(created.length ? { data: created } : {}),
        meta: meta({ created: created.length, not_created: body.add.length - created.length, valid: valid.length, invalid: errors.length }),
        ...(errors.length ? { errors } : {}),
      });
    }
    if (Array.isArray(body?.delete?.ids)) {
      const ids: string[] = body.delete.ids.map(String);
      const found = ids.filter((id) => s.rules.some((r) => r.id === id));
      if (!dry) s.rules = s.rules.filter((r) => !ids.includes(r.id));
      const errors = ids
        .filter((id) => !found.includes(id))
        .map((id) => ({ value: id, title: 'Not Found Error', detail: `Could not find rule with id ${id}`, type: `${PROBLEM}/resource-not-found` }));
      return json(res, 200, { meta: meta({ deleted: found.length, not_deleted: ids.length - found.length }), ...(errors.length ? { errors } : {}) });
    }
    return json(res, 400, {
      errors: [{ message: '$.add: is missing but it is required, $.delete: is missing but it is required' }],
      title: 'Invalid Request',
      detail: 'One or more parameters to your request was invalid.',
      type: `${PROBLEM}/invalid-request`,
    });
  }

  function stream(res: ServerResponse) {
    const plan = s.plans.shift();
    if (plan && 'status' in plan) return json(res, plan.status, plan.body ?? { title: 'Error', status: plan.status }, plan.headers);
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'transfer-encoding': 'chunked' });
    const write = (line: object | 'heartbeat') => res.write(line === 'heartbeat' ? '\r\n' : `${JSON.stringify(line)}\r\n`);
    for (const line of plan?.send ?? []) write(line);
    if (plan?.then === 'drop') return res.end();
    if (plan?.then === 'stall') return; // open, silent: the client must notice
    s.open.add(res);
    const beat = setInterval(() => res.write('\r\n'), o.heartbeatMs ?? 20_000);
    timers.add(beat);
    res.on('close', () => {
      clearInterval(beat);
      timers.delete(beat);
      s.open.delete(res);
    });
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      s.requests.push({ method: req.method ?? 'GET', url, headers: req.headers, body: raw ? JSON.parse(raw) : undefined, at: Date.now() });
      if (req.headers.authorization !== `Bearer ${s.bearer}`)
        return json(res, 401, { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' });
      if (url.pathname === '/2/tweets/search/stream/rules' && (req.method === 'GET' || req.method === 'POST')) return rules(req, res, url, raw);
      if (url.pathname === '/2/tweets/search/stream' && req.method === 'GET') return stream(res);
      return json(res, 404, { title: 'Not Found Error', type: `${PROBLEM}/resource-not-found` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state: s,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Scripts the next stream connection(s). */
    plan: (...p: StreamPlan[]) => s.plans.push(...p),
    /** Sends a post to every open stream connection, as X delivers a match. */
    push(line: object) {
      for (const res of s.open) res.write(`${JSON.stringify(line)}\r\n`);
    },
    streamRequests: () => s.requests.filter((r) => r.url.pathname === '/2/tweets/search/stream'),
    rulePosts: () => s.requests.filter((r) => r.url.pathname.endsWith('/rules') && r.method === 'POST'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearInterval(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
export type FakeXStream = Awaited<ReturnType<typeof startFakeXStream>>;
