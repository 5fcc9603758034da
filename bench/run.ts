import { ackLatency, bareAckLatency } from './figures/ack-latency.js';
import { bigDeliveryAck } from './figures/big-delivery-ack.js';
import { bareThroughput, intakeThroughput } from './figures/intake-throughput.js';
import { queueAndSearch } from './figures/queue-and-search.js';
import { sqliteInsertCeiling } from './figures/sqlite-ceiling.js';
import { figure, machine, table, type Report } from './lib/report.js';
import { note } from './lib/stats.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { initialJsSize } from '../web/scripts/bundle-size.js';
import { runListeningBench } from './listening.js';
import { enrichSpeed } from './figures/enrich-speed.js';
import { dashboardQueries } from './figures/dashboard.js';
import { runSoakBench } from './soak.js';
import { routingDecision } from './figures/routing.js';
import { type RuleEvaluation, ruleEvaluation, rulesDrained, seedRules, typicalRules } from './figures/rules.js';

/**
 * `npm run bench [-- --quick] [-- --json] [-- --only=intake,ack,big-ack,meta,queries,dashboard,bundle,listening,enrich,routing,rules,soak]
 * [-- --soak-seconds=300]`: the figures of
 * docs/bench.md, each beside a ceiling measured in the same run (the machine is shared and noisy,
 * so only the ratio travels between runs). Embedded mode: SQLite files in a temp dir; Hearken and
 * the bare HTTP ceiling each run in a child process on 127.0.0.1, the load generator in this one.
 */
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const json = args.includes('--json');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const runs = (name: string) => !only || only.includes(name);

const cfg = quick
  ? {
      sendMs: 5_000,
      ceilingMs: 3_000,
      ackMs: 5_000,
      dataset: { workspaces: 12, conversations: 20_000, messages: 100_000 },
      listIterations: 100,
      searchQueries: 200,
    }
  : {
      sendMs: 12_000,
      ceilingMs: 5_000,
      ackMs: 10_000,
      dataset: { workspaces: 12, conversations: 200_000, messages: 1_000_000 },
      listIterations: 200,
      searchQueries: 500,
    };
const BATCH = 50;
const ACK_RATE = 1000;

const report: Report = {};
const started = performance.now();
note(`${quick ? 'quick' : 'full'} run on ${machine()}`);

if (runs('intake')) {
  note('ceiling: raw better-sqlite3 inserts…');
  const sqliteRows = await sqliteInsertCeiling({ batch: 1000, durationMs: cfg.ceilingMs });
  for (const [perPost, concurrency] of [
    [BATCH, 8],
    [1, 32],
  ] as const) {
    note(`ceiling: bare node:http, ${perPost} event(s) per POST…`);
    const httpReqs = await bareThroughput({ eventsPerPost: perPost, concurrency, durationMs: cfg.ceilingMs });
    note(`intake: ${perPost} event(s) per POST, ${concurrency} connections, ${cfg.sendMs / 1000} s of sending, then until the journal drains…`);
    const t = await intakeThroughput({ eventsPerPost: perPost, concurrency, sendMs: cfg.sendMs, maxBacklogEvents: 20_000 });
    const ceilings = { sqlite_rows_per_s: sqliteRows, http_events_per_s: httpReqs * perPost };
    report[`intake_events_per_s_${perPost}_per_post`] = figure(
      t.eventsPerSec,
      'events/s',
      Math.min(ceilings.sqlite_rows_per_s, ceilings.http_events_per_s),
      `${t.events} events in ${t.windowSec.toFixed(1)} s (first POST → last message and search doc stored), ${perPost}/POST over ${concurrency} keep-alive connections, ${t.errors} errors; ` +
        `ceiling = the lower of raw better-sqlite3 message-row inserts (${Math.round(sqliteRows)} rows/s, 1000 per transaction) and a bare node:http handler (${Math.round(httpReqs)} req/s × ${perPost})`,
      { ...(perPost === BATCH ? { target: 5000 } : {}), ceilings },
    );
  }
}

if (runs('ack')) {
  // 1,000 events/s, sent as 1,000 single-event POSTs/s (the harsh case: every event pays for a
  // request) and as 20 POSTs/s of 50 events (how Meta batches).
  for (const perPost of [1, BATCH]) {
    const rate = ACK_RATE / perPost;
    // Batched, there are 50× fewer requests: run 3× longer so the p99 rests on a few hundred of them.
    const durationMs = perPost === 1 ? cfg.ackMs : cfg.ackMs * 3;
    const o = { rate, eventsPerPost: perPost, durationMs, warmupMs: 1000 };
    note(`ack latency: open loop, ${rate} POSTs/s of ${perPost} event(s) for ${durationMs / 1000} s (+1 s warm-up), worker processing meanwhile…`);
    const h = await ackLatency(o);
    note('ack latency ceiling: bare node:http at the same rate…');
    const b = await bareAckLatency(o);
    const detail = `open loop ${rate} POSTs/s × ${perPost} event(s) = ${ACK_RATE} events/s, ${h.requests} requests timed from their scheduled send (max ${h.max.toFixed(1)} ms, ${h.errors} errors, all stored: ${h.drained}); ceiling = bare node:http at the same rate (max ${b.max.toFixed(1)} ms)`;
    report[`ack_p50_ms_${perPost}_per_post`] = figure(h.p50, 'ms', b.p50, detail);
    report[`ack_p99_ms_${perPost}_per_post`] = figure(h.p99, 'ms', b.p99, detail, { target: 20 });
  }
}

if (runs('big-ack')) {
  // Issue 17: small deliveries' acknowledgements while 1,000-event deliveries are being processed.
  const o = { rate: 200, bigEvents: 1000, bigEveryMs: 1000, durationMs: cfg.ackMs };
  note(
    `ack latency beside big deliveries: ${o.rate} single-event POSTs/s and one ${o.bigEvents}-event POST every ${o.bigEveryMs / 1000} s for ${o.durationMs / 1000} s…`,
  );
  const h = await bigDeliveryAck(o);
  note('ceiling: bare node:http with the same traffic…');
  const b = await bigDeliveryAck(o, true);
  report[`ack_p99_ms_beside_${o.bigEvents}_event_deliveries`] = figure(
    h.p99,
    'ms',
    b.p99,
    `open loop ${o.rate} single-event POSTs/s timed from their scheduled send (${h.requests} requests, p50 ${h.p50.toFixed(2)} ms, max ${h.max.toFixed(1)} ms, ${h.errors} errors) while a ${o.bigEvents}-event POST arrives every ${o.bigEveryMs / 1000} s (${h.bigs} of them, their own ack p50 ${h.bigP50.toFixed(1)} ms, max ${h.bigMax.toFixed(1)} ms); all stored exactly once: ${h.drained}, journal drained ${((h.drainMs ?? 0) / 1000).toFixed(1)} s after the last POST; ceiling = bare node:http with the same traffic (p50 ${b.p50.toFixed(2)} ms, max ${b.max.toFixed(1)} ms)`,
    { target: 20 },
  );
}

if (runs('meta')) {
  // Issue 3: Meta webhook batches of 100 entries for a Page (Messenger messages and feed
  // comments), X-Hub-Signature-256 verified over the raw body, through the Meta adapter's parser.
  const META_BATCH = 100;
  note('ceiling: bare node:http, Meta batches…');
  const httpReqs = await bareThroughput({ eventsPerPost: META_BATCH, concurrency: 4, durationMs: cfg.ceilingMs, network: 'messenger' });
  note(`meta intake: ${META_BATCH} entries per POST, 4 connections, ${cfg.sendMs / 1000} s of sending, then until the journal drains…`);
  const t = await intakeThroughput({ eventsPerPost: META_BATCH, concurrency: 4, sendMs: cfg.sendMs, maxBacklogEvents: 20_000, network: 'messenger' });
  report.meta_events_per_s_100_per_post = figure(
    t.eventsPerSec,
    'events/s',
    httpReqs * META_BATCH,
    `Meta webhook POSTs of ${META_BATCH} entries (80 % Messenger messages, 20 % Page comments), signature verified; ${t.events} events in ${t.windowSec.toFixed(1)} s (first POST → last message and search doc stored), ${t.errors} errors; ceiling = a bare node:http handler (${Math.round(httpReqs)} req/s × ${META_BATCH})`,
  );
  const rate = ACK_RATE / META_BATCH;
  const o = { rate, eventsPerPost: META_BATCH, durationMs: cfg.ackMs * 3, warmupMs: 1000, network: 'messenger' as const };
  note(`meta ack latency: open loop, ${rate} POSTs/s of ${META_BATCH} entries…`);
  const h = await ackLatency(o);
  const b = await bareAckLatency(o);
  const detail = `open loop ${rate} Meta POSTs/s × ${META_BATCH} entries = ${ACK_RATE} events/s, signature verified, ${h.requests} requests (max ${h.max.toFixed(1)} ms, ${h.errors} errors, all stored: ${h.drained}); ceiling = bare node:http at the same rate`;
  report.meta_ack_p99_ms_100_per_post = figure(h.p99, 'ms', b.p99, detail, { target: 20 });
}

if (runs('queries')) {
  const q = await queueAndSearch({ size: cfg.dataset, listIterations: cfg.listIterations, searchQueries: cfg.searchQueries });
  const sizes = `${q.size.conversations} conversations / ${q.size.messages} messages in ${q.size.workspaces} workspaces (${q.bigShare * 100} % in the big one), ${q.dbMiB.toFixed(0)} MiB, loaded in ${q.loadSec.toFixed(0)} s`;
  const ceiling = `ceiling = primary-key SELECT of a conversation through the same store (p95 of ${q.samples.pk})`;
  const shapes = Object.entries(q.listByShape)
    .map(([k, v]) => `${k} ${v.toFixed(2)}`)
    .join(', ');
  report.list_p95_ms = figure(
    q.listP95,
    'ms',
    q.pkP95,
    `listConversations() in-process, big workspace, 25 per page, ${q.samples.list} calls; p95 per shape (ms): ${shapes}; ${sizes}; ${ceiling}`,
    { target: 15 },
  );
  report.search_p95_ms = figure(
    q.searchP95,
    'ms',
    q.pkP95,
    `searchMessages() in-process, big workspace, 20 per page, ${q.samples.search} queries of 1–3 words in 5 languages + order numbers (p50 ${q.searchP50.toFixed(2)} ms, median hits ${q.searchHitsMedian}); ${sizes}; ${ceiling}`,
    { target: 50 },
  );
}

if (runs('dashboard')) {
  // Issue 5: the reports dashboard over 1,000,000 conversations and ~10,000,000 event-log rows.
  const d = await dashboardQueries({
    size: quick ? { conversations: 100_000, days: 365 } : { conversations: 1_000_000, days: 365 },
    iterations: quick ? 10 : 20,
  });
  const shapes = Object.entries(d.byShape)
    .map(([k, v]) => `${k} ${v.p95.toFixed(0)}`)
    .join(', ');
  const data = `${d.counts.conversations} conversations over ${d.size.days} days, ${d.counts.events} event-log rows, ${d.counts.messages} messages, ${d.counts.slaClocks} SLA clocks, ${d.counts.surveys} survey answers, ${d.dbMiB.toFixed(0)} MiB (loaded in ${d.loadSec.toFixed(0)} s); ${d.cyclesIn30Days} customer cycles in the last 30 days`;
  report.dashboard_p95_ms = figure(
    d.p95,
    'ms',
    d.ceilingP95,
    `computeMetrics()/dashboardExtras() in-process as the dashboard's routes call them, ${d.samples} calls over ${Object.keys(d.byShape).length} query shapes, p95 per shape (ms): ${shapes}; the same 30-day total from scratch (no rollups): ${d.fromScratchMedian.toFixed(0)} ms median; ${data}; ceiling = reading and JSON-parsing the stored hours of the largest shape (30 days by agent) with raw better-sqlite3, nothing else`,
    { target: 300 },
  );
  report.rollup_projection_per_s = figure(
    d.projectPerSec,
    'conversations/s',
    d.ceilingRowsPerSec,
    `the real projector building the rollups of every conversation from its whole timeline (${d.projectSec.toFixed(0)} s for ${d.counts.conversations}); ceiling = raw better-sqlite3 inserts of metric_cycles-shaped rows, 500 per transaction`,
  );
}

if (runs('bundle')) {
  note('web: initial JS bundle size…');
  const b = await initialJsSize();
  // The floor any React app pays: react + react-dom's client runtime, gzipped the same way.
  const floor = ['react/cjs/react.production.js', 'react-dom/cjs/react-dom-client.production.js']
    .map((f) => gzipSync(readFileSync(path.join('node_modules', f)), { level: 9 }).length)
    .reduce((a, n) => a + n, 0);
  report.web_initial_js_kb = figure(
    b.gzipKB,
    'KB',
    floor / 1024,
    `gzipped JS the browser loads before the app is usable (${b.files.length} files, ${Math.round(b.bytes / 1024)} KB raw); ceiling = react + react-dom client runtime alone, gzipped`,
    { target: 250 },
  );
}

if (runs('listening')) Object.assign(report, await runListeningBench({ durationMs: quick ? 1_000 : 3_000 }));

if (runs('enrich')) {
  // Issue 6: analyzeMessage on one core over the XLM-T test tweets, beside a bare lower-case + split pass.
  note('enrichment: analyzeMessage over the XLM-T test tweets, one core…');
  const e = enrichSpeed({ rounds: quick ? 1 : 3 });
  const detail = `whole analyzeMessage (language, sentiment, intent, needs-reply, troll, PII) of ${e.messages} real tweets (XLM-T test split, 8 languages) in this process, warm; p99 ${e.p99Ms.toFixed(3)} ms; messages/s are per second of CPU time the process used (${Math.round(e.perWallSecond)}/s of wall-clock time on this shared machine); ceiling = a bare pass that only lower-cases and splits the same texts (${Math.round(e.barePerSecond)} texts/s, median ${e.bareMedianMs.toFixed(4)} ms)`;
  report.enrich_median_ms = figure(e.medianMs, 'ms', e.bareMedianMs, detail, { target: 0.2 });
  report.enrich_messages_per_s = figure(e.perSecond, 'messages/s', e.barePerSecond, detail, { target: 5000 });
}

if (runs('routing')) {
  // Issue 13: the assignment decision with 50 agents (settings, availability, loads, rotation read; then the choice).
  const r = await routingDecision({ agents: 50, decisions: quick ? 500 : 2000, openPerAgent: quick ? 4 : 10 });
  report.routing_decision_p99_ms = figure(
    r.p99,
    'ms',
    r.ceilingP99,
    `planAssignment (src/routing/plan.ts: the team's routing, its ${r.agents} members' availability, open loads per kind and rotation read from SQLite, skills matched, least loaded chosen), ${r.decisions} decisions in-process over ${r.openConversations} open assigned conversations, median ${r.p50.toFixed(3)} ms; a whole dispatch of one arriving conversation (locks, decision, assign use-case, event, commit) p99 ${r.dispatchP99.toFixed(2)} ms; ceiling = reading the team's ${r.agents} member rows with one raw better-sqlite3 prepared statement`,
    { target: 5 },
  );
}

if (runs('rules')) {
  // Issue 13: intake with 100 active rules beside the same run without rules; evaluation per event.
  const rules = typicalRules();
  const run = { eventsPerPost: BATCH, concurrency: 8, sendMs: cfg.sendMs, maxBacklogEvents: 20_000, fullWorker: true };
  note(`rules: intake without rules, ${BATCH} events per POST, ${cfg.sendMs / 1000} s of sending…`);
  const free = await intakeThroughput(run);
  note(`rules: the same intake with ${rules.length} active rules, then until the rules caught up…`);
  let caughtUp = 0;
  let lastStored = 0;
  let ev: RuleEvaluation | undefined;
  const withRules = await intakeThroughput({
    ...run,
    seed: seedRules(rules),
    drained: async (env) => {
      caughtUp = await rulesDrained(env);
      lastStored = env.counts().lastStoredAt;
    },
    after: async (env) => {
      ev = await ruleEvaluation(env, quick ? 1000 : 3000);
    },
  });
  const e = ev!;
  report.intake_with_100_rules_events_per_s = figure(
    withRules.eventsPerSec,
    'events/s',
    free.eventsPerSec,
    `${withRules.events} events in ${withRules.windowSec.toFixed(1)} s with ${rules.length} active rules (keywords, language + sentiment, other networks, intent with confidence + business hours / VIP / message count, listening queries, new-conversation + tags; ${e.firings} firings, ${e.matchedPerEvent.toFixed(2)} matching rules per event), ${withRules.errors} errors; the rules' jobs caught up ${((caughtUp - lastStored) / 1000).toFixed(1)} s after the last message was stored; ` +
      `ceiling = the same intake in the same run without rules (${free.events} events in ${free.windowSec.toFixed(1)} s); both with every worker loop of HEARKEN_ROLES=web,worker in the one process (intake, jobs, triage, rollups, reactors)`,
    { ratioTarget: 0.85 },
  );
  report.rule_evaluation_p99_ms = figure(
    e.p99,
    'ms',
    e.ceilingP99,
    `per stored message.received event (${e.events} of that run), as a rules.run job does it: the rules its trigger fires picked (${e.rules}; rules are loaded once per batch), the facts those rules' conditions read loaded (conversation, latest message and its triage, and only where a rule asks: tags, contact, counts, CSAT, business hours) and every rule's conditions checked, no actions; median ${e.p50.toFixed(3)} ms; ceiling = reading the conversation row by id with one raw better-sqlite3 prepared statement`,
  );
}

if (runs('soak')) {
  const num = (name: string, fallback: number) => {
    const v = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} must be a positive number, got ${v}`);
    return n;
  };
  const s = await runSoakBench({
    seconds: num('soak-seconds', quick ? 30 : 300),
    // Until every bounded buffer is full, so that growth after it is a leak, not a cache filling:
    // each workspace's feed keeps 5,000 frames, 50 s of this traffic (100 events/s per workspace).
    warmupSeconds: num('soak-warmup-seconds', 60),
    rate: num('soak-rate', 1000),
    clients: num('soak-clients', 500),
    workspaces: num('soak-workspaces', 10),
  });
  Object.assign(report, s.figures);
  if (s.failures.length) {
    process.exitCode = 1;
    for (const f of s.failures) note(`soak FAILED: ${f}`);
  }
}

note(`done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
const out = json ? JSON.stringify(report) + '\n' : `\nHearken bench (${quick ? 'quick' : 'full'}) — ${machine()}\n\n${table(report)}\n`;
// Exit once the report is written: a soak against a saturated server leaves requests it never
// answered queued in the client's agent, which would keep this process alive (reconnecting to a
// server that is gone) for minutes after the figures are out.
process.stdout.write(out, () => process.exit());
