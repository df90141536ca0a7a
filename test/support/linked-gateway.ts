import type { GatewayClient } from '../../libs/client/src';
import type { Account, WaEmulator } from '../../libs/wa-emulator/src';
import { startTestApp, TestApp } from './app';
import { createApiKey } from './auth';
import { linkSessionByQr, startEmulator, stopEmulator } from './emulator';

/** The four callers every feature file checks capabilities and organizations with. */
export interface GatewayCallers<T> {
  /** `send` + `manage`: the key that linked the session. */
  manage: T;
  /** `send` only. */
  reader: T;
  /** `manage` only. */
  admin: T;
  /** Another organization, every capability (`send`, `manage`, `admin`): sees none of `org`'s sessions. */
  stranger: T;
}

export interface LinkedGatewayOptions {
  /** The organization of `manage`, `reader` and `admin`. */
  org: string;
  /** The name of the linked session. */
  sessionName: string;
  /** The stranger's organization; `${org}-other` by default. */
  strangerOrg?: string;
  /** Added to (or overriding) the defaults: no send pacing (`SEND_RATE_PER_SECOND=0`), `SEND_WAIT_MS=5000`. */
  env?: Record<string, string>;
}

export interface LinkedGateway {
  t: TestApp;
  emulator: WaEmulator;
  /** The plaintext keys, for the raw requests a typed client cannot make (malformed input). */
  keys: GatewayCallers<string>;
  /** A typed client (libs/client) per key: what well-formed API calls go through. */
  clients: GatewayCallers<GatewayClient>;
  /** The id of the session linked by QR (as `manage`) and connected. */
  session: string;
  /** The emulator account behind `session`. */
  account: Account;
  /** The `data` of the stored events of `type` for `session`, oldest first. */
  events(type: string): Promise<any[]>;
  /**
   * A raw request to `/api/v1${path}`, for deliberately malformed input only (bodies or queries
   * the typed client refuses to build); `token` defaults to `manage`, `null` sends none.
   */
  raw(method: string, path: string, json?: unknown, token?: string | null): Promise<{ status: number; body: any }>;
  /** Closes the app (dropping its database), then stops the emulator (asserting no retry receipts or NACKs). */
  close(): Promise<void>;
}

/**
 * The setup many feature files share: an emulator, the gateway pointed at it, the four keys of
 * `GatewayCallers` and one session linked by QR. Use in `beforeAll`, with `close()` in `afterAll`:
 *
 *   let gw: LinkedGateway;
 *   beforeAll(async () => { gw = await startLinkedGateway({ org: 'org-x', sessionName: 'x' }); }, 60_000);
 *   afterAll(() => gw?.close());
 */
export async function startLinkedGateway(options: LinkedGatewayOptions): Promise<LinkedGateway> {
  const { emulator, env } = await startEmulator();
  let t: TestApp | undefined;
  try {
    t = await startTestApp({ ...env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '5000', ...options.env });
    const app = t;
    const keys: GatewayCallers<string> = {
      manage: await createApiKey(app, { orgId: options.org, capabilities: ['send', 'manage'] }),
      reader: await createApiKey(app, { orgId: options.org, capabilities: ['send'] }),
      admin: await createApiKey(app, { orgId: options.org, capabilities: ['manage'] }),
      stranger: await createApiKey(app, { orgId: options.strangerOrg ?? `${options.org}-other`, capabilities: ['send', 'manage', 'admin'] }),
    };
    const clients: GatewayCallers<GatewayClient> = {
      manage: app.client(keys.manage),
      reader: app.client(keys.reader),
      admin: app.client(keys.admin),
      stranger: app.client(keys.stranger),
    };
    const { id: session, account } = await linkSessionByQr(app, emulator, keys.manage, options.sessionName);
    return {
      t: app,
      emulator,
      keys,
      clients,
      session,
      account,
      events: async (type) =>
        (await app.dataSource.query('SELECT data FROM events WHERE session_id = $1 AND type = $2 ORDER BY id', [session, type])).map((r: { data: unknown }) => r.data),
      raw: async (method, path, json, token = keys.manage) => {
        const res = await app.http(`/api/v1${path}`, { method, json, token: token ?? undefined });
        const text = await res.text();
        return { status: res.status, body: text ? JSON.parse(text) : undefined };
      },
      close: async () => {
        try {
          await app.close();
        } finally {
          await stopEmulator(emulator);
        }
      },
    };
  } catch (e) {
    // A half-started fixture is never returned: close what did start, then fail the file.
    await t?.close().catch(() => undefined);
    await emulator.stop().catch(() => undefined);
    throw e;
  }
}
