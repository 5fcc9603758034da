import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureSmtp } from '../auth/testing/fake-smtp.js';
import { runReactors } from '../events/reactors.js';
import { reactors } from '../processes/reactors.js';
import { buildInbound, buildMember, buildTestApp, buildWorkspace, deliver, type TestApp, type TestWorkspace } from '../test/app.js';
import { testDialect } from '../test/store.js';
import { settlePipeline } from '../test/settle.js';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;
let clock = Date.parse('2026-11-02T10:00:00Z');
const SECRET = 'my card number is 4111 and I live at Elm street';

beforeAll(async () => {
  smtp = await startCaptureSmtp();
  t = await buildTestApp({ HEARKEN_SMTP_URL: smtp.url, HEARKEN_MAIL_FROM: 'Hearken <no-reply@example.com>', HEARKEN_PUBLIC_URL: 'https://care.example.com' });
  t.app.now = () => clock;
  await runReactors(t.app, reactors);
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

const settle = () => settlePipeline(t.app, 4);
let n = 0;
async function conversation(w: TestWorkspace) {
  const from = `cust-${++n}`;
  clock += 1000;
  expect((await deliver(t, w, buildInbound({ from: { id: from, name: from }, text: SECRET, timestamp: clock }))).status).toBe(200);
  await settle();
  const row = await t.app.store.db
    .selectFrom('conversations')
    .select('id')
    .where('workspace_id', '=', w.workspaceId)
    .where('thread_key', 'like', `%${from}%`)
    .executeTakeFirstOrThrow();
  return row.id;
}
const decoded = (raw: string) => raw.replace(/=\r?\n/g, '').replace(/=3D/g, '=');
const mailsTo = (to: string) => smtp.received.filter((m) => m.to.includes(to));
const emailJobs = (ws: string) =>
  t.app.store.db.selectFrom('jobs').selectAll().where('workspace_id', '=', ws).where('name', '=', 'notification.email').orderBy('id').execute();
async function notifyRule(w: TestWorkspace, userIds: string[], email: boolean) {
  const res = await t.req('POST', '/api/v1/rules', {
    token: w.token,
    body: { name: 'VIP wrote', trigger: { type: 'message_received' }, actions: [{ type: 'notify', userIds, text: 'A VIP wrote in', email }] },
  });
  expect(res.status, await res.clone().text()).toBe(201);
}

describe(`notification e-mail (${testDialect})`, () => {
  it('a rule with "also by e-mail" mails each notified member once, through the job, with a link and no customer text', async () => {
    const w = await buildWorkspace(t, { name: 'Shop' });
    const a = await buildMember(t, w.workspaceId, 'agent', 'Ada');
    const b = await buildMember(t, w.workspaceId, 'agent', 'Bo');
    await notifyRule(w, [a.userId, b.userId], true);
    const conv = await conversation(w);
    for (const m of [a, b]) {
      const mails = mailsTo(m.email);
      expect(mails).toHaveLength(1);
      const body = decoded(mails[0]!.raw);
      expect(body).toContain('Subject: [Shop] A VIP wrote in');
      expect(body).toContain('A VIP wrote in');
      expect(body).toContain('"VIP wrote"');
      expect(body).toContain(`https://care.example.com/inbox/all/${conv}`);
      expect(body).not.toContain('4111');
    }
    expect((await emailJobs(w.workspaceId)).map((j) => j.status)).toEqual(['done', 'done']);
    const rows = await t.app.store.db.selectFrom('notifications').selectAll().where('workspace_id', '=', w.workspaceId).execute();
    expect(rows.map((r) => r.emailed_at !== null)).toEqual([true, true]);
    // Running the jobs again sends nothing more.
    await settle();
    expect(mailsTo(a.email)).toHaveLength(1);
  });

  it('without "also by e-mail" no mail; the member preference e-mails the other kinds', async () => {
    const w = await buildWorkspace(t, { name: 'Shop' });
    const a = await buildMember(t, w.workspaceId, 'agent', 'Ada');
    const b = await buildMember(t, w.workspaceId, 'agent', 'Bo');
    await notifyRule(w, [a.userId], false);
    const conv = await conversation(w);
    expect(await t.app.store.db.selectFrom('notifications').select('id').where('user_id', '=', a.userId).execute()).toHaveLength(1);
    expect(mailsTo(a.email)).toHaveLength(0);

    expect((await t.req('PATCH', '/api/v1/me/settings', { token: a.token, body: { notifications: { email: true } } })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/conversations/${conv}/assign`, { token: w.token, body: { assigneeId: a.userId } })).status).toBe(200);
    expect((await t.req('POST', `/api/v1/conversations/${conv}/assign`, { token: w.token, body: { assigneeId: b.userId } })).status).toBe(200);
    await settle();
    const mails = mailsTo(a.email);
    expect(mails).toHaveLength(1);
    expect(decoded(mails[0]!.raw)).toContain('Olivia Owner assigned a conversation to you.');
    expect(mailsTo(b.email)).toHaveLength(0);
  });

  it('a mail server that is down: the notification is there at once, the mail is retried by the job and sent later', async () => {
    const w = await buildWorkspace(t, { name: 'Shop' });
    const a = await buildMember(t, w.workspaceId, 'agent', 'Ada');
    await notifyRule(w, [a.userId], true);
    const up = t.app.config.smtpUrl;
    t.app.config.smtpUrl = 'smtp://127.0.0.1:1';
    try {
      await conversation(w);
      const list = await (await t.req('GET', '/api/v1/notifications', { token: a.token })).json();
      expect(list).toMatchObject({ unreadCount: 1, notifications: [{ kind: 'rule', text: 'A VIP wrote in' }] });
      const [job] = await emailJobs(w.workspaceId);
      expect(job).toMatchObject({ status: 'pending', attempts: 1 });
      expect(job!.last_error).toMatch(/could not send the mail/);
      expect(Number(job!.run_at)).toBeGreaterThan(clock);
      expect(mailsTo(a.email)).toHaveLength(0);
    } finally {
      t.app.config.smtpUrl = up;
    }
    clock += 20 * 60_000;
    await settle();
    expect(mailsTo(a.email)).toHaveLength(1);
    expect(await emailJobs(w.workspaceId)).toMatchObject([{ status: 'done', attempts: 2 }]);
  });

  it('a rule mails nobody when Hearken has no mail server, and still notifies', async () => {
    const w = await buildWorkspace(t, { name: 'Shop' });
    const a = await buildMember(t, w.workspaceId, 'agent', 'Ada');
    await notifyRule(w, [a.userId], true);
    const up = t.app.config.smtpUrl;
    t.app.config.smtpUrl = null;
    try {
      await conversation(w);
    } finally {
      t.app.config.smtpUrl = up;
    }
    expect(await emailJobs(w.workspaceId)).toEqual([]);
    expect((await (await t.req('GET', '/api/v1/notifications', { token: a.token })).json()).unreadCount).toBe(1);
  });
});
