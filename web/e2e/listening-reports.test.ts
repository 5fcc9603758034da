import { mkdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { testDialect } from '../../src/test/store.js';
import { SHOTS_DIR, signIn, startStack, type Stack } from './harness.js';

let s: Stack;
const PASSWORD = 'correct horse battery';
const ids: Record<string, string> = {};
const HOUR = 3_600_000;
// [text, author, sentiment, hours ago, queries]
const SEED = [
  ['Acme refund is late', 'ann', 'negative', 1, ['acme']],
  ['Acme toaster is lovely', 'bob', 'positive', 30, ['acme']],
  ['Acme or Globex, which toaster?', 'ann', 'neutral', 50, ['acme', 'globex']],
  ['Globex refund, finally', 'cid', 'positive', 3, ['globex']],
] as const;

beforeAll(async () => {
  s = await startStack();
  mkdirSync(SHOTS_DIR, { recursive: true });
  for (const [name, kind] of [
    ['Acme', 'brand'],
    ['Globex', 'competitor'],
  ] as const) {
    const r = await s.t.req('POST', '/api/v1/listening/queries', { token: s.w.token, body: { name, query: name.toLowerCase(), kind } });
    ids[name.toLowerCase()] = ((await r.json()) as { id: string }).id;
  }
  const db = s.t.app.store.db;
  const now = Date.now();
  for (const [i, [text, author, sentiment, ago, queries]] of SEED.entries()) {
    const postId = newId();
    const mentionId = newId();
    await db
      .insertInto('listening_posts')
      .values({
        id: postId,
        workspace_id: s.w.workspaceId,
        source_id: 'src',
        source_kind: 'x',
        source_item_id: String(i),
        author,
        author_name: null,
        url: `https://x.com/${author}/status/${i}`,
        text,
        text_folded: text.toLowerCase(),
        lang: 'en',
        posted_at: now - ago * HOUR,
        extra: '{}',
        fetched_at: now,
      })
      .execute();
    await db
      .insertInto('mentions')
      .values({
        id: mentionId,
        workspace_id: s.w.workspaceId,
        post_id: postId,
        source_kind: 'x',
        lang: 'en',
        sentiment,
        intent: null,
        needs_reply: null,
        troll_score: null,
        analysis: '{}',
        suggestion: 'observe',
        suggestion_reason: 'test',
        status: 'new',
        conversation_id: null,
        acted_by: null,
        acted_at: null,
        created_at: now,
      })
      .execute();
    for (const q of queries)
      await db.insertInto('mention_queries').values({ workspace_id: s.w.workspaceId, mention_id: mentionId, query_id: ids[q]! }).execute();
  }
});
afterAll(async () => {
  await s?.close();
});

describe(`listening reports tab in a browser (${testDialect})`, () => {
  it('loads the charts on demand, draws volume and share of voice, and downloads a CSV', async () => {
    const { page, context, errors } = await signIn(s, s.ownerEmail, PASSWORD);
    page.setDefaultTimeout(8000);
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await page.getByRole('link', { name: 'Listening' }).click();
    await page.getByRole('heading', { name: 'Listening', level: 1 }).waitFor();
    const before = scripts.length;
    await page.getByRole('link', { name: 'Reports' }).click();
    // Chart.js came in a chunk of its own, fetched when the tab opened
    await page.getByTestId('chart-share-of-voice').locator('canvas').waitFor();
    expect(scripts.length).toBeGreaterThan(before);

    const share = page.getByTestId('chart-share-of-voice');
    expect(Number(await share.getAttribute('data-points'))).toBe(2);
    for (const key of ['acme', 'globex']) {
      const fig = page.getByTestId(`chart-volume-${ids[key]}`);
      await fig.locator('canvas').waitFor();
      const expected = SEED.filter((x) => (x[4] as readonly string[]).includes(key)).length;
      // one point per (day, sentiment) with mentions; at least one, at most the mentions
      const points = Number(await fig.getAttribute('data-points'));
      expect(points).toBeGreaterThan(0);
      expect(points).toBeLessThanOrEqual(expected);
      expect((await fig.locator('canvas').boundingBox())!.width).toBeGreaterThan(100);
    }
    const rows = page.getByTestId('share-row');
    const total = SEED.reduce((n, x) => n + x[4].length, 0);
    const acme = SEED.filter((x) => (x[4] as readonly string[]).includes('acme')).length;
    await rows
      .filter({ hasText: 'Acme' })
      .getByText(`${((acme / total) * 100).toFixed(1)} %`)
      .waitFor();
    await page.screenshot({ path: `${SHOTS_DIR}/listening-reports-${testDialect}.png`, fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv-top-authors').click()]);
    expect(download.suggestedFilename()).toMatch(/^hearken-listening-top-authors-.*\.csv$/);
    const csv = readFileSync((await download.path())!, 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toBe('author,name,source,mentions,positive,neutral,negative,unknown');
    const annCount = SEED.filter((x) => x[1] === 'ann').length;
    expect(csv[1]!.startsWith(`ann,,x,${annCount},`)).toBe(true);
    expect(csv).toHaveLength(1 + new Set(SEED.map((x) => x[1])).size);
    expect(errors).toEqual([]);
    await context.close();
  });
});
