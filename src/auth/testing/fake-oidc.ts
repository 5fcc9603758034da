import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';

/**
 * A local OpenID Connect provider for tests, over real HTTP on 127.0.0.1: discovery, JWKS,
 * authorize and token endpoints, ID tokens signed RS256 with a real key. It refuses what a real
 * provider refuses: an unknown client or redirect_uri, no PKCE (S256 only), a wrong client secret,
 * a reused or unknown code, a code_verifier that does not match, a redirect_uri that differs from
 * the authorize request's. `user` is who "signs in" at authorize (no login form: the test decides);
 * `tamper` makes the next ID tokens wrong on purpose (audience, nonce, issuer, e-mail verification).
 */
export interface FakeUser {
  sub: string;
  email: string;
  name?: string;
  email_verified?: boolean;
}

interface Grant {
  clientId: string;
  redirectUri: string;
  challenge: string;
  nonce?: string;
  user: FakeUser;
  used: boolean;
}

export async function startFakeOidc(o: { clientId: string; clientSecret: string; redirectUris: string[] }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
  const grants = new Map<string, Grant>();
  const state = {
    user: { sub: 'user-1', email: 'sso@example.com', name: 'Sam Sso', email_verified: true } as FakeUser,
    tamper: {} as { aud?: string; nonce?: string; iss?: string },
    tokenRequests: 0,
  };
  let issuer = '';

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const readBody = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let s = '';
      req.on('data', (c) => (s += c));
      req.on('end', () => resolve(s));
    });

  async function token(req: IncomingMessage, res: ServerResponse) {
    state.tokenRequests++;
    const form = new URLSearchParams(await readBody(req));
    // Client authentication: client_secret_basic, or client_secret_post.
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = req.headers.authorization;
    if (basic?.startsWith('Basic ')) {
      const [u, p] = Buffer.from(basic.slice(6), 'base64').toString().split(':');
      id = decodeURIComponent(u ?? '');
      secret = decodeURIComponent(p ?? '');
    }
    if (id !== o.clientId || secret !== o.clientSecret) return json(res, 401, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'authorization_code') return json(res, 400, { error: 'unsupported_grant_type' });
    const g = grants.get(form.get('code') ?? '');
    if (!g || g.used || g.clientId !== id) return json(res, 400, { error: 'invalid_grant', error_description: 'unknown or used code' });
    g.used = true;
    if (form.get('redirect_uri') !== g.redirectUri) return json(res, 400, { error: 'invalid_grant', error_description: 'redirect_uri differs' });
    const verifier = form.get('code_verifier') ?? '';
    if (createHash('sha256').update(verifier).digest('base64url') !== g.challenge)
      return json(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { email: g.user.email, email_verified: g.user.email_verified ?? true, name: g.user.name };
    const nonce = state.tamper.nonce ?? g.nonce;
    if (nonce) claims.nonce = nonce;
    const idToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'k1' })
      .setIssuer(state.tamper.iss ?? issuer)
      .setSubject(g.user.sub)
      .setAudience(state.tamper.aud ?? o.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + 300)
      .sign(privateKey);
    json(res, 200, { access_token: randomBytes(16).toString('hex'), token_type: 'Bearer', expires_in: 300, id_token: idToken });
  }

  function authorize(url: URL, res: ServerResponse) {
    const p = url.searchParams;
    const redirectUri = p.get('redirect_uri') ?? '';
    // Unknown client or redirect: a real provider shows an error page and never redirects.
    if (p.get('client_id') !== o.clientId || !o.redirectUris.includes(redirectUri))
      return json(res, 400, { error: 'invalid_request', error_description: 'unknown client or redirect_uri' });
    const back = new URL(redirectUri);
    const st = p.get('state');
    if (st) back.searchParams.set('state', st);
    if (
      p.get('response_type') !== 'code' ||
      p.get('code_challenge_method') !== 'S256' ||
      !p.get('code_challenge') ||
      !(p.get('scope') ?? '').split(' ').includes('openid')
    ) {
      back.searchParams.set('error', 'invalid_request');
    } else {
      const code = randomBytes(16).toString('base64url');
      grants.set(code, {
        clientId: o.clientId,
        redirectUri,
        challenge: p.get('code_challenge')!,
        nonce: p.get('nonce') ?? undefined,
        user: { ...state.user },
        used: false,
      });
      back.searchParams.set('code', code);
    }
    back.searchParams.set('iss', issuer);
    res.writeHead(302, { location: back.href });
    res.end();
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return json(res, 200, {
        issuer,
        authorization_endpoint: `${issuer}/authorize`,
        token_endpoint: `${issuer}/token`,
        jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        authorization_response_iss_parameter_supported: true,
      });
    }
    if (req.method === 'GET' && url.pathname === '/jwks') return json(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && url.pathname === '/authorize') return authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') return void token(req, res).catch(() => json(res, 500, { error: 'server_error' }));
    json(res, 404, { error: 'not_found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    issuer,
    state,
    /** Follows the authorize step as a browser would: answers the redirect back (with code and state). */
    async authorize(authorizeUrl: string): Promise<string> {
      const r = await fetch(authorizeUrl, { redirect: 'manual' });
      const loc = r.headers.get('location');
      if (r.status !== 302 || !loc) throw new Error(`authorize refused: ${r.status} ${await r.text()}`);
      return loc;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
