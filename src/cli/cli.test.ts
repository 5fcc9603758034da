import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInbound, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { childEnv } from '../test/child.js';
import { testDialect } from '../test/store.js';
import { processJournalBatch } from '../intake/processor.js';
import { runReactors } from '../events/reactors.js';
import { reactors } from '../processes/reactors.js';
import { runCli } from './index.js';

let t: TestApp;
let w: TestWorkspace;
const run = async (...argv: string[]) => {
  const lines: string[] = [];
  const code = await runCli(argv, (l) => lines.push(l));
  return { code, out: lines.join('\n') };
};

beforeAll(async () => {
  t = await buildTestApp();
  w = await buildWorkspace(t);
  // The CLI reads its database from the environment, like the server.
  Object.assign(process.env, childEnv(t));
});
afterAll(() => t.close());

describe(`admin CLI (${testDialect})`, () => {
  it('creates a workspace whose printed password signs in', async () => {
    const { code, out } = await run('create-workspace', '--name', 'Cli Shop', '--email', 'lead@cli.example');
    expect(code).toBe(0);
    const password = out.match(/with password (\S+)/)![1];
    const res = await t.req('POST', '/api/v1/auth/login', { body: { email: 'lead@cli.example', password } });
    expect(res.status).toBe(200);
    expect((await run('workspaces')).out).toContain('Cli Shop\tlead@cli.example\towner');
  });

  it('resets a lost password and signs out existing sessions', async () => {
    await run('create-workspace', '--name', 'Lost', '--email', 'lost@cli.example', '--password', 'first password 1');
    const login = await t.req('POST', '/api/v1/auth/login', { body: { email: 'lost@cli.example', password: 'first password 1' } });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    expect((await t.req('GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(200);
    const { out } = await run('reset-password', '--email', 'lost@cli.example');
    const fresh = out.match(/new password: (\S+)/)![1];
    expect((await t.req('GET', '/api/v1/auth/me', { headers: { cookie } })).status).toBe(401);
    expect((await t.req('POST', '/api/v1/auth/login', { body: { email: 'lost@cli.example', password: fresh } })).status).toBe(200);
    await expect(run('reset-password', '--email', 'nobody@cli.example')).rejects.toThrow('no user with email');
  });

  it("a reset password also revokes the account's API tokens, in every workspace", async () => {
    await run('create-workspace', '--name', 'Leaky', '--email', 'leaky@cli.example', '--password', 'first password 1');
    const ws = await t.app.store.db.selectFrom('workspaces').select('id').where('name', '=', 'Leaky').executeTakeFirstOrThrow();
    const user = await t.app.store.db.selectFrom('users').select('id').where('email', '=', 'leaky@cli.example').executeTakeFirstOrThrow();
    await t.app.store.db.insertInto('memberships').values({ workspace_id: w.workspaceId, user_id: user.id, role: 'agent', created_at: t.app.now() }).execute();
    const { out: here } = await run('create-token', '--email', 'leaky@cli.example', '--workspace', ws.id);
    const { out: there } = await run('create-token', '--email', 'leaky@cli.example', '--workspace', w.workspaceId);
    expect((await t.req('GET', '/api/v1/conversations', { token: here })).status).toBe(200);
    const { out } = await run('reset-password', '--email', 'leaky@cli.example', '--password', 'second password 2');
    expect(out).toMatch(/2 API tokens revoked/);
    for (const token of [here, there]) expect((await t.req('GET', '/api/v1/conversations', { token })).status).toBe(401);
    const revoked = await t.app.store.db.selectFrom('api_tokens').select('revoked_at').where('user_id', '=', user.id).execute();
    expect(revoked.map((r) => r.revoked_at !== null)).toEqual([true, true]);
    expect((await t.req('POST', '/api/v1/auth/login', { body: { email: 'leaky@cli.example', password: 'second password 2' } })).status).toBe(200);
  });

  it('issues API tokens only to members, and lists and replays failed deliveries', async () => {
    const owner = await t.app.store.db.selectFrom('users').select('email').where('id', '=', w.ownerId).executeTakeFirstOrThrow();
    const { out: token } = await run('create-token', '--email', owner.email, '--workspace', w.workspaceId);
    expect((await t.req('GET', '/api/v1/conversations', { token })).status).toBe(200);
    await expect(run('create-token', '--email', 'lead@cli.example', '--workspace', w.workspaceId)).rejects.toThrow('is not a member');
    await expect(run('create-token', '--email', owner.email)).rejects.toThrow('--workspace is required');

    await deliver(t, w, { type: 'message', id: 'cli-bad', text: 'no sender' });
    while ((await processJournalBatch(t.app)) > 0);
    expect((await run('intake-failures', '--workspace', w.workspaceId)).out).toMatch(/from/);
    expect((await run('replay', '--workspace', w.workspaceId)).out).toMatch(/^1 deliveries queued again/);
  });

  it('lists the reactors with cursor and lag, and replays one from an event id', async () => {
    await deliver(t, w, buildInbound({ from: { id: 'rea', name: 'Rea' } }));
    while ((await processJournalBatch(t.app)) > 0);
    await runReactors(t.app, reactors);
    const listed = (await run('reactors')).out.split('\n');
    expect(listed[0]).toBe('reactor\tcursor\tlag\tupdated');
    const rollup = listed.find((l) => l.startsWith('rollup\t'))!.split('\t');
    expect(Number(rollup[1])).toBeGreaterThan(0);
    expect(rollup[2]).toBe('0');
    expect(listed.some((l) => l.startsWith('sla\t'))).toBe(true);
    const { code, out } = await run('reactors', 'replay', 'rollup', '--from', '1');
    expect(code).toBe(0);
    expect(out).toBe(`rollup: cursor moved from ${rollup[1]} to 0; a running worker handles events 1 onwards again`);
    const again = (await run('reactors')).out
      .split('\n')
      .find((l) => l.startsWith('rollup\t'))!
      .split('\t');
    expect(again[1]).toBe('0');
    expect(Number(again[2])).toBeGreaterThan(0);
    expect((await run('reactors', 'replay', 'nope', '--from', '1')).out).toBe(
      'no reactor "nope"; there are: removal, spam-triage, routing, sla, priority, rollup, audit, rules, notifications',
    );
    expect((await run('reactors', 'replay', 'sla', '--from', 'x')).code).toBe(2);
    expect((await run('reactors', 'replay', 'rollup', '--from', String(Number(rollup[1]) + 1000))).out).toMatch(/replay only moves a cursor back/);
  });

  it('explains unknown commands', async () => {
    await expect(run('frobnicate')).rejects.toThrow('unknown command "frobnicate"');
    expect((await run()).code).toBe(2);
  });
});

describe(`contacts CSV from the command line (${testDialect})`, () => {
  it('exports the directory and imports a file back, listing bad rows and exiting 1 for them', async () => {
    const { mkdtempSync, readFileSync, writeFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    expect((await deliver(t, w, buildInbound({ from: { id: 'cli-csv-1', name: 'Ciro Csv' }, text: 'hi' }))).status).toBe(200);
    while ((await processJournalBatch(t.app)) > 0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hearken-csv-'));
    const file = path.join(dir, 'contacts.csv');
    const exported = await run('contacts', 'export', '--workspace', w.workspaceId, '--q', 'ciro', '--out', file);
    expect(exported).toEqual({ code: 0, out: `exported 1 contacts to ${file}` });
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe('id,name,email,phone,accounts,conversations,created_at');
    writeFileSync(file, csv.replace('Ciro Csv', 'Ciro Renamed') + ',Nobody,bad@,,,,\r\n');
    const dry = await run('contacts', 'import', file, '--workspace', w.workspaceId, '--dry-run');
    expect(dry.out).toContain('checked (nothing changed): 2 rows, 0 new, 1 updated, 1 with errors');
    const done = await run('contacts', 'import', file, '--workspace', w.workspaceId);
    expect(done.code).toBe(1);
    expect(done.out).toMatch(/^imported: 2 rows, 0 new, 1 updated, 1 with errors\nrow 3: email: "bad@" is not an e-mail address$/);
    expect((await t.app.store.db.selectFrom('contacts').select('id').where('name', '=', 'Ciro Renamed').execute()).length).toBe(1);
    expect((await run('contacts', 'import', '--workspace', w.workspaceId)).code).toBe(2);
    expect((await run('contacts', 'export')).code).toBe(2);
  });
});

describe(`privacy from the command line (${testDialect})`, () => {
  it('exports and erases a person, refuses without --yes, and lists the audit trail', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    expect((await deliver(t, w, buildInbound({ from: { id: 'cli-person-881', name: 'Cleo Command' }, text: 'Call me at home please' }))).status).toBe(200);
    while ((await processJournalBatch(t.app)) > 0);
    const contact = await t.app.store.db.selectFrom('contacts').select('id').where('name', '=', 'Cleo Command').executeTakeFirstOrThrow();
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'hearken-export-')), 'cleo.zip');
    const exported = await run('contacts', 'export', contact.id, '--workspace', w.workspaceId, '--out', file);
    expect(exported).toMatchObject({ code: 0, out: expect.stringContaining('1 conversations') });
    expect(readFileSync(file).subarray(0, 2).toString()).toBe('PK');
    expect((await run('contacts', 'erase', contact.id, '--workspace', w.workspaceId)).code).toBe(2);
    expect((await run('contacts', 'erase', 'no-such-contact', '--workspace', w.workspaceId, '--yes')).code).toBe(1);
    const erased = await run('contacts', 'erase', contact.id, '--workspace', w.workspaceId, '--yes');
    expect(erased).toMatchObject({ code: 0, out: expect.stringContaining('1 messages in 1 conversations') });
    expect((await t.app.store.db.selectFrom('contacts').select('name').where('id', '=', contact.id).executeTakeFirstOrThrow()).name).toBeNull();
    const audit = await run('audit', '--workspace', w.workspaceId, '--action', 'contact.');
    expect(audit.out.split('\n').map((l) => l.split('\t').slice(1, 3))).toEqual([
      ['command line', 'contact.erased'],
      ['command line', 'contact.exported'],
    ]);
    expect((await run('audit', '--workspace', w.workspaceId, '--csv')).out.split('\r\n')[0]).toBe('time,actor,action,target type,target id,details');
  });
});
