import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { ErrorEnvelope, GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, linkSessionByQr, startEmulator, stopEmulator } from '../support/emulator';
import { openSse } from '../support/sse';
import { startWebhookReceiver, verifyWebhook, WebhookReceiver } from '../support/webhook-receiver';

describe('sessions against the emulator', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let manager: string;
  let otherOrg: string;
  let sender: string;
  let receiver: WebhookReceiver;
  let gw: GatewayClient; // the manager's typed client

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    receiver = await startWebhookReceiver();
    t = await startTestApp({ ...emu.env, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENTS_POLL_MS: '100' });
    manager = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage'] });
    sender = await createApiKey(t, { orgId: 'org-a', capabilities: ['send'] });
    otherOrg = await createApiKey(t, { orgId: 'org-b', capabilities: ['send', 'manage'] });
    gw = t.client(manager);
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
    await receiver?.close();
  });

  const session = (session: string) => ({ params: { path: { session } } });
  const getSession = async (id: string) => {
    const r = await gw.GET('/api/v1/sessions/{session}', session(id));
    if (!r.data) throw new Error(`GET session ${id}: ${r.response.status} ${JSON.stringify(r.error)}`);
    return r.data;
  };
  const sessionStatus = async (id: string) => (await getSession(id)).status;
  const waitStatus = async (id: string, status: string, timeoutMs = 15_000) => {
    try {
      await eventually(async () => (await sessionStatus(id)) === status, timeoutMs, `session ${id} to be ${status}`);
    } catch (e) {
      // Show the session's history (from the outbox) to explain the timeout.
      const history = await t.dataSource.query("SELECT type, data FROM events WHERE session_id = $1 ORDER BY id", [id]);
      throw new Error(`${(e as Error).message}; history: ${JSON.stringify(history.map((h: any) => [h.type, h.data.status ?? '', h.data.lastError ?? '']))}`);
    }
  };

  /** create → :start → QR from the API → the phone scans it → connected. */
  const linkByQr = (name: string) => linkSessionByQr(t, emulator, manager, name);

  it('pairs by QR and reports the phone number and JID', async () => {
    const { id, account } = await linkByQr('qr-line');
    const s = await getSession(id);
    expect(s).toMatchObject({ id, name: 'qr-line', status: 'connected', phoneNumber: account.phone, lastError: null });
    expect(s.jid).toMatch(new RegExp(`^${account.phone}(:\\d+)?@s\\.whatsapp\\.net$`));
    expect(s.connectedAt).toBeTruthy();
    // The QR is gone once linked.
    expect((await gw.GET('/api/v1/sessions/{session}/qr', session(id))).response.status).toBe(409);
    // Every status change was recorded as an event, in order, with the QR shown.
    const events = await t.dataSource.query('SELECT type, data FROM events WHERE session_id = $1 ORDER BY id', [id]);
    const statuses = events.filter((e: any) => e.type === 'session.status').map((e: any) => e.data.status);
    expect(statuses).toEqual(['starting', 'pairing', 'connected']);
    expect(events.some((e: any) => e.type === 'session.qr' && typeof e.data.qr === 'string')).toBe(true);
  });

  it('tells a signed webhook and the event stream about a real session going live', async () => {
    const hook = await gw.POST('/api/v1/webhooks', { body: { url: receiver.url, events: ['session.status'] } });
    expect(hook.response.status).toBe(201);
    const sse = await openSse(`${t.baseUrl}/api/v1/events?types=session.status`, { authorization: `Bearer ${manager}` });
    try {
      const { id } = await linkByQr('evented-line');
      const connected = (w: { json: { sessionId: string | null; data: Record<string, unknown> } }) => w.json.sessionId === id && w.json.data.status === 'connected';
      await receiver.waitFor(() => receiver.accepted.some(connected), 15_000, 'the connected webhook');
      const delivery = receiver.accepted.find(connected)!;
      expect(verifyWebhook(hook.data!.secret, delivery)).toBeTruthy();
      expect(delivery.json).toMatchObject({ type: 'session.status', orgId: 'org-a', sessionId: id });
      await eventually(async () => sse.messages.some((m) => connected(m)), 10_000, 'the connected event on the stream');
    } finally {
      sse.close();
    }
  });

  it('serves the QR as a PNG image while pairing', async () => {
    const id = (await gw.POST('/api/v1/sessions', { body: { name: 'png', start: true } })).data!.id;
    await waitStatus(id, 'pairing');
    const res = await gw.GET('/api/v1/sessions/{session}/qr', { ...session(id), headers: { accept: 'image/png' }, parseAs: 'arrayBuffer' });
    expect(res.response.status).toBe(200);
    expect(res.response.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(res.data!);
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect((await gw.POST('/api/v1/sessions/{session}:stop', session(id))).data!.status).toBe('stopped');
  });

  it('pairs with a pairing code', async () => {
    const account = emulator.addAccount();
    const id = (await gw.POST('/api/v1/sessions', { body: { name: 'code-line' } })).data!.id;
    const r = await gw.POST('/api/v1/sessions/{session}:requestPairingCode', { ...session(id), body: { phoneNumber: `+${account.phone}` } });
    expect(r.response.status).toBe(200);
    expect(r.data!.code).toMatch(/^[A-Z0-9]{8}$/);
    await emulator.phone(account).enterPairingCode(r.data!.code);
    await waitStatus(id, 'connected');
    expect((await getSession(id)).phoneNumber).toBe(account.phone);
  });

  it('stops twice harmlessly and starts again without a new QR', async () => {
    const { id, account } = await linkByQr('stop-line');
    const first = await gw.POST('/api/v1/sessions/{session}:stop', session(id));
    expect(first.response.status).toBe(200);
    expect(first.data!.status).toBe('stopped');
    expect(emulator.phone(account).isConnected()).toBe(false);
    const second = await gw.POST('/api/v1/sessions/{session}:stop', session(id));
    expect(second.response.status).toBe(200);
    expect(second.data).toMatchObject({ id, status: 'stopped', phoneNumber: account.phone });
    await gw.POST('/api/v1/sessions/{session}:start', session(id));
    await waitStatus(id, 'connected');
    expect((await getSession(id)).phoneNumber).toBe(account.phone);
  });

  it('logs out: unlinks and drops the credentials', async () => {
    const { id } = await linkByQr('logout-line');
    const r = await gw.POST('/api/v1/sessions/{session}:logout', session(id));
    expect(r.response.status).toBe(200);
    expect(r.data!.status).toBe('logged_out');
    const creds = await t.dataSource.query('SELECT count(*)::int AS n FROM wa_auth_creds WHERE session_id = $1', [id]);
    const keys = await t.dataSource.query('SELECT count(*)::int AS n FROM wa_auth_keys WHERE session_id = $1', [id]);
    expect(creds[0].n + keys[0].n).toBe(0);
  });

  it('keeps WhatsApp state only encrypted in PostgreSQL', async () => {
    const { id, account } = await linkByQr('state-line');
    const rows: { data: Buffer }[] = await t.dataSource.query('SELECT data FROM wa_auth_creds WHERE session_id = $1', [id]);
    expect(rows).toHaveLength(1);
    const text = rows[0].data.toString('latin1');
    expect(text).not.toContain(account.phone);
    expect(text).not.toContain('noiseKey');
    const keys = await t.dataSource.query('SELECT count(*)::int AS n FROM wa_auth_keys WHERE session_id = $1', [id]);
    expect(keys[0].n).toBeGreaterThan(0);
  });

  it('goes to logged_out when the phone unlinks the device', async () => {
    const { id, account } = await linkByQr('unlink-line');
    emulator.phone(account).unlink();
    await waitStatus(id, 'logged_out');
    expect((await getSession(id)).lastError).toMatch(/unlinked/);
  });

  it('reconnects after the link drops', async () => {
    const { id, account } = await linkByQr('drop-line');
    emulator.refuseConnections(300);
    emulator.phone(account).drop();
    await waitStatus(id, 'reconnecting', 5000);
    await waitStatus(id, 'connected');
  });

  it('fails without a reconnect loop on 440 (replaced)', async () => {
    const { id, account } = await linkByQr('replaced-line');
    emulator.phone(account).kick(440);
    await waitStatus(id, 'failed');
    const s = await getSession(id);
    expect(s.lastError).toMatch(/another place/);
    // It stays failed: nothing reconnects it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sessionStatus(id)).toBe('failed');
    expect(emulator.phone(account).isConnected()).toBe(false);
  });

  it('leaves a consistent status after concurrent :start and :stop', async () => {
    const { id, account } = await linkByQr('race-line');
    await Promise.all([
      gw.POST('/api/v1/sessions/{session}:stop', session(id)),
      gw.POST('/api/v1/sessions/{session}:start', session(id)),
      gw.POST('/api/v1/sessions/{session}:stop', session(id)),
    ]);
    // Whatever order the requests arrived in, the status settles on what the desired state says.
    const row = (await t.dataSource.query('SELECT desired_state FROM sessions WHERE id = $1', [id]))[0];
    await waitStatus(id, row.desired_state === 'running' ? 'connected' : 'stopped');
    expect(emulator.phone(account).isConnected()).toBe(row.desired_state === 'running');
  });

  it('answers the error ladder: 401, 403, 400, 404, 409', async () => {
    const id = (await gw.POST('/api/v1/sessions', { body: { name: 'ladder' } })).data!.id;
    // A bad token: raw, as every credential test.
    expect((await t.http(`/api/v1/sessions/${id}:stop`, { method: 'POST', token: 'wgw_nope' })).status).toBe(401);
    expect((await t.client(sender).POST('/api/v1/sessions/{session}:stop', session(id))).response.status).toBe(403);
    expect((await gw.POST('/api/v1/sessions/{session}:requestPairingCode', { ...session(id), body: { phoneNumber: '12ab' } })).response.status).toBe(400);
    // No name at all: a body the typed client refuses to build, so it goes raw.
    expect((await t.http('/api/v1/sessions', { method: 'POST', token: manager, json: {} })).status).toBe(400);
    expect((await gw.POST('/api/v1/sessions/{session}:stop', session('01HXXXXXXXXXXXXXXXXXXXXXXX'))).response.status).toBe(404);
    expect((await gw.GET('/api/v1/sessions/{session}/qr', session(id))).response.status).toBe(409);
    expect((await gw.POST('/api/v1/sessions', { body: { name: 'ladder' } })).response.status).toBe(409);
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const send = (key: string, name: string) => gw.POST('/api/v1/sessions', { params: { header: { 'Idempotency-Key': key } }, body: { name } });
    const first = await send('create-once', 'idem-line');
    const again = await send('create-once', 'idem-line');
    expect(first.response.status).toBe(201);
    expect(again.response.status).toBe(201);
    expect(again.response.headers.get('idempotent-replayed')).toBe('true');
    expect(again.data).toEqual(first.data);
    const rows = await t.dataSource.query("SELECT count(*)::int AS n FROM sessions WHERE org_id = 'org-a' AND name = 'idem-line'");
    expect(rows[0].n).toBe(1);
    expect((await send('create-once', 'other-name')).response.status).toBe(409);
  });

  it('never shows a session to another organization', async () => {
    const id = (await gw.POST('/api/v1/sessions', { body: { name: 'private' } })).data!.id;
    const other = t.client(otherOrg);
    const calls: [string, () => Promise<{ response: Response; error?: ErrorEnvelope }>][] = [
      ['GET /sessions/{id}', () => other.GET('/api/v1/sessions/{session}', session(id))],
      ['POST /sessions/{id}:start', () => other.POST('/api/v1/sessions/{session}:start', session(id))],
      ['POST /sessions/{id}:stop', () => other.POST('/api/v1/sessions/{session}:stop', session(id))],
      ['POST /sessions/{id}:logout', () => other.POST('/api/v1/sessions/{session}:logout', session(id))],
      ['GET /sessions/{id}/qr', () => other.GET('/api/v1/sessions/{session}/qr', session(id))],
      ['DELETE /sessions/{id}', () => other.DELETE('/api/v1/sessions/{session}', session(id))],
      ['PATCH /sessions/{id}', () => other.PATCH('/api/v1/sessions/{session}', { ...session(id), body: { name: 'x' } })],
    ];
    for (const [what, call] of calls) {
      const r = await call();
      expect(r.response.status, what).toBe(404);
      expect(r.error?.error.code).toBe('not_found');
    }
    const list = await other.GET('/api/v1/sessions');
    expect(list.data!.items.map((s) => s.id)).not.toContain(id);
  });

  it('lists, renames and deletes with everything stored for it', async () => {
    const { id } = await linkByQr('delete-line');
    const renamed = await gw.PATCH('/api/v1/sessions/{session}', { ...session(id), body: { name: 'renamed-line' } });
    expect(renamed.data!.name).toBe('renamed-line');
    const page1 = await gw.GET('/api/v1/sessions', { params: { query: { limit: 2 } } });
    expect(page1.data!.items).toHaveLength(2);
    expect(page1.data!.nextCursor).not.toBe('');
    const ids: string[] = [];
    let cursor = '';
    do {
      const page = await gw.GET('/api/v1/sessions', { params: { query: { limit: 3, ...(cursor ? { cursor } : {}) } } });
      ids.push(...page.data!.items.map((s) => s.id));
      cursor = page.data!.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(id);
    expect((await gw.DELETE('/api/v1/sessions/{session}', session(id))).response.status).toBe(204);
    expect((await gw.GET('/api/v1/sessions/{session}', session(id))).response.status).toBe(404);
    const left = await t.dataSource.query('SELECT (SELECT count(*) FROM wa_auth_keys WHERE session_id = $1)::int + (SELECT count(*) FROM wa_auth_creds WHERE session_id = $1)::int AS n', [id]);
    expect(left[0].n).toBe(0);
  });
});
