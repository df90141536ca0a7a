import { connect, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';

/** One raw HTTP exchange: writes `head` (and `body`), returns what came back once the server closed the connection. */
function raw(port: number, head: string, body = ''): Promise<{ text: string; status: number; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => (text += d));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), socket }));
    socket.write(head + body);
  });
}

const envelopeOf = (text: string) => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { error: { code: string; message: string } };

describe('limits: what a stranger or one client can make the gateway hold or do', () => {
  let t: TestApp;
  let port: number;
  let emulator: WaEmulator;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({
      ...emu.env,
      TRUST_PROXY: 'loopback',
      AUTH_FAILURE_LIMIT: '5',
      HEADERS_TIMEOUT_MS: '1000',
      BODY_TIMEOUT_MS: '1000',
      BODY_LIMIT: '4kb',
      RATE_LIMIT_PER_SECOND: '1',
      RATE_LIMIT_BURST: '20',
      SEND_RATE_PER_SECOND: '1',
      SEND_JITTER_MS: '0',
      SEND_WAIT_MS: '0',
      SEND_MAX_QUEUED: '3',
    });
    port = (t.app.getHttpServer().address() as { port: number }).port;
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('answers 401 to a stranger announcing a large body without reading it, and closes the connection', async () => {
    // 20 MB announced, 10 bytes sent: only an answer that does not wait for the body arrives.
    const head = `POST /api/v1/sessions/x/messages HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\nX-Forwarded-For: 198.51.100.1\r\n\r\n`;
    const r = await raw(port, head, '{"to":"1",');
    expect(r.status).toBe(401);
    expect(r.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(envelopeOf(r.text).error.code).toBe('unauthorized');
  });

  it('answers 403 before reading the body of a caller without the capability, and 413 for a body over the route limit', async () => {
    const manage = await createApiKey(t, { orgId: 'org-l', capabilities: ['manage'] });
    const forbidden = await raw(port, `POST /api/v1/sessions/x/messages HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${manage}\r\nContent-Type: application/json\r\nContent-Length: 20000000\r\n\r\n`, '{');
    expect(forbidden.status).toBe(403);
    // Every route but the send route keeps the small limit (BODY_LIMIT), even authenticated.
    const tooLarge = await raw(port, `POST /api/v1/sessions HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${manage}\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n`, '{');
    expect(tooLarge.status).toBe(413);
    expect(envelopeOf(tooLarge.text).error.code).toBe('payload_too_large');
  });

  it('answers 408 with the envelope when the headers or the body do not arrive in time', async () => {
    const slowHeaders = await raw(port, `GET /api/v1/sessions HTTP/1.1\r\nHost: a\r\n`);
    expect(slowHeaders.status).toBe(408);
    expect(envelopeOf(slowHeaders.text).error.code).toBe('request_timeout');
    const key = await createApiKey(t, { orgId: 'org-l', capabilities: ['manage'] });
    const slowBody = await raw(port, `POST /api/v1/sessions HTTP/1.1\r\nHost: a\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`, '{"name":');
    expect(slowBody.status).toBe(408);
    expect(envelopeOf(slowBody.text).error.code).toBe('request_timeout');
  });

  it('answers an over-long URL with 431 and the envelope', async () => {
    const r = await raw(port, `GET /api/v1/sessions?x=${'a'.repeat(17_000)} HTTP/1.1\r\nHost: a\r\n\r\n`);
    expect(r.status).toBe(431);
    expect(envelopeOf(r.text).error.code).toBe('headers_too_large');
  });

  it('refuses a client IP after AUTH_FAILURE_LIMIT failed authentications, before verifying any token', async () => {
    const key = await createApiKey(t, { orgId: 'org-l', capabilities: [] });
    const from = (ip: string, token: string) => t.http('/api/v1/sessions', { token, headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 5; i++) expect((await from('203.0.113.7', 'wgw_not-a-real-key-at-all-0000000000000000000')).status).toBe(401);
    const blocked = await from('203.0.113.7', 'wgw_not-a-real-key-at-all-0000000000000000000');
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await blocked.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // Even a valid key from that address waits for the window; other addresses do not.
    expect((await from('203.0.113.7', key)).status).toBe(429);
    expect((await from('203.0.113.8', key)).status).toBe(200);
  });

  it('limits requests per key with a token bucket and says so in RateLimit headers', async () => {
    const key = await createApiKey(t, { orgId: 'org-l', capabilities: [] });
    const other = await createApiKey(t, { orgId: 'org-l', capabilities: [] });
    const first = await t.http('/api/v1/sessions', { token: key });
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-policy')).toBe('"key";q=20;w=20');
    expect(first.headers.get('ratelimit')).toMatch(/^"key";r=19;t=\d+$/);
    let last = first;
    for (let i = 0; i < 25 && last.status !== 429; i++) last = await t.http('/api/v1/sessions', { token: key });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.headers.get('ratelimit')).toMatch(/^"key";r=0;t=\d+$/);
    expect(((await last.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    // The bucket is the key's own.
    expect((await t.http('/api/v1/sessions', { token: other })).status).toBe(200);
  });

  it('puts security headers on every answer', async () => {
    const key = await createApiKey(t, { orgId: 'org-l', capabilities: [] });
    for (const res of [await t.http('/api/v1/sessions', { token: key }), await t.http('/api/v1/nowhere'), await t.http('/healthz')]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('refuses sends beyond SEND_MAX_QUEUED queued messages of a session with 429', async () => {
    const key = await createApiKey(t, { orgId: 'org-q', capabilities: ['send', 'manage'] });
    const { id } = await linkSessionByQr(t, emulator, key, 'queue-line');
    const silent = emulator.addContact({ name: 'Quiet' });
    const statuses: number[] = [];
    // Paced at one a second: sent one after another, the queue fills faster than it drains.
    for (let i = 0; i < 10; i++) {
      const r = await t.http(`/api/v1/sessions/${id}/messages`, { method: 'POST', token: key, json: { to: silent.phone, type: 'text', text: `n${i}` } });
      statuses.push(r.status);
      if (r.status === 429) {
        const body = (await r.json()) as { error: { code: string; message: string } };
        expect(body.error.code).toBe('rate_limited');
        expect(body.error.message).toContain('SEND_MAX_QUEUED');
      } else await r.arrayBuffer();
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM messages WHERE session_id = $1 AND status = 'queued'`, [id]);
      expect(n).toBeLessThanOrEqual(3);
    }
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 202).length).toBeGreaterThanOrEqual(3);
    // Once they leave, sends are accepted again.
    await eventually(async () => (await t.dataSource.query(`SELECT count(*)::int AS n FROM messages WHERE session_id = $1 AND status = 'queued'`, [id]))[0].n === 0, 30_000, 'the queue to drain');
  }, 60_000);
});

describe('the connection cap', () => {
  it('refuses connections beyond MAX_CONNECTIONS', async () => {
    const t = await startTestApp({ MAX_CONNECTIONS: '2' });
    const port = (t.app.getHttpServer().address() as { port: number }).port;
    const open: Socket[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const s = connect(port, '127.0.0.1');
        await new Promise((r) => s.once('connect', r));
        open.push(s);
      }
      const third = await raw(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n');
      expect(third.status).toBe(0);
      expect(third.text).toBe('');
      open.pop()!.destroy();
      await eventually(async () => (await raw(port, 'GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')).status === 200, 10_000, 'a free connection slot');
    } finally {
      for (const s of open) s.destroy();
      await t.close();
    }
  });
});
