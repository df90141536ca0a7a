import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import type { GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';

/** API keys over real HTTP against real PostgreSQL (no JWKS configured: API keys only). */
describe('API keys', () => {
  let t: TestApp;
  let adminA: string;
  let adminB: string;
  let gwA: GatewayClient; // admin A's
  beforeAll(async () => {
    t = await startTestApp();
    adminA = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage', 'admin'], name: 'admin A' });
    adminB = await createApiKey(t, { orgId: 'org-b', capabilities: ['admin'], name: 'admin B' });
    gwA = t.client(adminA);
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A raw answer, or the typed client's. */
  const expectError = async (answer: Response | { response: Response; error?: unknown }, status: number, code: string) => {
    const { response, error } = answer instanceof Response ? { response: answer, error: await answer.json() } : answer;
    expect(response.status).toBe(status);
    const body = error as any;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code, message: expect.any(String), details: expect.any(Object) });
    return body.error as { code: string; message: string; details: Record<string, unknown> };
  };
  const listKeys = (token: string, query: { limit?: number; cursor?: string } = {}) => t.client(token).GET('/api/v1/api-keys', { params: { query } });
  const revoke = (id: string) => gwA.DELETE('/api/v1/api-keys/{id}', { params: { path: { id } } });

  describe('bad credentials are a 401 with the envelope', () => {
    const cases: [string, Record<string, string>][] = [
      ['missing header', {}],
      ['wrong scheme', { authorization: 'Basic dXNlcjpwYXNz' }],
      ['empty token', { authorization: 'Bearer ' }],
      ['scheme only', { authorization: 'Bearer' }],
      ['garbage', { authorization: 'Bearer !!not-a-token!!' }],
      ['two tokens', { authorization: 'Bearer a b' }],
      ['valid prefix, wrong secret', { authorization: `Bearer wgw_${'A'.repeat(43)}` }],
      ['truncated key', { authorization: 'Bearer wgw_abc' }],
    ];
    for (const [name, headers] of cases) {
      it(name, async () => {
        const error = await expectError(await t.http('/api/v1/api-keys', { headers }), 401, 'unauthorized');
        expect(error.message).not.toMatch(/exception|stack|select/i);
      });
    }

    it('names the problem without revealing anything', async () => {
      expect((await expectError(await t.http('/api/v1/api-keys'), 401, 'unauthorized')).message).toBe('authentication required');
      const wrong = await t.http('/api/v1/api-keys', { token: `wgw_${'B'.repeat(43)}` });
      expect((await expectError(wrong, 401, 'unauthorized')).message).toBe('invalid or revoked API key');
    });
  });

  it('accepts a valid key, case-insensitive scheme', async () => {
    const res = await t.http('/api/v1/api-keys', { headers: { authorization: `bearer ${adminA}` } });
    expect(res.status).toBe(200);
  });

  it('answers 403 for a key without the capability, before validating the body', async () => {
    const sender = await createApiKey(t, { orgId: 'org-a', capabilities: ['send'] });
    // A body outside the schema on purpose (it must not be looked at), so raw.
    const error = await expectError(await t.http('/api/v1/api-keys', { method: 'POST', token: sender, json: { bogus: 1 } }), 403, 'forbidden');
    expect(error.details).toEqual({ required: 'admin' });
    await expectError(await listKeys(sender), 403, 'forbidden');
  });

  it('creates a key shown once, usable at once, stored only as a hash', async () => {
    const res = await gwA.POST('/api/v1/api-keys', { body: { name: 'ci', capabilities: ['send'] } });
    expect(res.response.status).toBe(201);
    const created = res.data!;
    expect(created).toMatchObject({ name: 'ci', capabilities: ['send'], lastUsedAt: null });
    expect(created.key).toMatch(/^wgw_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    expect(created.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const rows = await t.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
    expect(JSON.stringify(rows)).not.toContain(created.key);
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

    const list = (await listKeys(adminA)).data!;
    const listed = list.items.find((k) => k.id === created.id);
    expect(listed).toEqual({ id: created.id, name: 'ci', prefix: created.prefix, capabilities: ['send'], createdAt: created.createdAt, lastUsedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.key);

    // The new key holds `send` only: a valid principal, but not an admin.
    await expectError(await listKeys(created.key), 403, 'forbidden');
  });

  it('validates the body (400 with details per field)', async () => {
    // Bodies outside the schema (no name, an unknown capability, an unknown field) go raw; the rest typed.
    const badRaw = async (json: unknown) => expectError(await t.http('/api/v1/api-keys', { method: 'POST', token: adminA, json }), 400, 'validation_error');
    const bad = async (body: { name: string; capabilities: ('send' | 'manage' | 'admin')[] }) => expectError(await gwA.POST('/api/v1/api-keys', { body }), 400, 'validation_error');
    expect(Object.keys((await badRaw({ capabilities: ['send'] })).details)).toContain('name');
    expect(Object.keys((await badRaw({ name: 'x', capabilities: ['root'] })).details)).toContain('capabilities');
    expect(Object.keys((await bad({ name: '  ', capabilities: [] })).details)).toContain('name');
    expect(Object.keys((await bad({ name: 'x', capabilities: ['send', 'send'] })).details)).toContain('capabilities');
    expect(Object.keys((await badRaw({ name: 'x', capabilities: [], orgId: 'org-b' })).details)).toContain('orgId');
  });

  it('refuses to grant capabilities the caller does not hold', async () => {
    const gwB = t.client(adminB);
    const error = await expectError(await gwB.POST('/api/v1/api-keys', { body: { name: 'escalate', capabilities: ['admin', 'manage'] } }), 403, 'forbidden');
    expect(error.details).toEqual({ missing: ['manage'] });
    const ok = await gwB.POST('/api/v1/api-keys', { body: { name: 'fine', capabilities: ['admin'] } });
    expect(ok.response.status).toBe(201);
  });

  it('revocation takes effect on the next request', async () => {
    const { apiKey, key } = await t.app.get(ApiKeysService).create('org-a', 'doomed', ['admin']);
    expect((await listKeys(key)).response.status).toBe(200);
    expect((await revoke(apiKey.id)).response.status).toBe(204);
    // The revoked key: a bad credential, raw as the other credential tests.
    const error = await expectError(await t.http('/api/v1/api-keys', { token: key }), 401, 'unauthorized');
    expect(error.message).toBe('invalid or revoked API key');
    // Gone from the list; revoking again is a 404.
    const list = (await listKeys(adminA)).data!;
    expect(list.items.map((k) => k.id)).not.toContain(apiKey.id);
    await expectError(await revoke(apiKey.id), 404, 'not_found');
    await expectError(await revoke('not-an-id'), 400, 'validation_error');
  });

  it('records lastUsedAt, but not with a write on every request', async () => {
    const { apiKey, key } = await t.app.get(ApiKeysService).create('org-a', 'used', ['admin']);
    expect((await listKeys(key)).response.status).toBe(200);
    const [first] = await t.dataSource.query('SELECT last_used_at, xmin::text AS version FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(first.last_used_at).toBeInstanceOf(Date);
    expect(Date.now() - first.last_used_at.getTime()).toBeLessThan(10_000);
    for (let i = 0; i < 3; i++) expect((await listKeys(key)).response.status).toBe(200);
    const [after] = await t.dataSource.query('SELECT last_used_at, xmin::text AS version FROM api_keys WHERE id = $1', [apiKey.id]);
    // xmin changes with every UPDATE of the row: the same value means no write happened.
    expect(after).toEqual(first);
    const list = (await listKeys(key)).data!;
    expect(list.items.find((k) => k.id === apiKey.id)!.lastUsedAt).toBe(first.last_used_at.toISOString());
  });

  it('documents the bearer scheme Swagger UI\'s Authorize button uses, on every API-key operation', async () => {
    const spec = await (await t.http('/openapi.json')).json() as any;
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [method, path] of [['post', '/api/v1/api-keys'], ['get', '/api/v1/api-keys'], ['delete', '/api/v1/api-keys/{id}']]) {
      const op = spec.paths[path][method];
      expect(op.security, `${method} ${path}`).toEqual([{ bearer: [] }]);
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403']));
    }
    // Authorize with an API key makes Swagger UI send exactly this header.
    expect((await t.http('/api/v1/api-keys', { headers: { authorization: `Bearer ${adminA}` } })).status).toBe(200);
  });

  describe('organization scoping', () => {
    it('a key of org A neither sees nor revokes keys of org B', async () => {
      const { apiKey: keyOfB, key: plainB } = await t.app.get(ApiKeysService).create('org-b', 'b-only', ['admin']);
      const listA = (await listKeys(adminA, { limit: 200 })).data!;
      expect(listA.items.length).toBeGreaterThan(0);
      expect(listA.items.map((k) => k.id)).not.toContain(keyOfB.id);
      const rowsA = await t.dataSource.query('SELECT id FROM api_keys WHERE org_id = $1 AND revoked_at IS NULL', ['org-a']);
      expect(listA.items.map((k) => k.id).sort()).toEqual(rowsA.map((r: { id: string }) => r.id).sort());

      await expectError(await revoke(keyOfB.id), 404, 'not_found');
      // Still alive for its own organization.
      expect((await listKeys(plainB)).response.status).toBe(200);
      const listB = (await listKeys(plainB, { limit: 200 })).data!;
      expect(listB.items.map((k) => k.id)).toContain(keyOfB.id);
    });

    it('pages newest-first with cursors bound to the organization', async () => {
      const svc = t.app.get(ApiKeysService);
      for (let i = 0; i < 5; i++) await svc.create('org-c', `k${i}`, []);
      const admin = await createApiKey(t, { orgId: 'org-c', capabilities: ['admin'], name: 'k5' });
      const seen: string[] = [];
      let cursor = '';
      do {
        const page = (await listKeys(admin, { limit: 2, ...(cursor ? { cursor } : {}) })).data!;
        seen.push(...page.items.map((k) => k.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['k5', 'k4', 'k3', 'k2', 'k1', 'k0']);

      const first = (await listKeys(admin, { limit: 1 })).data!;
      const foreign = await listKeys(adminA, { cursor: first.nextCursor });
      await expectError(foreign, 400, 'validation_error');
      await expectError(await listKeys(admin, { limit: 0 }), 400, 'validation_error');
    });
  });
});
