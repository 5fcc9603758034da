import { mkdirSync } from 'node:fs';
import * as OTPAuth from 'otpauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureSmtp } from '../../src/auth/testing/fake-smtp.js';
import { testDialect } from '../../src/test/store.js';
import { SHOTS_DIR, signIn, startStack, type Stack } from './harness.js';

/** Account hygiene in a browser: invitation by e-mail link, forgot password, two-factor enrolment and sign-in. */
let s: Stack;
let smtp: Awaited<ReturnType<typeof startCaptureSmtp>>;
beforeAll(async () => {
  s = await startStack();
  smtp = await startCaptureSmtp();
  // Links in mails point at this server; mail goes to the local capturing SMTP server.
  s.t.app.config.publicUrl = s.url;
  s.t.app.config.smtpUrl = smtp.url;
  mkdirSync(SHOTS_DIR, { recursive: true });
});
afterAll(async () => {
  await s?.close();
  await smtp?.close();
});

const PASSWORD = 'correct horse battery';

describe(`account hygiene in a browser (${testDialect})`, () => {
  it('invite by e-mail → accept the link with a name and password → signed in, and signs in again later', async () => {
    const owner = await signIn(s, s.ownerEmail, PASSWORD);
    await owner.page.goto('/settings/members');
    const email = `ivy-${Date.now()}@example.com`;
    const card = owner.page.getByRole('region', { name: 'Invite by e-mail' });
    await card.getByLabel('E-mail address').fill(email);
    await card.getByLabel('Role').selectOption('agent');
    await card.getByRole('button', { name: 'Send invitation' }).click();
    await card.getByText(`Invitation sent to ${email}.`).waitFor();
    await card.getByRole('cell', { name: email }).waitFor();
    await owner.page.screenshot({ path: `${SHOTS_DIR}/accounts-invite-${testDialect}.png`, fullPage: true });
    const link = await smtp.linkFor(email, '/accept-invite');

    const ctx = await s.browser.newContext({ baseURL: s.url });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(link);
    await page.getByRole('heading', { name: 'Join Acme' }).waitFor();
    await page.getByLabel('Your name').fill('Ivy Invited');
    await page.getByLabel(/Choose a password/).fill('ivy has a long password');
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('nav.sidebar').waitFor();
    expect(page.url()).not.toContain('token=');
    // The link is spent.
    const again = await ctx.newPage();
    await again.goto(link);
    await again.getByText(/expired, was already used or was revoked/).waitFor();
    await ctx.close();

    const later = await signIn(s, email, 'ivy has a long password');
    const me = await (await later.page.request.get('/api/v1/auth/me')).json();
    expect(me).toMatchObject({ user: { name: 'Ivy Invited', email }, workspace: { id: s.w.workspaceId }, role: 'agent' });
    expect(errors).toEqual([]);
    await later.context.close();
    await owner.context.close();
  }, 90_000);

  it('forgot password: the mailed link sets a new password, and the new one signs in', async () => {
    const fay = await s.member('agent', 'Fay Forgot');
    const ctx = await s.browser.newContext({ baseURL: s.url });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByRole('button', { name: 'Forgot password?' }).click();
    await page.getByLabel('Email').fill(fay.email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.getByText(/a link is on its way/).waitFor();
    const link = await smtp.linkFor(fay.email, '/reset-password');
    await page.goto(link);
    await page.getByLabel(/New password/).fill('fay remembers this one');
    await page.getByRole('button', { name: 'Set password' }).click();
    await page.getByText(/Your password is set/).waitFor();
    await page.getByRole('button', { name: 'Go to sign-in' }).click();
    await page.getByLabel('Email').fill(fay.email);
    await page.getByLabel('Password').fill(fay.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That email and password do not match.').waitFor();
    await page.getByLabel('Password').fill('fay remembers this one');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('nav.sidebar').waitFor();
    await ctx.close();
  }, 90_000);

  it('two-factor: enrol in Settings → Account with the QR key, then sign in with a code from the app', async () => {
    const tom = await s.member('agent', 'Tom Totp');
    const a = await signIn(s, tom.email, tom.password);
    await a.page.goto('/settings/account');
    await a.page.getByRole('button', { name: 'Set up two-factor' }).click();
    await a.page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    const secret = (await a.page.getByTestId('totp-secret').textContent())!.trim();
    const app = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await a.page.getByLabel('Code from the app').fill(app.generate());
    await a.page.getByRole('button', { name: 'Turn on' }).click();
    const codes = a.page.getByRole('list', { name: 'Your recovery codes' }).getByRole('listitem');
    await codes.first().waitFor();
    expect(await codes.count()).toBe(10);
    await a.page.screenshot({ path: `${SHOTS_DIR}/accounts-recovery-codes-${testDialect}.png`, fullPage: true });
    await a.page.getByRole('button', { name: 'I have saved them' }).click();
    await a.page.getByText(/On since/).waitFor();
    await a.context.close();

    const ctx = await s.browser.newContext({ baseURL: s.url });
    const page = await ctx.newPage();
    await page.goto('/login');
    await page.getByLabel('Email').fill(tom.email);
    await page.getByLabel('Password').fill(tom.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Two-factor sign-in' }).waitFor();
    await page.getByLabel('Code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByText('That code is not right (or was already used).').waitFor();
    // The enrolment used this period's code; the app's next code (one step ahead is accepted) signs in.
    await page.getByLabel('Code').fill(app.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.locator('nav.sidebar').waitFor();
    await ctx.close();
  }, 90_000);
});
