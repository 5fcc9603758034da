import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { createPoller } from './pollers.js';

let t: TestApp;
let w: TestWorkspace;
beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
});
afterAll(() => t.close());

describe(`channel polling schedule (${testDialect})`, () => {
  it('polls each active channel when due, honours Retry-After, and skips channels not in polling mode', async () => {
    const calls: string[] = [];
    let retryAfterMs: number | undefined = 120_000;
    const plans = {
      api: {
        poll: async (_app: unknown, ch: { id: string }) => {
          calls.push(ch.id);
          return { retryAfterMs };
        },
        everyMs: (s: Record<string, unknown>) => (s.network === 'skipme' ? null : 60_000),
      },
    };
    await t.req('POST', '/api/v1/channels', { token: w.token, body: { type: 'api', name: 'not polled', settings: { network: 'skipme' } } });
    const tick = createPoller(t.app, plans as never);
    expect(await tick()).toBe(1);
    expect(calls).toEqual([w.channelId]);
    const realNow = t.app.now;
    t.app.now = () => realNow() + 61_000; // past the interval, not past Retry-After
    expect(await tick()).toBe(0);
    retryAfterMs = undefined;
    t.app.now = () => realNow() + 121_000;
    expect(await tick()).toBe(1);
    await t.req('PATCH', `/api/v1/channels/${w.channelId}`, { token: w.token, body: { status: 'disabled' } });
    t.app.now = () => realNow() + 500_000;
    expect(await tick()).toBe(0);
    t.app.now = realNow;
    expect(calls).toEqual([w.channelId, w.channelId]);
  });
});
