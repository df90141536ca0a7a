import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiKeysService } from '../../src/auth/api-keys.service';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';

/** API keys over real HTTP against real PostgreSQL (no JWKS configured: API keys only). */
describe('API keys', () => {
  let t: TestApp;
  let adminA: string;
  let adminB: string;
  beforeAll(async () => {
    t = await startTestApp();
    adminA = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage', 'admin'], name: 'admin A' });
    adminB = await createApiKey(t, { orgId: 'org-b', capabilities: ['admin'], name: 'admin B' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectError = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = await res.json() as any;
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error).toMatchObject({ code, message: expect.any(String), details: expect.any(Object) });
    return body.error as { code: string; message: string; details: Record<string, unknown> };
  };

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
    const error = await expectError(await t.http('/api/v1/api-keys', { method: 'POST', token: sender, json: { bogus: 1 } }), 403, 'forbidden');
    expect(error.details).toEqual({ required: 'admin' });
    await expectError(await t.http('/api/v1/api-keys', { token: sender }), 403, 'forbidden');
  });

  it('creates a key shown once, usable at once, stored only as a hash', async () => {
    const res = await t.http('/api/v1/api-keys', { method: 'POST', token: adminA, json: { name: 'ci', capabilities: ['send'] } });
    expect(res.status).toBe(201);
    const created = await res.json() as any;
    expect(created).toMatchObject({ name: 'ci', capabilities: ['send'], lastUsedAt: null });
    expect(created.key).toMatch(/^wgw_[A-Za-z0-9_-]{43}$/);
    expect(created.prefix).toBe(created.key.slice(0, 12));
    expect(created.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);

    const rows = await t.dataSource.query('SELECT * FROM api_keys WHERE id = $1', [created.id]);
    expect(JSON.stringify(rows)).not.toContain(created.key);
    expect(rows[0].key_hash).toMatch(/^[0-9a-f]{64}$/);

    const list = await (await t.http('/api/v1/api-keys', { token: adminA })).json() as any;
    const listed = list.items.find((k: { id: string }) => k.id === created.id);
    expect(listed).toEqual({ id: created.id, name: 'ci', prefix: created.prefix, capabilities: ['send'], createdAt: created.createdAt, lastUsedAt: null });
    expect(JSON.stringify(list)).not.toContain(created.key);

    // The new key holds `send` only: a valid principal, but not an admin.
    await expectError(await t.http('/api/v1/api-keys', { token: created.key }), 403, 'forbidden');
  });

  it('validates the body (400 with details per field)', async () => {
    const bad = async (json: unknown) => expectError(await t.http('/api/v1/api-keys', { method: 'POST', token: adminA, json }), 400, 'validation_error');
    expect(Object.keys((await bad({ capabilities: ['send'] })).details)).toContain('name');
    expect(Object.keys((await bad({ name: 'x', capabilities: ['root'] })).details)).toContain('capabilities');
    expect(Object.keys((await bad({ name: '  ', capabilities: [] })).details)).toContain('name');
    expect(Object.keys((await bad({ name: 'x', capabilities: ['send', 'send'] })).details)).toContain('capabilities');
    expect(Object.keys((await bad({ name: 'x', capabilities: [], orgId: 'org-b' })).details)).toContain('orgId');
  });

  it('refuses to grant capabilities the caller does not hold', async () => {
    const error = await expectError(
      await t.http('/api/v1/api-keys', { method: 'POST', token: adminB, json: { name: 'escalate', capabilities: ['admin', 'manage'] } }),
      403,
      'forbidden',
    );
    expect(error.details).toEqual({ missing: ['manage'] });
    const ok = await t.http('/api/v1/api-keys', { method: 'POST', token: adminB, json: { name: 'fine', capabilities: ['admin'] } });
    expect(ok.status).toBe(201);
  });

  it('revocation takes effect on the next request', async () => {
    const { apiKey, key } = await t.app.get(ApiKeysService).create('org-a', 'doomed', ['admin']);
    expect((await t.http('/api/v1/api-keys', { token: key })).status).toBe(200);
    expect((await t.http(`/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', token: adminA })).status).toBe(204);
    const error = await expectError(await t.http('/api/v1/api-keys', { token: key }), 401, 'unauthorized');
    expect(error.message).toBe('invalid or revoked API key');
    // Gone from the list; revoking again is a 404.
    const list = await (await t.http('/api/v1/api-keys', { token: adminA })).json() as any;
    expect(list.items.map((k: { id: string }) => k.id)).not.toContain(apiKey.id);
    await expectError(await t.http(`/api/v1/api-keys/${apiKey.id}`, { method: 'DELETE', token: adminA }), 404, 'not_found');
    await expectError(await t.http('/api/v1/api-keys/not-an-id', { method: 'DELETE', token: adminA }), 400, 'validation_error');
  });

  it('records lastUsedAt, but not with a write on every request', async () => {
    const { apiKey, key } = await t.app.get(ApiKeysService).create('org-a', 'used', ['admin']);
    expect((await t.http('/api/v1/api-keys', { token: key })).status).toBe(200);
    const [first] = await t.dataSource.query('SELECT last_used_at, xmin::text AS version FROM api_keys WHERE id = $1', [apiKey.id]);
    expect(first.last_used_at).toBeInstanceOf(Date);
    expect(Date.now() - first.last_used_at.getTime()).toBeLessThan(10_000);
    for (let i = 0; i < 3; i++) expect((await t.http('/api/v1/api-keys', { token: key })).status).toBe(200);
    const [after] = await t.dataSource.query('SELECT last_used_at, xmin::text AS version FROM api_keys WHERE id = $1', [apiKey.id]);
    // xmin changes with every UPDATE of the row: the same value means no write happened.
    expect(after).toEqual(first);
    const list = await (await t.http('/api/v1/api-keys', { token: key })).json() as any;
    expect(list.items.find((k: { id: string }) => k.id === apiKey.id).lastUsedAt).toBe(first.last_used_at.toISOString());
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
      const listA = await (await t.http('/api/v1/api-keys?limit=200', { token: adminA })).json() as any;
      expect(listA.items.length).toBeGreaterThan(0);
      expect(listA.items.map((k: { id: string }) => k.id)).not.toContain(keyOfB.id);
      const rowsA = await t.dataSource.query('SELECT id FROM api_keys WHERE org_id = $1 AND revoked_at IS NULL', ['org-a']);
      expect(listA.items.map((k: { id: string }) => k.id).sort()).toEqual(rowsA.map((r: { id: string }) => r.id).sort());

      await expectError(await t.http(`/api/v1/api-keys/${keyOfB.id}`, { method: 'DELETE', token: adminA }), 404, 'not_found');
      // Still alive for its own organization.
      expect((await t.http('/api/v1/api-keys', { token: plainB })).status).toBe(200);
      const listB = await (await t.http('/api/v1/api-keys?limit=200', { token: plainB })).json() as any;
      expect(listB.items.map((k: { id: string }) => k.id)).toContain(keyOfB.id);
    });

    it('pages newest-first with cursors bound to the organization', async () => {
      const svc = t.app.get(ApiKeysService);
      for (let i = 0; i < 5; i++) await svc.create('org-c', `k${i}`, []);
      const admin = await createApiKey(t, { orgId: 'org-c', capabilities: ['admin'], name: 'k5' });
      const seen: string[] = [];
      let cursor = '';
      do {
        const page = await (await t.http(`/api/v1/api-keys?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: admin })).json() as any;
        seen.push(...page.items.map((k: { name: string }) => k.name));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual(['k5', 'k4', 'k3', 'k2', 'k1', 'k0']);

      const first = await (await t.http('/api/v1/api-keys?limit=1', { token: admin })).json() as any;
      const foreign = await t.http(`/api/v1/api-keys?cursor=${encodeURIComponent(first.nextCursor)}`, { token: adminA });
      await expectError(foreign, 400, 'validation_error');
      await expectError(await t.http('/api/v1/api-keys?limit=0', { token: admin }), 400, 'validation_error');
    });
  });
});
