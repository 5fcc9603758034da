import * as client from 'openid-client';
import type { App } from '../../app.js';
import { AppError } from '../../lib/errors.js';
import { seal } from '../../lib/crypto.js';
import { providerConfig } from './provider.js';

/** How long the trip to the provider and back may take. */
export const SSO_TRIP_MS = 10 * 60_000;

export const ssoRedirectUri = (app: App) => `${app.config.publicUrl.replace(/\/+$/, '')}/api/v1/auth/oidc/callback`;

/**
 * Starts the authorization code flow: PKCE (S256), state and nonce are drawn here and kept, sealed
 * with HEARKEN_SECRET_KEY, in a cookie of the browser that started (so a callback from another
 * browser, or a forged one, matches nothing). Answers where to send the browser and that cookie.
 */
export async function startSso(app: App): Promise<{ url: string; cookie: string }> {
  const cfg = app.config.oidc;
  if (!cfg) throw new AppError('not_found', 'single sign-on is not configured');
  const config = await providerConfig(cfg);
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: ssoRedirectUri(app),
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  const cookie = seal(app.config.secretKey, JSON.stringify({ verifier, state, nonce, exp: app.now() + SSO_TRIP_MS }));
  return { url: url.href, cookie };
}
