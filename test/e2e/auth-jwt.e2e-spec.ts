import { createServer } from 'node:net';
import { base64url, decodeJwt, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtStrategy } from '../../src/auth/strategies/jwt.strategy';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { createSigningKey, startJwksServer, TestJwks } from '../support/jwks';

const ISSUER = 'https://app.example.test/';
const AUDIENCE = 'whatsapp-gateway';

async function expectUnauthorized(res: Response, message?: string) {
  expect(res.status).toBe(401);
  const body = await res.json() as any;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ code: 'unauthorized', details: {} });
  if (message) expect(body.error.message).toBe(message);
}

/** A port on loopback where nothing listens: a JWKS that is down. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('login JWTs against a JWKS served on loopback', () => {
  let db: TestDatabase;
  let jwks: TestJwks;
  let t: TestApp;
  const claims = (extra: Record<string, unknown> = {}) => ({ org: 'org-jwt', role: 'owner', ...extra });
  const mint = (extra: Record<string, unknown> = {}, options: Parameters<TestJwks['mint']>[1] = {}) =>
    jwks.mint(claims(extra), { issuer: ISSUER, audience: AUDIENCE, subject: 'user-1', ...options });
  /** An accepted token's call through the typed client (refused tokens stay raw, as credential tests). */
  const listKeys = (token: string) => t.client(token).GET('/api/v1/api-keys');

  beforeAll(async () => {
    db = await createTestDatabase();
    jwks = await startJwksServer();
    t = await startTestApp({ AUTH_JWKS_URL: jwks.url, AUTH_JWT_ISSUER: ISSUER, AUTH_JWT_AUDIENCE: AUDIENCE }, { db });
  });
  afterAll(async () => {
    await t?.close();
    await jwks?.close();
    await db?.drop();
  });

  it('accepts RS256 and ES256 tokens with the capabilities of their role', async () => {
    const rs = await mint();
    const es = await mint({}, { key: jwks.keys.ES256 });
    for (const token of [rs, es]) expect((await listKeys(token)).response.status).toBe(200);
    // The signature was checked over HTTP above; here the mapping of claims to a principal.
    expect(t.app.get(JwtStrategy).validate(decodeJwt(es))).toEqual({
      orgId: 'org-jwt',
      kind: 'user',
      subject: 'user-1',
      capabilities: ['send', 'manage', 'admin'],
    });
  });

  it('maps roles through the default table (AUTH_ROLE_CAPABILITIES unset)', async () => {
    const strategy = t.app.get(JwtStrategy);
    const caps = async (role: unknown) => strategy.validate(decodeJwt(await mint({ role }))).capabilities;
    expect(await caps('admin')).toEqual(['send', 'manage', 'admin']);
    expect(await caps('member')).toEqual(['send']);
    expect(await caps('viewer')).toEqual([]);
    expect(await caps('root')).toEqual([]);
    expect(await caps(['owner'])).toEqual([]);
    // A member is a valid principal without `admin`: 403, not 401.
    const res = await listKeys(await mint({ role: 'member' }));
    expect(res.response.status).toBe(403);
    expect(res.error?.error.code).toBe('forbidden');
  });

  it('acts in the organization of the token', async () => {
    const token = await mint();
    const res = await t.client(token).POST('/api/v1/api-keys', { body: { name: 'from jwt', capabilities: ['send'] } });
    expect(res.response.status).toBe(201);
    const { id } = res.data!;
    expect(await t.dataSource.query('SELECT org_id FROM api_keys WHERE id = $1', [id])).toEqual([{ org_id: 'org-jwt' }]);
    // Another organization's token does not see it.
    const other = (await listKeys(await mint({ org: 'org-other' }))).data!;
    expect(other.items).toEqual([]);
    // A member may not create an admin key (no escalation).
    const member = await mint({ role: 'member' });
    expect((await t.client(member).POST('/api/v1/api-keys', { body: { name: 'x', capabilities: [] } })).response.status).toBe(403);
  });

  it('still accepts API keys when a JWKS is configured', async () => {
    const key = await createApiKey(t, { orgId: 'org-jwt', capabilities: ['admin'] });
    expect((await listKeys(key)).response.status).toBe(200);
  });

  describe('refuses, with 401 and the envelope', () => {
    it('a token without an organization, or with an empty one', async () => {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({ org: undefined }) }), 'token has no organization');
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({ org: '' }) }), 'token has no organization');
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({ org: 42 }) }), 'token has no organization');
    });

    it('alg: none', async () => {
      const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT', kid: 'rsa-1' }));
      const now = Math.floor(Date.now() / 1000);
      const payload = base64url.encode(JSON.stringify({ ...claims(), iss: ISSUER, aud: AUDIENCE, exp: now + 300 }));
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: `${header}.${payload}.` }));
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: `${header}.${payload}.x` }), 'token algorithm not allowed');
    });

    it('HS256 signed with the RSA public key (algorithm confusion)', async () => {
      const publicPem = await import('node:crypto').then(({ createPublicKey }) =>
        createPublicKey({ key: jwks.keys.RS256.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }),
      );
      for (const secret of [Buffer.from(publicPem as string), Buffer.from(JSON.stringify(jwks.keys.RS256.publicJwk))]) {
        const token = await new SignJWT({ ...claims(), iss: ISSUER, aud: AUDIENCE })
          .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1' })
          .setExpirationTime('5m')
          .sign(secret);
        await expectUnauthorized(await t.http('/api/v1/api-keys', { token }), 'token algorithm not allowed');
      }
    });

    it('expired, beyond the clock skew (but accepts within it)', async () => {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { expiresIn: -120 }) }), 'token expired');
      expect((await listKeys(await mint({}, { expiresIn: -5 }))).response.status).toBe(200);
    });

    it('without exp (a token that would never expire)', async () => {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { expiresIn: null }) }));
    });

    it('nbf in the future, beyond the clock skew', async () => {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { notBefore: 600 }) }), 'token not yet valid');
      expect((await listKeys(await mint({}, { notBefore: 5 }))).response.status).toBe(200);
    });

    it('wrong issuer and wrong audience', async () => {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { issuer: 'https://evil.test/' }) }), 'token claim "iss" is invalid');
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { audience: 'another-api' }) }), 'token claim "aud" is invalid');
    });

    it('an unknown kid, refetching the JWKS at most once per cooldown', async () => {
      expect((await listKeys(await mint())).response.status).toBe(200);
      const before = jwks.fetches;
      for (let i = 0; i < 5; i++) {
        await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { kid: `unknown-${i}` }) }), 'token signed by an unknown key');
      }
      expect(jwks.fetches - before).toBeLessThanOrEqual(1);
    });

    it('a token signed by a key from another JWKS (same kid, and another kid)', async () => {
      const stranger = await createSigningKey('RS256', 'rsa-1');
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { key: stranger }) }), 'token signature invalid');
      const strangerEc = await createSigningKey('ES256', 'ec-1');
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await mint({}, { key: strangerEc }) }), 'token signature invalid');
    });

    it('a tampered payload', async () => {
      const [h, , s] = (await mint({ role: 'member' })).split('.');
      const forged = base64url.encode(JSON.stringify({ ...claims(), iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 }));
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: `${h}.${forged}.${s}` }), 'token signature invalid');
    });

    it('garbage shaped like a JWT', async () => {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: 'aaa.bbb.ccc' }));
    });
  });
});

describe('login JWT configuration', () => {
  let db: TestDatabase;
  let jwks: TestJwks;
  beforeAll(async () => {
    db = await createTestDatabase();
    jwks = await startJwksServer();
  });
  afterAll(async () => {
    await jwks?.close();
    await db?.drop();
  });

  it('reads organization and role from the configured claims through a configured table', async () => {
    const t = await startTestApp(
      {
        AUTH_JWKS_URL: jwks.url,
        AUTH_ORG_CLAIM: 'https://example.test/tenant',
        AUTH_ROLE_CLAIM: 'https://example.test/role',
        AUTH_ROLE_CAPABILITIES: '{"ops":["admin","send"],"owner":[]}',
        AUTH_JWT_ALGORITHMS: 'ES256',
      },
      { db },
    );
    try {
      const strategy = t.app.get(JwtStrategy);
      const token = await jwks.mint({ 'https://example.test/tenant': 't-1', 'https://example.test/role': 'ops' }, { key: jwks.keys.ES256 });
      expect(strategy.validate(decodeJwt(token))).toMatchObject({ orgId: 't-1', capabilities: ['send', 'admin'] });
      const owner = await jwks.mint({ 'https://example.test/tenant': 't-1', 'https://example.test/role': 'owner' }, { key: jwks.keys.ES256 });
      expect((await t.client(owner).GET('/api/v1/api-keys')).response.status).toBe(403);
      // The default claim names mean nothing here.
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await jwks.mint({ org: 'o', role: 'ops' }, { key: jwks.keys.ES256 }) }));
      // RS256 is not in the pinned list of this installation.
      const rs = await jwks.mint({ 'https://example.test/tenant': 't-1', 'https://example.test/role': 'ops' });
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: rs }), 'token algorithm not allowed');
      // No iss/aud configured: not required.
      expect((await t.client(token).GET('/api/v1/api-keys')).response.status).toBe(200);
    } finally {
      await t.app.close();
    }
  });

  it('keeps the strategies of two gateways in one process apart', async () => {
    const withJwks = await startTestApp({ AUTH_JWKS_URL: jwks.url }, { db });
    const withoutJwks = await startTestApp({}, { db });
    try {
      const token = await jwks.mint({ org: 'o', role: 'owner' });
      expect((await withJwks.client(token).GET('/api/v1/api-keys')).response.status).toBe(200);
      await expectUnauthorized(await withoutJwks.http('/api/v1/api-keys', { token }));
      // The second app's DataSource closing does not break the first app's API keys.
      const key = await createApiKey(withJwks, { orgId: 'o', capabilities: ['admin'] });
      await withoutJwks.app.close();
      expect((await withJwks.client(key).GET('/api/v1/api-keys')).response.status).toBe(200);
    } finally {
      await withJwks.app.close();
      await withoutJwks.app.close().catch(() => {});
    }
  });

  it('without a JWKS, accepts only API keys', async () => {
    const t = await startTestApp({}, { db });
    try {
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await jwks.mint({ org: 'o', role: 'owner' }) }));
      const key = await createApiKey(t, { orgId: 'o', capabilities: ['admin'] });
      expect((await t.client(key).GET('/api/v1/api-keys')).response.status).toBe(200);
    } finally {
      await t.app.close();
    }
  });

  it('answers 401 quickly when the JWKS endpoint is down, and API keys keep working', async () => {
    const t = await startTestApp({ AUTH_JWKS_URL: `http://127.0.0.1:${await closedPort()}/jwks.json` }, { db });
    try {
      const started = Date.now();
      await expectUnauthorized(await t.http('/api/v1/api-keys', { token: await jwks.mint({ org: 'o', role: 'owner' }) }), 'token could not be verified');
      expect(Date.now() - started).toBeLessThan(2000);
      const key = await createApiKey(t, { orgId: 'o', capabilities: ['admin'] });
      expect((await t.client(key).GET('/api/v1/api-keys')).response.status).toBe(200);
    } finally {
      await t.app.close();
    }
  });

  it('answers 401 within the timeout when the JWKS endpoint is slow (no hang)', async () => {
    const slow = await startJwksServer();
    slow.delayMs = 10_000;
    const t = await startTestApp({ AUTH_JWKS_URL: slow.url, AUTH_JWKS_TIMEOUT_MS: '300' }, { db });
    try {
      const started = Date.now();
      const res = await t.http('/api/v1/api-keys', { token: await slow.mint({ org: 'o', role: 'owner' }) });
      const elapsed = Date.now() - started;
      await expectUnauthorized(res, 'token could not be verified');
      expect(elapsed).toBeGreaterThanOrEqual(250);
      expect(elapsed).toBeLessThan(2000);
    } finally {
      await t.app.close();
      await slow.close();
    }
  });
});
