import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/index.js';
import { processJournalBatch } from '../intake/processor.js';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { testDialect } from '../test/store.js';
import { enrichPending } from './enrich-pending.js';
import { parseSince, reEnrichSince } from './reenrich.js';

let t: TestApp;
let a: TestWorkspace;
let b: TestWorkspace;
const DAY = 86_400_000;
const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
};

beforeAll(async () => {
  t = await buildTestApp();
  a = await buildWorkspace(t, { name: 'Re A' });
  b = await buildWorkspace(t, { name: 'Re B' });
  Object.assign(process.env, childEnv(t)); // the CLI reads its database from the environment
  const texts = [
    'How do I change the delivery address on my order?',
    'Pedi dia 10 e até agora nada, que decepção',
    'Kargom hâlâ gelmedi, rezalet!',
    'Cảm ơn shop, giao hàng nhanh quá',
    'Where is my refund??',
  ];
  for (const w of [a, b]) await deliver(t, w, { events: texts.map((text, i) => buildInbound({ from: { id: `re-${i}`, name: `C${i}` }, text })) });
  while ((await processJournalBatch(t.app)) > 0);
  while ((await enrichPending(t.app)) > 0);
});
afterAll(() => t.close());

const db = () => t.app.store.db;
/** Pretends an older model wrote poorer labels, so a re-run has something to fix. */
async function staleLabels() {
  await db().updateTable('messages').set({ intent: 'other', language: null, sentiment: null }).where('direction', '=', 'in').execute();
  await db().updateTable('conversations').set({ intent: 'other' }).execute();
}
const labels = async (workspaceId: string) =>
  db()
    .selectFrom('messages')
    .select(['body', 'intent', 'language', 'sentiment', 'created_at'])
    .where('workspace_id', '=', workspaceId)
    .where('direction', '=', 'in')
    .orderBy('created_at')
    .execute();

describe(`hearken enrich --since (${testDialect})`, () => {
  it('reads ISO dates and durations, and refuses anything else', () => {
    const now = Date.parse('2026-11-23T12:00:00Z');
    expect(parseSince('7d', now)).toBe(now - 7 * DAY);
    expect(parseSince('12h', now)).toBe(now - 12 * 3_600_000);
    expect(parseSince('2w', now)).toBe(now - 14 * DAY);
    expect(parseSince('2026-11-01', now)).toBe(Date.parse('2026-11-01'));
    expect(parseSince('2026-11-01T08:00:00Z', now)).toBe(Date.parse('2026-11-01T08:00:00Z'));
    for (const bad of ['yesterday', '7', '-3d', '2026-13-45', '']) expect(parseSince(bad, now)).toBeUndefined();
  });

  it('re-labels messages since a date, in batches, oldest first, only in the workspace asked for', async () => {
    await staleLabels();
    // One of A's messages is older than the window: it keeps its stale labels.
    const [oldest] = await labels(a.workspaceId);
    await db()
      .updateTable('messages')
      .set({ created_at: t.app.now() - 30 * DAY })
      .where('workspace_id', '=', a.workspaceId)
      .where('body', '=', oldest!.body)
      .execute();
    const progress: string[] = [];
    const n = await reEnrichSince(t.app, {
      since: t.app.now() - 7 * DAY,
      workspaceId: a.workspaceId,
      batchSize: 2,
      onProgress: (d, total) => progress.push(`${d}/${total}`),
    });
    expect(n).toBe(4);
    expect(progress).toEqual(['2/4', '4/4']);
    const after = await labels(a.workspaceId);
    expect(after[0]).toMatchObject({ body: oldest!.body, intent: 'other', language: null });
    const byBody = Object.fromEntries(after.map((r) => [r.body, r]));
    expect(byBody['Kargom hâlâ gelmedi, rezalet!']).toMatchObject({ language: 'tr', intent: 'complaint' });
    expect(byBody['Cảm ơn shop, giao hàng nhanh quá']).toMatchObject({ language: 'vi', sentiment: 'positive', intent: 'praise' });
    // The conversation carries its latest message's labels again.
    const conv = await db()
      .selectFrom('conversations')
      .innerJoin('contacts', 'contacts.id', 'conversations.contact_id')
      .select(['conversations.intent', 'contacts.name'])
      .where('conversations.workspace_id', '=', a.workspaceId)
      .execute();
    expect(conv.find((c) => c.name === 'C4')?.intent).toBe('complaint');
    // B was not asked for: untouched.
    expect((await labels(b.workspaceId)).every((r) => r.intent === 'other' && r.language === null)).toBe(true);
  });

  it('runs from the CLI with progress, over every workspace when none is named', async () => {
    await staleLabels();
    const { code, out } = await run('enrich', '--since', '7d');
    expect(code).toBe(0);
    expect(out).toMatch(/re-enriching customer messages since \d{4}-/);
    expect(out).toMatch(/9 messages enriched again/); // A's month-old message is outside the window
    expect(out).toMatch(/\d+\/9 messages/);
    for (const w of [a, b]) expect((await labels(w.workspaceId)).filter((r) => r.language === 'pt')).toHaveLength(1);
    const one = await run('enrich', '--since', '2000-01-01', '--workspace', b.workspaceId);
    expect(one.out).toMatch(/5 messages enriched again/);
  });

  it('explains bad input and changes nothing', async () => {
    await staleLabels();
    await expect(run('enrich')).rejects.toThrow('--since is required');
    await expect(run('enrich', '--since', 'last tuesday')).rejects.toThrow('--since must be an ISO date');
    await expect(run('enrich', '--since', '7d', '--workspace', 'ws_nope')).rejects.toThrow('no workspace ws_nope');
    expect((await labels(a.workspaceId)).every((r) => r.intent === 'other')).toBe(true);
  });
});
