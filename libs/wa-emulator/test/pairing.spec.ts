import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectBaileys, makeMemoryAuthState, WaEmulator, waitOpen, type TestClient } from '../src';

describe('pairing and login against the emulator', () => {
  let emulator: WaEmulator;
  const clients: TestClient[] = [];
  const track = (c: TestClient) => (clients.push(c), c);

  beforeAll(async () => {
    emulator = await WaEmulator.start();
    emulator.trustInThisProcess();
  });

  afterAll(async () => {
    for (const c of clients) c.end();
    await emulator.stop();
  });

  it('pairs by QR, restarts with 515, then logs in from the stored creds', async () => {
    const account = emulator.addAccount({ name: 'Alice' });
    const auth = makeMemoryAuthState();
    const first = track(connectBaileys(emulator, auth));
    const { qr } = await first.next('connection.update', (u) => !!u.qr);
    expect(qr).toContain(`,${Buffer.from(auth.creds.noiseKey.public).toString("base64")},`);

    const deviceId = await emulator.phone(account).scanQr(qr!);
    expect(await first.closed).toBe(515);
    expect(auth.creds.me?.id).toBe(`${account.phone}:${deviceId}@s.whatsapp.net`);
    expect(auth.creds.account).toBeTruthy();

    const second = track(connectBaileys(emulator, auth));
    await waitOpen(second);
    expect(second.sock.user?.lid).toBe(`${account.lid}:${deviceId}@lid`);
    // First login uploads the initial prekeys.
    expect(account.devices.get(deviceId)!.preKeys.size).toBeGreaterThan(100);
    second.end();
  });

  it('pairs with a pairing code entered on the phone', async () => {
    const account = emulator.addAccount({ name: 'Bob' });
    const auth = makeMemoryAuthState();
    const client = track(connectBaileys(emulator, auth));
    await client.next('connection.update', (u) => !!u.qr);
    const code = await client.sock.requestPairingCode(account.phone);
    expect(code).toHaveLength(8);
    await emulator.waitForPairingCodeRequest(account);
    const deviceId = await emulator.phone(account).enterPairingCode(code);
    expect(await client.closed).toBe(515);
    expect(auth.creds.me?.id).toBe(`${account.phone}:${deviceId}@s.whatsapp.net`);

    const again = track(connectBaileys(emulator, auth));
    await waitOpen(again);
    expect(emulator.phone(account).isConnected(deviceId)).toBe(true);
    again.end();
  });

  it('rejects a wrong pairing code', async () => {
    const account = emulator.addAccount();
    const client = track(connectBaileys(emulator));
    await client.next('connection.update', (u) => !!u.qr);
    await client.sock.requestPairingCode(account.phone);
    await emulator.waitForPairingCodeRequest(account);
    await expect(emulator.phone(account).enterPairingCode('AAAAAAAA')).rejects.toThrow(/does not match/);
    client.end();
  });
});
