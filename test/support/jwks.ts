import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CryptoKey, exportJWK, generateKeyPair, JWK, JWTPayload, SignJWT } from 'jose';

export type TestAlg = 'RS256' | 'ES256';

export interface TestSigningKey {
  kid: string;
  alg: TestAlg;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(alg: TestAlg, kid: string): Promise<TestSigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicKey, publicJwk };
}

export interface MintOptions {
  key?: TestSigningKey;
  /** Overrides the header's kid (e.g. an unknown one). */
  kid?: string;
  /** Seconds from now; negative for the past. Default +300. `null`: no exp claim. */
  expiresIn?: number | null;
  notBefore?: number;
  issuer?: string;
  audience?: string;
  subject?: string;
}

/**
 * A real JWKS served over HTTP on loopback, with RS256 and ES256 keys, and a token minter using
 * the same keys. `delayMs` makes it slow, `close()` makes it down; `fetches` counts requests.
 */
export interface TestJwks {
  url: string;
  keys: { RS256: TestSigningKey; ES256: TestSigningKey };
  fetches: number;
  delayMs: number;
  mint(claims: JWTPayload, options?: MintOptions): Promise<string>;
  close(): Promise<void>;
}

export async function startJwksServer(): Promise<TestJwks> {
  const keys = { RS256: await createSigningKey('RS256', 'rsa-1'), ES256: await createSigningKey('ES256', 'ec-1') };
  const sockets = new Set<import('node:net').Socket>();
  const jwks: TestJwks = {
    url: '',
    keys,
    fetches: 0,
    delayMs: 0,
    mint: (claims, options = {}) => mintToken(claims, { key: keys.RS256, ...options }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    jwks.fetches++;
    const send = () => {
      if (res.destroyed) return;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [keys.RS256.publicJwk, keys.ES256.publicJwk] }));
    };
    if (jwks.delayMs) setTimeout(send, jwks.delayMs).unref();
    else send();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwks.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  return jwks;
}

/** Signs a login JWT the way a frontend would. */
export async function mintToken(claims: JWTPayload, options: MintOptions & { key: TestSigningKey }): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT(claims)
    .setProtectedHeader({ alg: options.key.alg, kid: options.kid ?? options.key.kid, typ: 'JWT' })
    .setIssuedAt(now);
  if (options.expiresIn !== null) jwt = jwt.setExpirationTime(now + (options.expiresIn ?? 300));
  if (options.notBefore !== undefined) jwt = jwt.setNotBefore(now + options.notBefore);
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  if (options.subject) jwt = jwt.setSubject(options.subject);
  return jwt.sign(options.key.privateKey);
}
