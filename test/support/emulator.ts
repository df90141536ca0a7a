import { expect } from 'vitest';
import type { GatewayClient } from '../../libs/client/src';
import { WaEmulator } from '../../libs/wa-emulator/src';

/** An emulator for one test file, trusted by Baileys in this process, and the env that points a gateway at it. */
export async function startEmulator(): Promise<{ emulator: WaEmulator; env: Record<string, string> }> {
  const emulator = await WaEmulator.start();
  emulator.trustInThisProcess();
  return {
    emulator,
    env: {
      WA_WEBSOCKET_URL: emulator.url,
      WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
      WA_RECONNECT_BASE_MS: '50',
      WA_RECONNECT_MAX_MS: '500',
      WA_RECONCILE_INTERVAL_MS: '500',
    },
  };
}

/**
 * Stops a test file's emulator, asserting first that no emulated contact needed a retry receipt or
 * answered with a NACK (487) during the file: either means the gateway sent something encrypted
 * from a state the contact no longer had (a stale ratchet), which real recipients show as
 * "Waiting for this message" or never show at all.
 */
export async function stopEmulator(emulator: WaEmulator | undefined): Promise<void> {
  if (!emulator) return;
  const { retryReceipts, nacks, retriedIds, nackedIds } = emulator.stats();
  await emulator.stop();
  expect({ retryReceipts, nacks }, `retry receipts for ${retriedIds.join(',')}; NACKs for ${nackedIds.join(',')}`).toEqual({ retryReceipts: 0, nacks: 0 });
}

/** Polls `fn` until it returns a truthy value (no fixed sleeps in tests). */
export async function eventually<T>(fn: () => Promise<T | undefined | null | false>, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/**
 * Links a new session the way a user does: create → :start → QR from the API → the emulated phone
 * scans it → `connected`, all through the typed client. `t` is a TestApp, or anything that makes
 * a client for a token (a gateway in another process: `{ client: (token) => createGatewayClient(...) }`).
 * Returns the session id and the emulator account behind it.
 */
export async function linkSessionByQr(
  t: { client(token: string): GatewayClient },
  emulator: WaEmulator,
  token: string,
  name: string,
): Promise<{ id: string; account: ReturnType<WaEmulator['addAccount']> }> {
  const gw = t.client(token);
  const account = emulator.addAccount();
  const created = await gw.POST('/api/v1/sessions', { body: { name } });
  if (created.response.status !== 201 || !created.data) throw new Error(`creating session ${name}: ${created.response.status} ${JSON.stringify(created.error)}`);
  const id = created.data.id;
  const onSession = { params: { path: { session: id } } };
  const started = await gw.POST('/api/v1/sessions/{session}:start', onSession);
  if (started.response.status !== 200) throw new Error(`starting session ${name}: ${started.response.status} ${JSON.stringify(started.error)}`);
  const qr = await eventually(async () => {
    const r = await gw.GET('/api/v1/sessions/{session}/qr', onSession);
    // JSON unless image/png is asked for; the answer type also declares the PNG.
    return r.response.status === 200 && typeof r.data === 'object' ? r.data.qr : undefined;
  }, 15_000, 'a QR');
  await emulator.phone(account).scanQr(qr);
  await eventually(async () => (await gw.GET('/api/v1/sessions/{session}', onSession)).data?.status === 'connected', 15_000, `session ${name} connected`);
  return { id, account };
}
