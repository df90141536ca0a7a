import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Disconnect, LinkedAccount, WhatsAppConnection } from '../../libs/whatsapp/src';
import { BaileysEngine } from '../../libs/whatsapp/src/baileys';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient, Schemas } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';
import { closedPort } from '../support/net';
import { memoryAuthStore } from '../../libs/whatsapp/src/memory-auth-store';

/**
 * A session tells the truth about itself: what it is doing (`starting` until its first connection
 * opens, `reconnecting` only after it was connected), why (`lastError` names the cause in words,
 * in the API and in every `session.status` event), and when it gives up (`failed` after
 * WA_FIRST_CONNECT_ATTEMPTS for a session that never connected). Network traffic stays on
 * loopback: an unreachable WhatsApp is a closed loopback port, or a host under `.invalid`.
 */

const session = (session: string) => ({ params: { path: { session } } });

async function getSession(gw: GatewayClient, id: string): Promise<Schemas['SessionDto']> {
  const r = await gw.GET('/api/v1/sessions/{session}', session(id));
  if (!r.data) throw new Error(`GET session ${id}: ${r.response.status} ${JSON.stringify(r.error)}`);
  return r.data;
}

async function statusEvents(t: TestApp, sessionId: string): Promise<{ status: string; previous: string; lastError: string | null }[]> {
  const rows = await t.dataSource.query("SELECT data FROM events WHERE session_id = $1 AND type = 'session.status' ORDER BY id", [sessionId]);
  return rows.map((r: { data: { status: string; previous: string; lastError: string | null } }) => r.data);
}

/** Starts a new session and follows its status until it rests (`failed`), recording every one seen. */
async function startUntilFailed(
  gw: GatewayClient,
  name: string,
): Promise<{ id: string; started: Schemas['SessionDto']; seen: { status: string; lastError: string | null }[]; final: Schemas['SessionDto'] }> {
  const id = (await gw.POST('/api/v1/sessions', { body: { name } })).data!.id;
  const started = (await gw.POST('/api/v1/sessions/{session}:start', session(id))).data!;
  const seen: { status: string; lastError: string | null }[] = [];
  const final = await eventually(async () => {
    const s = await getSession(gw, id);
    seen.push({ status: s.status, lastError: s.lastError });
    return s.status === 'failed' ? s : undefined;
  }, 20_000, `session ${name} to fail`);
  return { id, started, seen, final };
}

describe('a session that cannot reach WhatsApp', () => {
  let refused: TestApp;
  let unresolvable: TestApp;
  let port: number;
  let refusedKey: string;
  let unresolvableKey: string;
  // Three attempts, ~0.3 s and ~0.6 s apart: slow enough to watch `starting` with its cause.
  const retry = { WA_FIRST_CONNECT_ATTEMPTS: '3', WA_RECONNECT_BASE_MS: '600', WA_RECONNECT_MAX_MS: '1200', WA_RECONCILE_INTERVAL_MS: '500' };

  beforeAll(async () => {
    port = await closedPort();
    refused = await startTestApp({ ...retry, WA_WEBSOCKET_URL: `ws://127.0.0.1:${port}/ws` });
    unresolvable = await startTestApp({ ...retry, WA_WEBSOCKET_URL: 'ws://whatsapp.invalid:443/ws' });
    refusedKey = await createApiKey(refused, { orgId: 'org-truth', capabilities: ['send', 'manage'] });
    unresolvableKey = await createApiKey(unresolvable, { orgId: 'org-truth', capabilities: ['send', 'manage'] });
  });
  afterAll(async () => {
    await refused?.close();
    await unresolvable?.close();
  });

  it('connection refused: starting with the cause, then failed after the configured attempts, every event naming it', async () => {
    const gw = refused.client(refusedKey);
    const cause = `connection refused by 127.0.0.1:${port}`;
    const { id, started, seen, final } = await startUntilFailed(gw, 'refused-line');
    expect(started.status).toBe('starting');
    // While it retries it is `starting` (never `reconnecting`: it never connected), with the cause.
    expect(seen.some((s) => s.status === 'starting' && s.lastError === cause), JSON.stringify(seen)).toBe(true);
    expect(seen.map((s) => s.status)).not.toContain('reconnecting');
    expect(final.lastError).toBe(`could not connect to WhatsApp (3 attempts): ${cause}`);

    const events = await statusEvents(refused, id);
    expect(events.map((e) => [e.status, e.lastError])).toEqual([
      ['starting', null],
      ['starting', cause],
      ['failed', final.lastError],
    ]);
    // It rests: nothing restarts it behind the user's back.
    const row = (await refused.dataSource.query('SELECT desired_state FROM sessions WHERE id = $1', [id]))[0];
    expect(row.desired_state).toBe('stopped');
    await new Promise((r) => setTimeout(r, 1200));
    expect((await getSession(gw, id)).status).toBe('failed');

    // GET /qr says what happened and what to do.
    const qr = await gw.GET('/api/v1/sessions/{session}/qr', session(id));
    expect(qr.response.status).toBe(409);
    expect(qr.error?.error.message).toBe(`the session failed: ${final.lastError}; :start it to try again`);
    expect(qr.error?.error.details).toMatchObject({ status: 'failed', lastError: final.lastError });
  });

  it('name resolution failure: the host that did not resolve is named, and :start tries again from scratch', async () => {
    const gw = unresolvable.client(unresolvableKey);
    const cause = 'name resolution failed for whatsapp.invalid';
    const { id, seen, final } = await startUntilFailed(gw, 'dns-line');
    expect(seen.some((s) => s.status === 'starting' && s.lastError === cause), JSON.stringify(seen)).toBe(true);
    expect(final.lastError).toBe(`could not connect to WhatsApp (3 attempts): ${cause}`);
    expect((await statusEvents(unresolvable, id)).map((e) => e.lastError)).toEqual([null, cause, final.lastError]);

    // A :start of a failed session is a new start: `starting` again, three attempts again.
    const again = await gw.POST('/api/v1/sessions/{session}:start', session(id));
    expect(again.data!.status).toBe('starting');
    // The first attempt may already have failed by the time the answer is read.
    expect([null, cause]).toContain(again.data!.lastError);
    // Asked for a QR while starting, it answers (after waiting a little) with the cause instead.
    const qr = await gw.GET('/api/v1/sessions/{session}/qr', session(id));
    expect(qr.response.status).toBe(409);
    expect(qr.error?.error.message).toMatch(/^the session (is starting and its last attempt failed: name resolution failed for whatsapp\.invalid; it tries again by itself|failed: could not connect)/);
    await eventually(async () => (await getSession(gw, id)).status === 'failed', 20_000, 'failed again');
    const events = await statusEvents(unresolvable, id);
    expect(events.filter((e) => e.status === 'failed')).toHaveLength(2);
  });
});

describe('a session against the emulator', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let key: string;
  let gw: GatewayClient;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    // A small give-up count: a session that was connected must not be subject to it.
    t = await startTestApp({ ...emu.env, WA_FIRST_CONNECT_ATTEMPTS: '2', WA_RECONNECT_BASE_MS: '100', WA_RECONNECT_MAX_MS: '200' });
    key = await createApiKey(t, { orgId: 'org-emu', capabilities: ['send', 'manage'] });
    gw = t.client(key);
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  it('GET /qr right after :start waits for the first QR instead of answering 409', async () => {
    const id = (await gw.POST('/api/v1/sessions', { body: { name: 'qr-wait' } })).data!.id;
    const started = await gw.POST('/api/v1/sessions/{session}:start', session(id));
    expect(['starting', 'pairing']).toContain(started.data!.status);
    // No polling: the first request gets the QR.
    const qr = await gw.GET('/api/v1/sessions/{session}/qr', session(id));
    expect(qr.response.status, JSON.stringify(qr.error)).toBe(200);
    expect(typeof qr.data!.qr).toBe('string');

    const stopped = await gw.POST('/api/v1/sessions/{session}:stop', session(id));
    expect(stopped.data!.status).toBe('stopped');
    const afterStop = await gw.GET('/api/v1/sessions/{session}/qr', session(id));
    expect(afterStop.response.status).toBe(409);
    expect(afterStop.error?.error.message).toBe('the session is stopped; :start it first');
    expect(afterStop.error?.error.details).toMatchObject({ status: 'stopped' });
  });

  it('a linked session: no QR needed, its display name is its pushName', async () => {
    const { id, account } = await linkSessionByQr(t, emulator, key, 'named-line');
    const s = await getSession(gw, id);
    expect(s.pushName).toBe(account.name);
    const qr = await gw.GET('/api/v1/sessions/{session}/qr', session(id));
    expect(qr.response.status).toBe(409);
    expect(qr.error?.error.message).toBe('the session is connected; no QR needed');
  });

  it('a connected session that loses WhatsApp is reconnecting with the cause, for longer than the first-connect limit, and comes back', async () => {
    const { id, account } = await linkSessionByQr(t, emulator, key, 'lost-line');
    // ~1.5 s of refused connections: many more attempts than WA_FIRST_CONNECT_ATTEMPTS (2).
    emulator.refuseConnections(1500);
    emulator.phone(account).drop();
    const lost = await eventually(async () => {
      const s = await getSession(gw, id);
      return s.status === 'reconnecting' ? s : undefined;
    }, 5000, 'reconnecting');
    expect(lost.lastError).toBe('closed by WhatsApp with code 428');
    const qr = await gw.GET('/api/v1/sessions/{session}/qr', session(id));
    expect(qr.error?.error.message).toBe('the session is reconnecting after closed by WhatsApp with code 428; it is linked, no QR needed');

    await eventually(async () => (await getSession(gw, id)).status === 'connected', 15_000, 'connected again');
    expect((await getSession(gw, id)).lastError).toBeNull();
    // In events: connected, reconnecting with the cause (again whenever the cause changes), connected.
    const events = await statusEvents(t, id);
    const after = events.slice(events.findIndex((e) => e.status === 'connected'));
    expect(after[0]).toMatchObject({ status: 'connected', lastError: null });
    expect(after[1]).toMatchObject({ status: 'reconnecting', previous: 'connected', lastError: 'closed by WhatsApp with code 428' });
    expect(after[after.length - 1]).toMatchObject({ status: 'connected', lastError: null });
    for (const e of after.slice(1, -1)) expect(e.status).toBe('reconnecting');
  });

  it('a kicked session says with which code WhatsApp closed it', async () => {
    const { id, account } = await linkSessionByQr(t, emulator, key, 'kicked-line');
    emulator.phone(account).kick(503);
    await eventually(async () => {
      const events = await statusEvents(t, id);
      return events.some((e) => e.status === 'reconnecting' && /^closed by WhatsApp with code 503/.test(e.lastError ?? ''));
    }, 5000, 'the 503 in a session.status event');
    await eventually(async () => (await getSession(gw, id)).status === 'connected', 15_000, 'connected again');
  });
});

describe("Baileys' own log lines", () => {
  it('pairing and its restart (515) log no warning or error; the restart is info', async () => {
    const { emulator } = await startEmulator();
    const lines: { level: number; msg?: string }[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    const engine = new BaileysEngine({ webSocketUrl: emulator.url, logger: pino({ level: 'info' }, sink), baileysLogLevel: 'info' });
    const account = emulator.addAccount({ name: 'Quiet Quinn' });
    const store = memoryAuthStore();
    const conns: WhatsAppConnection[] = [];
    try {
      const first = await engine.connect({ sessionId: 'log-test', store });
      conns.push(first);
      const closed = new Promise<Disconnect>((r) => first.on('close', r));
      first.on('qr', (qr) => void emulator.phone(account).scanQr(qr).catch(() => undefined));
      expect((await closed).kind).toBe('restart_required');
      const second = await engine.connect({ sessionId: 'log-test', store });
      conns.push(second);
      const opened = await new Promise<LinkedAccount>((r) => second.on('open', r));
      expect(opened.pushName).toBe('Quiet Quinn');

      const loud = lines.filter((l) => l.level >= 40);
      expect(loud.map((l) => l.msg), JSON.stringify(loud)).toEqual([]);
      expect(lines.some((l) => l.msg === 'stream errored out' && l.level === 30)).toBe(true);
    } finally {
      for (const c of conns) await c.close().catch(() => undefined);
      await emulator.stop();
    }
  });
});
