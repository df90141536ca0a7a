import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBaileys, makeMemoryAuthState, waitOpen, WaEmulator, type TestClient } from '../src';

describe('admin HTTP API', () => {
  let emulator: WaEmulator;
  let client: TestClient | undefined;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emulator.adminUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
  });

  afterAll(async () => {
    client?.end();
    await emulator.stop();
  });

  it('creates an account and a contact, pairs by QR, sends a message and reads the state', async () => {
    const account = (await call('POST', '/accounts', { name: 'Http' })).body;
    const contact = (await call('POST', '/contacts', { name: 'Zed' })).body;
    const auth = makeMemoryAuthState();
    const pairing = connectBaileys(emulator, auth);
    const { qr } = await pairing.next('connection.update', (u) => !!u.qr);
    expect((await call('POST', `/phones/${account.phone}/scan`, { qr })).body.deviceId).toBe(1);
    expect(await pairing.closed).toBe(515);

    client = connectBaileys(emulator, auth);
    await waitOpen(client);
    const upsert = client.next('messages.upsert', (u) => u.messages.some((m) => m.message?.conversation === 'via http'));
    const sent = (await call('POST', `/contacts/${contact.phone}/messages`, { to: account.phone, text: 'via http' })).body;
    await upsert;
    await emulator.waitForDelivered(sent.id);
    expect((await call('GET', `/receipts/${sent.id}`)).body.delivered).toBe(true);

    const state = (await call('GET', '/state')).body;
    expect(state.accounts[0].devices[0]).toMatchObject({ id: 1, connected: true });
    expect((await call('GET', '/trust')).body.rootPublicKey).toBe(emulator.rootPublicKey.toString('base64'));
  });

  it('creates a group, changes it and posts to it as contacts; refusals keep their WhatsApp code', async () => {
    const [ann, bob, cid] = await Promise.all(['Ann', 'Bob', 'Cid'].map(async (name) => (await call('POST', '/contacts', { name })).body));
    const group = (await call('POST', '/groups', { subject: 'Via http', creator: ann.phone, participants: [bob.phone] })).body;
    expect(group.participants.map((p: { role: string }) => p.role)).toEqual(['superadmin', 'member']);
    const add = (await call('POST', `/groups/${group.jid}/actions`, { by: ann.phone, action: 'add', participants: [cid.phone, '15559999997'] })).body;
    expect(add.results.map((r: { code: number }) => r.code)).toEqual([200, 404]);
    expect((await call('POST', `/groups/${group.jid}/actions`, { by: bob.phone, action: 'subject', subject: 'Mine' })).status).toBe(200);
    expect((await call('POST', `/groups/${group.jid}/actions`, { by: bob.phone, action: 'setting', setting: 'announcement' })).status).toBe(401);
    const sent = (await call('POST', `/groups/${group.jid}/messages`, { from: bob.phone, text: 'hello group' })).body;
    const got = await emulator.contact(cid.phone).waitForMessage((m) => m.id === sent.id);
    expect(got).toMatchObject({ group: group.jid, sender: `${bob.lid}@lid`, message: { conversation: 'hello group' } });
    const state = (await call('GET', '/state')).body;
    expect(state.groups.find((g: { jid: string }) => g.jid === group.jid)).toMatchObject({ subject: 'Mine', announce: false });
  });

  it('answers 404 for unknown phones and routes', async () => {
    expect((await call('POST', '/phones/999/kick', { code: 503 })).status).toBe(404);
    expect((await call('GET', '/nope')).status).toBe(404);
  });
});
