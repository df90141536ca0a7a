import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';

describe('foundation over real HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ BODY_LIMIT: '1kb' });
  });
  afterAll(async () => {
    await t?.close();
  });

  const expectEnvelope = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toContain('application/json');
    const body: any = await res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe(code);
    expect(typeof body.error.message).toBe('string');
    expect(body.error.details).toBeTypeOf('object');
    return body.error;
  };

  it('answers an unknown route with the 404 envelope', async () => {
    await expectEnvelope(await t.http('/api/v1/does-not-exist'), 404, 'not_found');
    await expectEnvelope(await t.http('/nowhere', { method: 'DELETE' }), 404, 'not_found');
  });

  it('answers an unsupported method on a known path with 405 and Allow', async () => {
    const res = await t.http('/readyz', { method: 'POST' });
    const error = await expectEnvelope(res, 405, 'method_not_allowed');
    expect(res.headers.get('allow')).toBe('GET');
    expect(error.details).toEqual({ allowed: ['GET'] });
    const api = await t.http('/api/v1/api-keys', { method: 'PUT' });
    await expectEnvelope(api, 405, 'method_not_allowed');
    expect(api.headers.get('allow')).toBe('GET, POST');
  });

  it('answers broken JSON with 400 validation_error', async () => {
    const key = await createApiKey(t, { orgId: 'org-f', capabilities: ['manage'] });
    const res = await t.http('/api/v1/sessions', { method: 'POST', token: key, headers: { 'content-type': 'application/json' }, body: '{bad' });
    const error = await expectEnvelope(res, 400, 'validation_error');
    expect(error.message).toBe('request body is not valid JSON');
  });

  it('answers a body over the limit with 413 payload_too_large', async () => {
    const key = await createApiKey(t, { orgId: 'org-f', capabilities: ['manage'] });
    const res = await t.http('/api/v1/sessions', { method: 'POST', token: key, json: { pad: 'x'.repeat(4096) } });
    await expectEnvelope(res, 413, 'payload_too_large');
  });

  it('reads no body for an unknown route', async () => {
    const res = await t.http('/api/v1/does-not-exist', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{bad' });
    await expectEnvelope(res, 404, 'not_found');
  });

  it('serves liveness and readiness', async () => {
    expect(await (await t.http('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await t.http('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('answers 503 unavailable on readiness when the database is gone', async () => {
    const other = await startTestApp();
    try {
      await other.dataSource.destroy();
      await expectEnvelope(await other.http('/readyz'), 503, 'unavailable');
    } finally {
      await other.app.close();
      await other.db.drop();
    }
  });

  it('exposes Prometheus metrics with request durations by route and status', async () => {
    await t.http('/readyz');
    const res = await t.http('/metrics');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toMatch(/http_request_duration_seconds_count\{method="GET",route="\/readyz",status="200"\} \d+/);
    expect(text).toMatch(/http_request_duration_seconds_count\{[^}]*route="unmatched",status="404"\}/);
    // State read from the database at scrape time.
    await t.dataSource.query(`INSERT INTO sessions (id, org_id, name, status, created_at, updated_at) VALUES ('01METRICS00000000000000000', 'o', 'm', 'failed', now(), now())`);
    const again = await (await t.http('/metrics')).text();
    expect(again).toContain('wgw_sessions{status="failed"} 1');
    expect(again).toMatch(/^wgw_outbound_queued_messages 0$/m);
    expect(again).toMatch(/^wgw_webhook_deliveries_pending 0$/m);
  });

  it('echoes a request id', async () => {
    const res = await t.http('/healthz', { headers: { 'x-request-id': 'abc-123' } });
    expect(res.headers.get('x-request-id')).toBe('abc-123');
    const generated = await t.http('/healthz');
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Swagger UI and the OpenAPI document', async () => {
    const docs = await t.http('/docs');
    expect(docs.status).toBe(200);
    expect(await docs.text()).toContain('swagger-ui');
    const spec: any = await (await t.http("/openapi.json")).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(spec.components.schemas.ErrorEnvelopeDto).toBeDefined();
  });
});
