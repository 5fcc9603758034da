import * as client from 'openid-client';
import type { App } from '../../app.js';
import { appendEvent } from '../../events/append.js';
import { AppError, forbidden } from '../../lib/errors.js';
import { open, randomToken } from '../../lib/crypto.js';
import { newId } from '../../lib/ids.js';
import { log } from '../../lib/log.js';
import { type LoginResult, openSession } from '../login.js';
import { hashPassword } from '../passwords.js';
import { listUserWorkspaces } from '../session-view.js';
import { providerConfig } from './provider.js';

interface Trip {
  verifier: string;
  state: string;
  nonce: string;
  exp: number;
}

/**
 * Why an SSO sign-in failed, as a stable code the login page turns into a sentence
 * (?sso_error=…): the browser lands back on the page, not on a JSON answer.
 */
export type SsoFailure = 'sso_expired' | 'sso_rejected' | 'sso_unverified_email' | 'sso_domain' | 'sso_no_account';

export class SsoError extends AppError {
  constructor(
    readonly reason: SsoFailure,
    message: string,
  ) {
    super('unauthenticated', message);
  }
}

function readTrip(app: App, sealed: string | undefined): Trip {
  try {
    const t = JSON.parse(open(app.config.secretKey, sealed ?? '')) as Trip;
    if (t.exp > app.now()) return t;
  } catch {
    // A missing or tampered cookie is the same as an expired trip.
  }
  throw new SsoError('sso_expired', 'the sign-in took too long or did not start in this browser; try again');
}

/**
 * The provider sent the browser back: the code is exchanged (with the PKCE verifier), and the ID
 * token checked by openid-client — signature against the provider's JWKS, issuer, audience (our
 * client id), expiry, and our state and nonce. The e-mail must be verified by the provider and in an
 * allowed domain. An existing account signs in; a new one is created only when provisioning is on.
 */
export async function finishSso(
  app: App,
  input: { callbackUrl: string; tripCookie: string | undefined; ip: string; userAgent?: string },
): Promise<LoginResult> {
  const cfg = app.config.oidc;
  if (!cfg) throw new AppError('not_found', 'single sign-on is not configured');
  const trip = readTrip(app, input.tripCookie);
  const config = await providerConfig(cfg);
  let claims: client.IDToken | undefined;
  try {
    const tokens = await client.authorizationCodeGrant(config, new URL(input.callbackUrl), {
      pkceCodeVerifier: trip.verifier,
      expectedState: trip.state,
      expectedNonce: trip.nonce,
      idTokenExpected: true,
    });
    claims = tokens.claims();
  } catch (err) {
    log.warn('sso sign-in refused', { err: (err as Error).message });
    throw new SsoError('sso_rejected', `the sign-in was refused: ${(err as Error).message}`);
  }
  if (!claims) throw new SsoError('sso_rejected', 'the provider sent no ID token');
  const email = typeof claims.email === 'string' ? claims.email.toLowerCase() : '';
  if (!email || claims.email_verified !== true) throw new SsoError('sso_unverified_email', 'the provider did not vouch for an e-mail address');
  const domain = email.split('@')[1] ?? '';
  if (cfg.allowedDomains.length && !cfg.allowedDomains.includes(domain)) throw new SsoError('sso_domain', `${domain} is not allowed to sign in here`);

  const db = app.store.db;
  const now = app.now();
  let user = await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
  let provisioned = false;
  const target = cfg.workspaceId;
  const canProvision = cfg.defaultRole !== 'none' && target !== null;
  if (!user && !canProvision) throw new SsoError('sso_no_account', `there is no account for ${email}; ask an admin to invite you`);
  const name = typeof claims.name === 'string' && claims.name.trim() ? claims.name.trim().slice(0, 200) : email.split('@')[0]!;
  // An account made by SSO gets a random password nobody knows; "forgot password" can set one.
  const hash = user ? undefined : await hashPassword(randomToken(24));
  await db.transaction().execute(async (tx) => {
    if (!user) {
      user = { id: newId(now) };
      await tx.insertInto('users').values({ id: user.id, email, name, password_hash: hash!, created_at: now }).execute();
      provisioned = true;
    }
    if (canProvision) {
      const role = cfg.defaultRole as 'viewer' | 'agent' | 'admin';
      const member = await tx.selectFrom('memberships').select('role').where('workspace_id', '=', target).where('user_id', '=', user.id).executeTakeFirst();
      if (!member) {
        await tx.insertInto('memberships').values({ workspace_id: target, user_id: user.id, role, created_at: now }).execute();
        await appendEvent(tx, { workspaceId: target, type: 'member.added', actorUserId: user.id, data: { userId: user.id, role }, at: now });
      }
    }
  });
  const userId = user!.id;
  const workspaces = await listUserWorkspaces(db, userId);
  const chosen = workspaces.find((w) => w.id === target) ?? workspaces[0];
  if (!chosen) throw forbidden('this account is not a member of any workspace');
  await db
    .transaction()
    .execute((tx) => appendEvent(tx, { workspaceId: chosen.id, type: 'account.sso_sign_in', actorUserId: userId, data: { userId, provisioned }, at: now }));
  app.bus.poke(chosen.id);
  return openSession(app, { userId, workspaceId: chosen.id, ip: input.ip, userAgent: input.userAgent });
}
