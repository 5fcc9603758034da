import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, buildWorkspace, type TestApp } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { appendEvent } from './append.js';
import { eventCatalog, eventTypes, payloadProblem } from './catalog.js';
import { eventListMarkdown, README_EVENTS_END, README_EVENTS_START } from './catalog-doc.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('the event catalog', () => {
  it('is listed in README "Events", exactly (regenerate the block from eventListMarkdown() when this fails)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const start = readme.indexOf(README_EVENTS_START);
    const end = readme.indexOf(README_EVENTS_END);
    expect(start).toBeGreaterThan(0);
    expect(end).toBeGreaterThan(start);
    const listed = readme.slice(start + README_EVENTS_START.length, end).trim();
    expect(listed).toBe(eventListMarkdown());
    for (const type of eventTypes) expect(listed).toContain(`| \`${type}\` |`);
  });

  it('declares object payloads with a line of documentation each', () => {
    expect(eventTypes.length).toBeGreaterThan(60);
    for (const type of eventTypes) {
      expect(type).toMatch(/^[a-z_]+\.[a-z_]+$/);
      expect(eventCatalog[type].doc.length).toBeGreaterThan(5);
    }
  });

  it('tells a payload that fits from one that does not', () => {
    expect(payloadProblem('message.edited', { messageId: 'm1' })).toBeNull();
    expect(payloadProblem('message.edited', {})).toMatch(/^messageId: /);
    expect(payloadProblem('message.edited', { messageId: 'm1', extra: 1 })).toMatch(/extra/);
    expect(payloadProblem('message.nope', {})).toBe('unknown event type "message.nope"');
  });
});

describe(`appendEvent (${testDialect})`, () => {
  it('refuses, under test, a payload the catalog does not describe; the types refuse it at compile time', async () => {
    const w = await buildWorkspace(t);
    const db = t.app.store.db;
    await appendEvent(db, { workspaceId: w.workspaceId, type: 'team.created', data: { teamId: 't1', name: 'Billing' }, at: 1 });
    // @ts-expect-error a type the catalog does not declare
    const unknownType = appendEvent(db, { workspaceId: w.workspaceId, type: 'team.exploded', data: {}, at: 1 });
    await expect(unknownType).rejects.toThrow('unknown event type "team.exploded"');
    // @ts-expect-error a payload of the wrong shape
    const wrongShape = appendEvent(db, { workspaceId: w.workspaceId, type: 'team.created', data: { teamId: 7 }, at: 1 });
    await expect(wrongShape).rejects.toThrow(/team.created does not match the catalog: teamId: .*; name: /);
  });

  it('every event the suite has written so far in this database fits the catalog', async () => {
    // (appendEvent checks as it writes under test; this guards writers that bypass it)
    const rows = await t.app.store.db.selectFrom('events').select(['type', 'data']).where('type', 'not like', 'test.%').execute();
    for (const r of rows) expect([r.type, payloadProblem(r.type, JSON.parse(r.data))]).toEqual([r.type, null]);
  });
});
