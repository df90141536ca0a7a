import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
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

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    receiver = await startWebhookReceiver();
    t = await startTestApp({ ...emu.env, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1', EVENTS_POLL_MS: '100' });
    manager = await createApiKey(t, { orgId: 'org-a', capabilities: ['send', 'manage'] });
    sender = await createApiKey(t, { orgId: 'org-a', capabilities: ['send'] });
    otherOrg = await createApiKey(t, { orgId: 'org-b', capabilities: ['send', 'manage'] });
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
    await receiver?.close();
  });

  const api = async (method: string, path: string, token = manager, json?: unknown) => {
    const res = await t.http(`/api/v1${path}`, { method, token, json });
    const body = res.status === 204 ? undefined : await res.json();
    return { status: res.status, body: body as any };
  };
  const sessionStatus = async (id: string) => (await api('GET', `/sessions/${id}`)).body.status as string;
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
    const s = (await api('GET', `/sessions/${id}`)).body;
    expect(s).toMatchObject({ id, name: 'qr-line', status: 'connected', phoneNumber: account.phone, lastError: null });
    expect(s.jid).toMatch(new RegExp(`^${account.phone}(:\\d+)?@s\\.whatsapp\\.net$`));
    expect(s.connectedAt).toBeTruthy();
    // The QR is gone once linked.
    expect((await api('GET', `/sessions/${id}/qr`)).status).toBe(409);
    // Every status change was recorded as an event, in order, with the QR shown.
    const events = await t.dataSource.query('SELECT type, data FROM events WHERE session_id = $1 ORDER BY id', [id]);
    const statuses = events.filter((e: any) => e.type === 'session.status').map((e: any) => e.data.status);
    expect(statuses).toEqual(['starting', 'pairing', 'connected']);
    expect(events.some((e: any) => e.type === 'session.qr' && typeof e.data.qr === 'string')).toBe(true);
  });

  it('tells a signed webhook and the event stream about a real session going live', async () => {
    const hook = await api('POST', '/webhooks', manager, { url: receiver.url, events: ['session.status'] });
    expect(hook.status).toBe(201);
    const sse = await openSse(`${t.baseUrl}/api/v1/events?types=session.status`, { authorization: `Bearer ${manager}` });
    try {
      const { id } = await linkByQr('evented-line');
      const connected = (w: { json: { sessionId: string | null; data: Record<string, unknown> } }) => w.json.sessionId === id && w.json.data.status === 'connected';
      await receiver.waitFor(() => receiver.accepted.some(connected), 15_000, 'the connected webhook');
      const delivery = receiver.accepted.find(connected)!;
      expect(verifyWebhook(hook.body.secret, delivery)).toBeTruthy();
      expect(delivery.json).toMatchObject({ type: 'session.status', orgId: 'org-a', sessionId: id });
      await eventually(async () => sse.messages.some((m) => connected(m)), 10_000, 'the connected event on the stream');
    } finally {
      sse.close();
    }
  });

  it('serves the QR as a PNG image while pairing', async () => {
    const id = (await api('POST', '/sessions', manager, { name: 'png', start: true })).body.id;
    await waitStatus(id, 'pairing');
    const res = await t.http(`/api/v1/sessions/${id}/qr`, { token: manager, headers: { accept: 'image/png' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect((await api('POST', `/sessions/${id}:stop`)).body.status).toBe('stopped');
  });

  it('pairs with a pairing code', async () => {
    const account = emulator.addAccount();
    const id = (await api('POST', '/sessions', manager, { name: 'code-line' })).body.id;
    const r = await api('POST', `/sessions/${id}:requestPairingCode`, manager, { phoneNumber: `+${account.phone}` });
    expect(r.status).toBe(200);
    expect(r.body.code).toMatch(/^[A-Z0-9]{8}$/);
    await emulator.phone(account).enterPairingCode(r.body.code);
    await waitStatus(id, 'connected');
    expect((await api('GET', `/sessions/${id}`)).body.phoneNumber).toBe(account.phone);
  });

  it('stops twice harmlessly and starts again without a new QR', async () => {
    const { id, account } = await linkByQr('stop-line');
    const first = await api('POST', `/sessions/${id}:stop`);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe('stopped');
    expect(emulator.phone(account).isConnected()).toBe(false);
    const second = await api('POST', `/sessions/${id}:stop`);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({ id, status: 'stopped', phoneNumber: account.phone });
    await api('POST', `/sessions/${id}:start`);
    await waitStatus(id, 'connected');
    expect((await api('GET', `/sessions/${id}`)).body.phoneNumber).toBe(account.phone);
  });

  it('logs out: unlinks and drops the credentials', async () => {
    const { id } = await linkByQr('logout-line');
    const r = await api('POST', `/sessions/${id}:logout`);
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('logged_out');
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
    expect((await api('GET', `/sessions/${id}`)).body.lastError).toMatch(/unlinked/);
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
    const s = (await api('GET', `/sessions/${id}`)).body;
    expect(s.lastError).toMatch(/another place/);
    // It stays failed: nothing reconnects it.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await sessionStatus(id)).toBe('failed');
    expect(emulator.phone(account).isConnected()).toBe(false);
  });

  it('leaves a consistent status after concurrent :start and :stop', async () => {
    const { id, account } = await linkByQr('race-line');
    await Promise.all([api('POST', `/sessions/${id}:stop`), api('POST', `/sessions/${id}:start`), api('POST', `/sessions/${id}:stop`)]);
    // Whatever order the requests arrived in, the status settles on what the desired state says.
    const row = (await t.dataSource.query('SELECT desired_state FROM sessions WHERE id = $1', [id]))[0];
    await waitStatus(id, row.desired_state === 'running' ? 'connected' : 'stopped');
    expect(emulator.phone(account).isConnected()).toBe(row.desired_state === 'running');
  });

  it('answers the error ladder: 401, 403, 400, 404, 409', async () => {
    const id = (await api('POST', '/sessions', manager, { name: 'ladder' })).body.id;
    expect((await api('POST', `/sessions/${id}:stop`, 'wgw_nope')).status).toBe(401);
    expect((await api('POST', `/sessions/${id}:stop`, sender)).status).toBe(403);
    expect((await api('POST', `/sessions/${id}:requestPairingCode`, manager, { phoneNumber: '12ab' })).status).toBe(400);
    expect((await api('POST', '/sessions', manager, {})).status).toBe(400);
    expect((await api('POST', `/sessions/01HXXXXXXXXXXXXXXXXXXXXXXX:stop`)).status).toBe(404);
    expect((await api('GET', `/sessions/${id}/qr`)).status).toBe(409);
    expect((await api('POST', '/sessions', manager, { name: 'ladder' })).status).toBe(409);
  });

  it('replays a create with the same Idempotency-Key instead of creating twice', async () => {
    const send = (key: string, name: string) =>
      t.http('/api/v1/sessions', { method: 'POST', token: manager, json: { name }, headers: { 'idempotency-key': key } });
    const first = await send('create-once', 'idem-line');
    const again = await send('create-once', 'idem-line');
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const a: any = await first.json();
    expect(await again.json()).toEqual(a);
    const rows = await t.dataSource.query("SELECT count(*)::int AS n FROM sessions WHERE org_id = 'org-a' AND name = 'idem-line'");
    expect(rows[0].n).toBe(1);
    expect((await send('create-once', 'other-name')).status).toBe(409);
  });

  it('never shows a session to another organization', async () => {
    const id = (await api('POST', '/sessions', manager, { name: 'private' })).body.id;
    for (const [method, path] of [
      ['GET', `/sessions/${id}`],
      ['POST', `/sessions/${id}:start`],
      ['POST', `/sessions/${id}:stop`],
      ['POST', `/sessions/${id}:logout`],
      ['GET', `/sessions/${id}/qr`],
      ['DELETE', `/sessions/${id}`],
      ['PATCH', `/sessions/${id}`],
    ]) {
      const r = await api(method, path, otherOrg, method === 'PATCH' ? { name: 'x' } : undefined);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe('not_found');
    }
    const list = await api('GET', '/sessions', otherOrg);
    expect(list.body.items.map((s: { id: string }) => s.id)).not.toContain(id);
  });

  it('lists, renames and deletes with everything stored for it', async () => {
    const { id } = await linkByQr('delete-line');
    const renamed = await api('PATCH', `/sessions/${id}`, manager, { name: 'renamed-line' });
    expect(renamed.body.name).toBe('renamed-line');
    const page1 = await api('GET', '/sessions?limit=2');
    expect(page1.body.items).toHaveLength(2);
    expect(page1.body.nextCursor).not.toBe('');
    const ids: string[] = [];
    let cursor = '';
    do {
      const page = await api('GET', `/sessions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.body.items.map((s: { id: string }) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain(id);
    expect((await api('DELETE', `/sessions/${id}`)).status).toBe(204);
    expect((await api('GET', `/sessions/${id}`)).status).toBe(404);
    const left = await t.dataSource.query('SELECT (SELECT count(*) FROM wa_auth_keys WHERE session_id = $1)::int + (SELECT count(*) FROM wa_auth_creds WHERE session_id = $1)::int AS n', [id]);
    expect(left[0].n).toBe(0);
  });
});
