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
