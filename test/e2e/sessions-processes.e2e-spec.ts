import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { createTestDatabase, TestDatabase } from '../support/database';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { buildGateway, GatewayProcess, spawnGateway } from '../support/gateway-process';

/**
 * Sessions across gateway processes on one database: a process killed with SIGKILL, and two
 * processes at once. The in-process app only serves the API here (WA_RUNTIME=off); the spawned
 * gateways run the WhatsApp connections.
 */
describe('sessions across processes', () => {
  let main: string;
  let db: TestDatabase;
  let t: TestApp;
  let emulator: WaEmulator;
  let env: Record<string, string>;
  let key: string;
  let gw: GatewayClient;
  const procs: GatewayProcess[] = [];

  beforeAll(async () => {
    main = buildGateway();
    const emu = await startEmulator();
    emulator = emu.emulator;
    env = { ...emu.env, WA_STATE_KEY: randomBytes(32).toString('base64') };
    db = await createTestDatabase();
    t = await startTestApp({ ...env, WA_RUNTIME: 'off', WEBHOOK_WORKER: 'off' }, { db });
    key = await createApiKey(t, { orgId: 'org-p', capabilities: ['manage', 'send'] });
    gw = t.client(key);
  }, 120_000);
  afterAll(async () => {
    for (const p of procs) await p.kill('SIGKILL');
    await t?.app.close();
    await stopEmulator(emulator);
    await db?.drop();
  });

  const gateway = async (extra: Record<string, string> = {}) => {
    const p = await spawnGateway(main, { ...env, DATABASE_URL: db.url, WEBHOOK_WORKER: 'off', ...extra });
    procs.push(p);
    return p;
  };
  const onSession = (session: string) => ({ params: { path: { session } } });
  const status = async (id: string) => (await gw.GET('/api/v1/sessions/{session}', onSession(id))).data!.status;
  const qrEvents = async (id: string) =>
    (await t.dataSource.query("SELECT count(*)::int AS n FROM events WHERE session_id = $1 AND type = 'session.qr'", [id]))[0].n as number;
  /** Sessions held by some process: the advisory locks PostgreSQL holds for them. */
  const leaseHolders = async () =>
    (await t.dataSource.query("SELECT count(*)::int AS n, count(DISTINCT pid)::int AS pids FROM pg_locks WHERE locktype = 'advisory' AND classid = $1 AND database = (SELECT oid FROM pg_database WHERE datname = current_database())", [0x777377]))[0] as {
      n: number;
      pids: number;
    };

  const link = async (name: string) => {
    const account = emulator.addAccount();
    const id = (await gw.POST('/api/v1/sessions', { body: { name, start: true } })).data!.id;
    const qr = await eventually(async () => {
      const r = await gw.GET('/api/v1/sessions/{session}/qr', onSession(id));
      return r.response.status === 200 ? r.data!.qr : undefined;
    }, 20_000, 'a QR');
    await emulator.phone(account).scanQr(qr);
    await eventually(async () => (await status(id)) === 'connected', 20_000, `${name} connected`);
    return { id, account };
  };

  it('comes back from the database after SIGKILL, with no new QR', async () => {
    const first = await gateway();
    const { id, account } = await link('killed');
    const qrsBefore = await qrEvents(id);
    await first.kill('SIGKILL');
    await eventually(async () => !emulator.phone(account).isConnected(), 10_000, 'the socket to die');
    await gateway();
    await eventually(async () => emulator.phone(account).isConnected() && (await status(id)) === 'connected', 20_000, 'reconnected');
    expect(await qrEvents(id)).toBe(qrsBefore);
  });

  it('runs each session once with two processes, and the survivor takes over', async () => {
    while (procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null).length < 2) await gateway();
    const linked = [await link('two-a'), await link('two-b'), await link('two-c')];
    // Every session of this file is meant to run (none was stopped).
    const ids = (await gw.GET('/api/v1/sessions', { params: { query: { limit: 200 } } })).data!.items.map((s) => s.id);
    // Every running session holds exactly one lease, and nothing is connected twice.
    const leases = await leaseHolders();
    expect(leases.n).toBe(ids.length);
    expect(emulator.stats().loggedIn).toBe(ids.length);
    for (const { id } of linked) expect(await status(id)).toBe('connected');

    const alive = procs.filter((p) => p.child.exitCode === null && p.child.signalCode === null);
    await alive[0].kill('SIGKILL');
    await eventually(
      async () => {
        const all = await Promise.all(linked.map(({ id }) => status(id)));
        const l = await leaseHolders();
        return all.every((s) => s === 'connected') && l.pids === 1 && l.n === ids.length && emulator.stats().loggedIn === ids.length;
      },
      30_000,
      'the survivor to run every session',
    );
    for (const { account } of linked) expect(emulator.phone(account).isConnected()).toBe(true);
  });

  it('wakes the process running a session when another process queues a message for it', async () => {
    for (const p of procs) await p.kill('SIGKILL');
    // Its fallback poll is a minute away: only the notification can get the message out in time.
    await gateway({ OUTBOUND_POLL_MS: '60000', SEND_RATE_PER_SECOND: '0' });
    const { id } = await link('notified');
    const contact = emulator.addContact();
    const r = await gw.POST('/api/v1/sessions/{session}/messages', { ...onSession(id), body: { to: contact.phone, type: 'text', text: 'through another process' } });
    expect([201, 202]).toContain(r.response.status);
    await eventually(async () => emulator.contact(contact).inbox.some((m) => m.id === r.data!.waMessageId), 10_000, 'the message to arrive');
  });
});
