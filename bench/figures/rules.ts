/**
 * Issue 13: what automation rules cost intake, and how long evaluating them takes per event.
 *
 * - Intake with 100 active rules beside the same run without rules: the Hearken child process
 *   (web + every worker role on SQLite) takes the same signed deliveries; with rules, each
 *   message's event becomes a rules.run job that waits for the message's triage, evaluates the
 *   rules in order and applies what matches. Throughput is events stored per second, as in the
 *   intake figure; the rules' own backlog is reported beside it (how long after the last message
 *   the last rules.run job finished).
 * - Evaluation per event, in-process on what that run stored: for each stored message.received
 *   event, the rules its trigger fires loaded, the conversation's facts loaded (latest message
 *   and its triage, tags, contact, counts, business hours) and every rule's conditions checked —
 *   what a rules.run job does before any action. Ceiling: reading the one conversation row by id
 *   with a raw better-sqlite3 prepared statement, the least any evaluation reads.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/config/index.js';
import { createRule } from '../../src/rules/create-rule.js';
import { conditionsMatch } from '../../src/rules/conditions.js';
import { factNeeds, loadFacts } from '../../src/rules/facts.js';
import { type RuleInput, ruleInputSchema } from '../../src/rules/model.js';
import { loadRules } from '../../src/rules/store.js';
import { triggerMatches, triggerTypesFor } from '../../src/rules/triggers.js';
import { openStore } from '../../src/store/db.js';
import type { EnvSeed, IntakeEnv } from '../lib/intake-env.js';
import { note, percentile, sleep } from '../lib/stats.js';

const LANGS = ['en', 'es', 'pt', 'fr', 'de', 'it', 'vi', 'zh', 'tr', 'hy'];
const WORDS = ['refund', 'broken', 'cancel', 'invoice', 'delivery', 'password', 'discount', 'warranty', 'size', 'exchange'];

/**
 * 100 rules of the kinds a team writes, most of them narrow (a keyword, a language with a mood, a
 * network this channel is not), a few broad: a typical message matches a handful. Their actions
 * are the cheap, common ones (tags, priority); a matching rule really acts.
 */
export function typicalRules(): RuleInput[] {
  const rules: unknown[] = [];
  const onMessage = { type: 'message_received', which: 'any' };
  for (let i = 0; i < 30; i++)
    rules.push({
      name: `Keyword ${i}`,
      trigger: onMessage,
      conditions: { all: [{ field: 'text', op: 'contains', value: `${WORDS[i % WORDS.length]}${i < WORDS.length ? '' : ` ${i}`}` }] },
      actions: [{ type: 'add_tags', tags: [`kw-${i}`] }],
    });
  for (let i = 0; i < 20; i++)
    rules.push({
      name: `Language ${i}`,
      trigger: onMessage,
      conditions: {
        all: [
          { field: 'language', op: 'in', value: [LANGS[i % LANGS.length]] },
          { field: 'sentiment', op: 'in', value: [i < 10 ? 'negative' : 'positive'] },
        ],
      },
      actions: [{ type: 'add_tags', tags: [`lang-${i}`] }],
    });
  for (let i = 0; i < 15; i++)
    rules.push({
      name: `Other network ${i}`,
      trigger: onMessage,
      conditions: { all: [{ field: 'channel_type', op: 'in', value: ['telegram', 'whatsapp'] }] },
      actions: [{ type: 'set_priority', priority: 'high' }],
    });
  for (let i = 0; i < 15; i++)
    rules.push({
      name: `Intent ${i}`,
      trigger: onMessage,
      conditions: {
        all: [{ field: 'intent', op: 'in', value: [['complaint', 'question', 'purchase'][i % 3]], minConfidence: 0.95 }],
        any: [
          { field: 'business_hours', op: 'is', value: 'out' },
          { field: 'vip', op: 'is', value: true },
          { field: 'message_count', op: 'gte', value: 50 },
        ],
      },
      actions: [{ type: 'set_priority', priority: 'urgent' }],
    });
  for (let i = 0; i < 10; i++)
    rules.push({
      name: `Listening query ${i}`,
      trigger: onMessage,
      conditions: { all: [{ field: 'text', op: 'matches', value: `"${WORDS[i]} please" OR (${WORDS[(i + 3) % 10]} AND ${WORDS[(i + 5) % 10]})` }] },
      actions: [{ type: 'add_tags', tags: [`q-${i}`] }],
    });
  for (let i = 0; i < 10; i++)
    rules.push({
      name: `New conversation ${i}`,
      trigger: { type: 'message_received', which: 'new_conversation' },
      conditions: {
        all: [
          { field: 'kind', op: 'in', value: ['comment'] },
          { field: 'tags', op: 'any', value: [`kw-${i}`] },
        ],
      },
      actions: [{ type: 'add_tags', tags: [`new-${i}`] }],
    });
  return rules.map((r) => ruleInputSchema.parse(r));
}

export const seedRules =
  (rules: RuleInput[]): EnvSeed =>
  async (app, workspaceId) => {
    for (const rule of rules) await createRule(app, { workspaceId, actorUserId: null, rule });
  };

/**
 * Waits until every stored message has had its rules.run job and none is left to do (the reactor
 * enqueues them a moment after the event, so "none pending" alone could be too early); answers
 * when the last one finished (ms epoch).
 */
export async function rulesDrained(env: IntakeEnv, timeoutMs = Number(process.env.BENCH_RULES_TIMEOUT_MS ?? 300_000)): Promise<number> {
  const open = env.reader.prepare("SELECT count(*) AS n FROM jobs WHERE name = 'rules.run' AND status IN ('pending', 'running')");
  const last = env.reader.prepare("SELECT max(updated_at) AS t FROM jobs WHERE name = 'rules.run'");
  const cursor = env.reader.prepare("SELECT last_event_id AS id FROM reactor_cursors WHERE name = 'rules'");
  const end = env.reader.prepare('SELECT max(id) AS id FROM events');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const reactorDone = Number((cursor.get() as { id: number } | undefined)?.id ?? 0) >= Number((end.get() as { id: number }).id);
    if (reactorDone && (open.get() as { n: number }).n === 0) return Number((last.get() as { t: number | null }).t ?? 0);
    if (Date.now() > deadline) {
      const sample = env.reader.prepare("SELECT status, attempts, run_at, last_error, locked_until FROM jobs WHERE name = 'rules.run' LIMIT 3").all();
      const byStatus = env.reader.prepare('SELECT name, status, count(*) AS n FROM jobs GROUP BY name, status').all();
      throw new Error(`the rules.run jobs did not finish in time: ${JSON.stringify({ reactorDone, byStatus, sample, now: Date.now() })}`);
    }
    await sleep(50);
  }
}

export interface RuleEvaluation {
  events: number;
  rules: number;
  p50: number;
  p99: number;
  ceilingP99: number;
  matchedPerEvent: number;
  firings: number;
}

/** Times the evaluation of every stored message.received event against the workspace's rules (no actions). */
export async function ruleEvaluation(env: IntakeEnv, maxEvents: number): Promise<RuleEvaluation> {
  const config = loadConfig({ ...env.env, HEARKEN_SECRET_KEY: env.env.HEARKEN_SECRET_KEY ?? randomBytes(32).toString('hex') });
  const store = openStore(config.db);
  try {
    const db = store.db;
    const events = await db.selectFrom('events').selectAll().where('type', '=', 'message.received').orderBy('id').limit(maxEvents).execute();
    const workspaceId = events[0]!.workspace_id;
    const now = Date.now();
    // Loaded and parsed once, as a rules.run job does for its batch of events (run-rules.ts).
    const enabled = await loadRules(db, workspaceId, { enabledOnly: true });
    const evaluate = async (e: (typeof events)[number]) => {
      const types = triggerTypesFor(e.type);
      const rules = enabled.filter((r) => types.includes(r.trigger.type) && triggerMatches(r.trigger, e));
      const facts = await loadFacts(db, workspaceId, e.conversation_id!, now, factNeeds(rules.map((r) => r.conditions)));
      let matched = 0;
      if (facts) for (const r of rules) if (conditionsMatch(r.conditions, facts)) matched++;
      return { matched, rules: rules.length };
    };
    for (const e of events.slice(0, 100)) await evaluate(e); // warm-up
    const times: number[] = [];
    let matched = 0;
    let rules = 0;
    for (const e of events) {
      const t0 = performance.now();
      const r = await evaluate(e);
      times.push(performance.now() - t0);
      matched += r.matched;
      rules = Math.max(rules, r.rules);
    }
    const raw = store.sqlite!.prepare('SELECT * FROM conversations WHERE id = ?');
    const ceiling: number[] = [];
    for (const e of events) raw.get(e.conversation_id);
    for (const e of events) {
      const t0 = performance.now();
      raw.get(e.conversation_id);
      ceiling.push(performance.now() - t0);
    }
    const firings = Number(
      (
        await db
          .selectFrom('rule_firings')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    note(`rules: evaluated ${events.length} stored events against ${rules} rules`);
    return {
      events: events.length,
      rules,
      p50: percentile(times, 50),
      p99: percentile(times, 99),
      ceilingP99: percentile(ceiling, 99),
      matchedPerEvent: matched / events.length,
      firings,
    };
  } finally {
    await store.close();
  }
}
