import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMember, buildTestApp, buildWorkspace, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';

let t: TestApp;
let w: TestWorkspace;
let other: TestWorkspace;
const office = {
  timeZone: 'Europe/Berlin',
  days: {
    mon: [{ start: '09:00', end: '17:00' }],
    tue: [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '17:00' },
    ],
  },
  holidays: ['2024-12-25'],
};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  other = await buildWorkspace(t, { name: 'Other' });
});
afterAll(() => t.close());

describe(`business hours API (${testDialect})`, () => {
  it('sets the workspace default as a new version and never rewrites the past', async () => {
    expect(await (await t.req('GET', '/api/v1/business-hours', { token: w.token })).json()).toMatchObject({ current: null, versions: [] });
    const put = await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: office });
    expect(put.status).toBe(200);
    const body = await put.json();
    expect(body.current).toMatchObject({ timeZone: 'Europe/Berlin', days: { mon: [{ start: '09:00', end: '17:00' }], sun: [] }, holidays: ['2024-12-25'] });
    // A scheduled change is a second version; the one in force stays current until then.
    const next = new Date(t.app.now() + 86_400_000).toISOString();
    const later = await (await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: { ...office, timeZone: 'UTC', effectiveFrom: next } })).json();
    expect(later.versions).toHaveLength(2);
    expect(later.current.timeZone).toBe('Europe/Berlin');
    const past = await t.req('PUT', '/api/v1/business-hours', { token: w.token, body: { ...office, effectiveFrom: '2020-01-01T00:00:00Z' } });
    expect(past.status).toBe(400);
    expect((await past.json()).error.fields[0].field).toBe('effectiveFrom');
  });

  it('validates time zones and blocks field by field', async () => {
    const res = await t.req('PUT', '/api/v1/business-hours', {
      token: w.token,
      body: {
        timeZone: 'Mars/Olympus',
        days: {
          mon: [{ start: '17:00', end: '09:00' }],
          tue: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
          wed: [{ start: '9:00', end: '25:00' }],
        },
      },
    });
    expect(res.status).toBe(400);
    const fields = (await res.json()).error.fields.map((f: { field: string }) => f.field);
    expect(fields).toEqual(expect.arrayContaining(['timeZone', 'days.mon.0', 'days.tue', 'days.wed.0.start', 'days.wed.0.end']));
  });

  it('a channel override replaces the default until it is removed', async () => {
    const url = `/api/v1/channels/${w.channelId}/business-hours`;
    expect(await (await t.req('GET', url, { token: w.token })).json()).toMatchObject({ source: 'workspace', current: { timeZone: 'Europe/Berlin' } });
    const put = await (
      await t.req('PUT', url, { token: w.token, body: { timeZone: 'America/New_York', days: { sat: [{ start: '10:00', end: '14:00' }] } } })
    ).json();
    expect(put).toMatchObject({ source: 'override', current: { timeZone: 'America/New_York' } });
    const del = await t.req('DELETE', url, { token: w.token });
    expect(del.status).toBe(200);
    expect(await del.json()).toMatchObject({ source: 'workspace', versions: [{ hours: null }, { hours: { timeZone: 'America/New_York' } }] });
    expect((await t.req('DELETE', url, { token: w.token })).status).toBe(404);
  });

  it('only admins change hours; another workspace cannot see or set a channel', async () => {
    const agent = await buildMember(t, w.workspaceId, 'agent');
    expect((await t.req('GET', '/api/v1/business-hours', { token: agent.token })).status).toBe(200);
    expect((await t.req('PUT', '/api/v1/business-hours', { token: agent.token, body: office })).status).toBe(403);
    expect((await t.req('GET', `/api/v1/channels/${w.channelId}/business-hours`, { token: other.token })).status).toBe(404);
    expect((await t.req('PUT', `/api/v1/channels/${w.channelId}/business-hours`, { token: other.token, body: office })).status).toBe(404);
  });
});
