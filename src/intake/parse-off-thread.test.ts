import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { OFF_THREAD_BYTES, offThreadAnswers, startParseThread } from './parse-off-thread.js';
import { processJournalBatch } from './processor.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  await startParseThread();
});
afterAll(() => t.close());

const drain = async () => {
  while ((await processJournalBatch(t.app)) > 0);
};
const entry = (id: number) => t.app.store.db.selectFrom('journal').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe(`big deliveries are parsed on the parse thread (${testDialect})`, () => {
  it('stores every event of a big delivery as the main thread would, cleaned of NUL and lone surrogates', async () => {
    const before = offThreadAnswers();
    const events = Array.from({ length: 600 }, (_, i) =>
      buildInbound({ id: `thread-${i}`, from: { id: `thread-cust-${i % 40}`, name: 'Thảo Nguyễn' }, text: `đơn hàng ${i} 包裹\u0000 ok \ud800 end` }),
    );
    const body = JSON.stringify({ events });
    expect(body.length).toBeGreaterThan(OFF_THREAD_BYTES);
    const res = await deliver(t, w, body);
    expect(res.status).toBe(200);
    const { journalId } = await res.json();
    await drain();
    // one answer checked the JSON at the receiver, one parsed the delivery
    expect(offThreadAnswers() - before).toBe(2);
    expect(await entry(journalId)).toMatchObject({ status: 'processed', next_event: 600, error: null });
    const texts = await t.app.store.db
      .selectFrom('messages')
      .select('body')
      .where('workspace_id', '=', w.workspaceId)
      .where('body', 'like', 'đơn hàng %')
      .execute();
    expect(texts).toHaveLength(600);
    // NUL removed, the lone surrogate replaced (lib/clean-text.ts), as on the main thread
    expect(texts.every((m) => m.body === `đơn hàng ${m.body.split(' ')[2]} 包裹 ok \ufffd end`)).toBe(true);
  });

  it('answers 400 for a big body that is not JSON, and keeps it in the journal as failed', async () => {
    const before = offThreadAnswers();
    const res = await deliver(t, w, `{"events": [${'{"type":"message"},'.repeat(5000)}`);
    expect(res.status).toBe(400);
    expect((await res.json()).error.fields[0]).toMatchObject({ field: '(body)' });
    expect(offThreadAnswers() - before).toBe(1);
    const failed = await t.app.store.db
      .selectFrom('journal')
      .selectAll()
      .where('channel_id', '=', w.channelId)
      .where('status', '=', 'failed')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(failed.error).toBe('body is not valid JSON');
  });

  it("marks a big delivery its adapter refuses as failed with the adapter's reason, as a small one is", async () => {
    const pad = 'x'.repeat(OFF_THREAD_BYTES);
    const small = await (await deliver(t, w, { events: 'not a list' })).json();
    const big = await (await deliver(t, w, { events: 'not a list', pad })).json();
    await drain();
    const [a, b] = [await entry(small.journalId), await entry(big.journalId)];
    expect(a.status).toBe('failed');
    expect(a.error).toMatch(/^cannot parse payload: /);
    expect(b).toMatchObject({ status: 'failed', error: a.error });
  });
});
