/**
 * A fault stream: an operator's bad day, shared by test/e2e/faults.e2e-spec.ts (small scale) and
 * bench/faults.mts (full scale).
 *
 * One gateway PROCESS (the built gateway, test/support/gateway-process.ts) on a private PostgreSQL
 * cluster (test/support/private-postgres.ts), pointed at an emulator running in this process, with
 * one session linked by QR. While three emulated contacts push numbered texts ("c<k>-<n>") to the
 * session at a fixed rate and a client posts numbered texts ("out-<n>") through
 * `POST /api/v1/sessions/{id}/messages` (each with its own Idempotency-Key, retried until a 2xx
 * came back), and a webhook subscribed to `message.received` posts to a local receiver, three
 * faults happen in turn, each followed by waiting for the session to be `connected` again:
 *
 *   1. `pg_ctl restart -m fast` of the private cluster,
 *   2. the connection dropped by WhatsApp with a 503 stream error,
 *   3. a SIGKILL of the gateway process, and a new process with the same environment.
 *
 * Then one more text each way, and the harness waits (condition-based, bounded) until everything
 * sent has arrived and nothing is left in flight, and reports what it finds: texts compared as
 * texts (never ids), counted once per place they should be in. It never throws because the gateway
 * misbehaves: a lost, duplicated or stalled message is a figure in the report (the caller asserts
 * or prints it); it throws only when it cannot set the scene (build, cluster, first link).
 *
 * Imports from the emulator are types only: the benchmark loads this file under tsx in CommonJS
 * mode, where the emulator (an ES module scope) is passed in by the caller instead.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Pool } from 'pg';
import type { Account, Contact, ReceivedMessage, WaEmulator } from '../../libs/wa-emulator/src';
import { buildGateway, spawnGateway, type GatewayProcess } from './gateway-process';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

const run = promisify(execFile);
// dirname(__filename): tsx (the benchmark) defines __filename but not __dirname.
const ROOT = join(dirname(__filename), '..', '..');
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
const seconds = (ms: number | null | undefined) => (ms == null ? null : Math.round(ms / 10) / 100);

export type FaultName = 'pg-restart' | 'drop-503' | 'sigkill';
const FAULTS: FaultName[] = ['pg-restart', 'drop-503', 'sigkill'];

export interface FaultStreamOptions {
  /** Starts the emulator (in this process, trusted) and says how a gateway reaches it. */
  startEmulator: () => Promise<{ emulator: WaEmulator; env: Record<string, string> }>;
  /** Emulated contacts sending to the session (default 3). */
  contacts?: number;
  /** Inbound texts in total, round-robin over the contacts. */
  inbound: number;
  /** Inbound texts per second, all contacts together. */
  inboundPerSecond: number;
  /** Outbound texts, spread evenly over the inbound stream's duration. */
  outbound: number;
  /** The built gateway (buildGateway(): a private copy for this run); built here when absent. Processes of it still running at cleanup are ended. */
  main?: string;
  /** Everything (setup included) ends by then: waits are cut short and the report made. */
  deadlineMs: number;
  /** Bound of the wait for `connected` after each fault. */
  recoveryTimeoutMs?: number;
  /** Bound of the final wait for everything to arrive. */
  settleTimeoutMs?: number;
  /** The final wait also ends when something is missing but nothing is in flight and nothing has changed for this long (default 20 s). */
  quietMs?: number;
  /** Extra gateway environment (wins over the harness's). */
  gatewayEnv?: Record<string, string>;
  /** Where to write the gateway processes' output at the end (optional). */
  gatewayLogFile?: string;
  /** Progress lines. */
  log?: (line: string) => void;
}

export interface FaultRecord {
  name: FaultName;
  /** Seconds from the start of the stream to the fault. */
  atSeconds: number;
  /** Whether the inbound stream was still being sent when the fault happened. */
  duringStream: boolean;
  /** How long the fault itself took (pg_ctl restart; SIGKILL until the new process listens). */
  operationSeconds: number | null;
  /** Fault → the first look, taken once the fault's operation was over, that saw the session connected: the API says `connected`, the emulator has the device online, and after a drop or a kill the device logged in again after the fault. */
  firstConnectedSeconds: number | null;
  /** Fault → `connected` for good: the first sample of the last connected run before the next fault (or the end). null: never. */
  connectedSeconds: number | null;
  /** Times the session was seen not connected again after being connected, before the next fault. */
  flaps: number;
  /** Fault → the first text sent after the fault stored by the gateway (inbound) / arrived at its contact (outbound). */
  firstInboundSeconds: number | null;
  firstOutboundSeconds: number | null;
  /** The first of the two: the first message flowing after the fault. */
  flowSeconds: number | null;
  /** The live wait for `connected` ran out (the harness went on with the next step). */
  timedOut: boolean;
  error?: string;
}

export interface FaultStreamReport {
  config: { contacts: number; inbound: number; inboundPerSecond: number; outbound: number; outboundPerSecond: number; gatewayEnv: Record<string, string> };
  /** Inbound texts pushed by the emulated contacts (sendText resolved). */
  inboundSent: number;
  /** Distinct inbound texts of the stream stored at least once. */
  inboundStored: number;
  inboundMissing: string[];
  /** Inbound texts stored more than once, with their row counts. */
  inboundDuplicated: Record<string, number>;
  /** Outbound texts the client got a 2xx for. */
  outboundSent: number;
  /** Of those, the texts that arrived at their contact (under at least one WhatsApp id). */
  outboundArrived: number;
  outboundMissing: string[];
  /** Outbound texts that arrived under more than one WhatsApp id (a second message a phone shows twice). */
  outboundDuplicated: Record<string, number>;
  /** Outbound texts stored as more than one row (an Idempotency-Key that did not hold). */
  outboundDuplicateRows: Record<string, number>;
  /** Extra copies of one WhatsApp id at a contact (WhatsApp dedupes by id; reported, not a duplicate), and the texts (copies per text). */
  outboundSameIdRedeliveries: number;
  outboundSameIdTexts: Record<string, number>;
  /** Texts the gateway refused with a non-retryable status, or never accepted before the deadline. */
  outboundRejected: { text: string; status: number; body: string }[];
  outboundUnaccepted: string[];
  /** Why the client had to retry (status or network error → count). */
  outboundRetries: Record<string, number>;
  /** Outbound rows by status (and failed rows' error codes). */
  outboundStatuses: Record<string, number>;
  webhook: {
    requests: number;
    /** Distinct webhook-ids (deliveries) of message.received. */
    deliveries: number;
    /** Stored inbound texts without a delivery. */
    missing: string[];
    /** Texts delivered as more than one event (distinct event ids). */
    duplicated: Record<string, number>;
    /** Deliveries by status in the database. */
    statuses: Record<string, number>;
  };
  /** Extra copies anywhere: inbound rows + outbound arrivals under another id + outbound rows + webhook events. */
  duplicates: number;
  faults: FaultRecord[];
  recoverPgSeconds: number | null;
  recoverDropSeconds: number | null;
  recoverKillSeconds: number | null;
  final: { status: string | null; emulatorConnected: boolean; outArrived: boolean; inStored: boolean; outSeconds: number | null; inSeconds: number | null };
  emulator: { retryReceipts: number; nacks: number; retryReceiptsFromDevices: number; contactResends: number; retriedIds: string[]; nackedIds: string[]; deviceRetriedIds: string[] };
  /**
   * Each retry receipt / NACK as it happened: `retry-receipt` and `nack` are a contact refusing a
   * message from the gateway, `device-retry` the gateway asking a contact for one again; with the
   * message's text, seconds since the stream started, and the last fault before it.
   */
  retryEvents: { kind: 'retry-receipt' | 'nack' | 'device-retry'; text: string | null; id: string; atSeconds: number; afterFault: FaultName | null; error?: string }[];
  /** The gateway process ended without being told to (it was started again, as a supervisor would). */
  unexpectedExits: { atSeconds: number; code: number | null; signal: string | null }[];
  /** Problems of the harness itself or of waits that ran out (not assertions). */
  notes: string[];
  /** settled: everything arrived and nothing was left in flight; quiescent: the wait ended because something was missing with nothing in flight and nothing moving (lost, not late). */
  durations: { setupSeconds: number; streamSeconds: number | null; settleSeconds: number | null; totalSeconds: number; settled: boolean; quiescent: boolean };
  /** Warning/error lines of the gateway's logs (last ones). */
  gatewayLogTail: string[];
}

/** One look at the session: the API's status and whether the emulator had the device online, at the start and at the end of the request. */
interface Sample {
  t: number;
  end: number;
  status: string | null;
  emu: boolean;
}

/** A fault as it happened: when it started (`at`) and when its operation was over (`done`). */
type FaultRun = FaultRecord & { at: number; done?: number };

interface OutboundRecord {
  text: string;
  to: string;
  firstAttemptAt: number;
  acceptedAt?: number;
  rejected?: { status: number; body: string };
  done: boolean;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const textOf = (m: ReceivedMessage) => m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';

/** The environment startEmulator (test/support/emulator.ts) gives a gateway, for callers that cannot import vitest's support (the benchmark). */
export function emulatorGatewayEnv(emulator: WaEmulator): Record<string, string> {
  return {
    WA_WEBSOCKET_URL: emulator.url,
    WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
    WA_RECONNECT_BASE_MS: '50',
    WA_RECONNECT_MAX_MS: '500',
    WA_RECONCILE_INTERVAL_MS: '500',
  };
}

export class FaultStream {
  private readonly opts: Required<Omit<FaultStreamOptions, 'main' | 'gatewayLogFile' | 'gatewayEnv'>> & Pick<FaultStreamOptions, 'main' | 'gatewayLogFile' | 'gatewayEnv'>;
  private readonly contactsCount: number;
  private readonly outboundPerSecond: number;
  private startedAt = 0;
  private deadline = 0;
  private pg?: PrivatePostgres;
  private pool?: Pool;
  private dbUrl = '';
  private emulator?: WaEmulator;
  private receiver?: WebhookReceiver;
  private tmp?: string;
  private env: Record<string, string> = {};
  private main = '';
  private base = '';
  private key = '';
  private sessionId = '';
  private account?: Account;
  private contacts: Contact[] = [];
  private gw?: GatewayProcess;
  private expectingExit = false;
  private respawning?: Promise<void>;
  private readonly outputs: string[] = [];
  private readonly unexpectedExits: FaultStreamReport['unexpectedExits'] = [];
  private readonly notes: string[] = [];
  private readonly samples: Sample[] = [];
  private readonly opens: number[] = [];
  private readonly inboundInitiated = new Map<string, number>();
  private readonly inboundSentAt = new Map<string, number>();
  private readonly outbound = new Map<string, OutboundRecord>();
  private readonly outboundTasks: Promise<void>[] = [];
  private readonly retries: Record<string, number> = {};
  private readonly arrivals = new Map<string, number>();
  private readonly faults: FaultRun[] = [];
  private readonly inboundIds = new Map<string, string>();
  private readonly retryEvents: { kind: 'retry-receipt' | 'nack' | 'device-retry'; id: string; at: number; error?: string }[] = [];
  /** Why a contact could not decrypt a message from the gateway, by message id (the last time). */
  private readonly decryptErrors = new Map<string, string>();
  private finalOut?: OutboundRecord;
  private finalInAt?: number;
  private streamStart = 0;
  private streamEnd: number | null = null;
  private settleStart: number | null = null;
  private settleEnd: number | null = null;
  private settled = false;
  private quiescent = false;
  private setupEnd = 0;
  private stopped = false;
  private cleaned = false;
  private monitor?: Promise<void>;
  /** Aborts every request in flight at cleanup. */
  private readonly abort = new AbortController();
  private readonly onExit = () => {
    this.gw?.child.kill('SIGKILL');
    this.killStrays();
  };

  constructor(opts: FaultStreamOptions) {
    this.opts = {
      contacts: 3,
      recoveryTimeoutMs: 60_000,
      settleTimeoutMs: 120_000,
      quietMs: 20_000,
      log: () => undefined,
      ...opts,
    };
    this.contactsCount = this.opts.contacts;
    this.outboundPerSecond = (opts.outbound * opts.inboundPerSecond) / opts.inbound;
  }

  private log(line: string): void {
    this.opts.log(`[faults +${((Date.now() - this.startedAt) / 1000).toFixed(1)}s] ${line}`);
  }

  private remaining(): number {
    return this.deadline - Date.now();
  }

  /** Waits until `check` holds or `timeoutMs` (cut to the deadline) passes; true if it held. */
  private async waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 100): Promise<boolean> {
    const until = Math.min(Date.now() + timeoutMs, this.deadline);
    for (;;) {
      try {
        if (await check()) return true;
      } catch {
        /* not yet */
      }
      if (Date.now() >= until || this.stopped) return false;
      await sleep(Math.min(everyMs, until - Date.now()));
    }
  }

  /** Runs the whole stream and returns the report; cleans up at the end. */
  async run(): Promise<FaultStreamReport> {
    this.startedAt = Date.now();
    this.deadline = this.startedAt + this.opts.deadlineMs;
    try {
      await this.setup();
      await this.stream();
      await this.finalExchange();
      await this.settle();
      return await this.report();
    } finally {
      await this.cleanup();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Setup
  // ---------------------------------------------------------------------------------------------

  private async setup(): Promise<void> {
    this.main = this.opts.main ?? buildGateway();
    this.pg = await startPrivatePostgres();
    const db = await this.pg.createDatabase('wgw_faults');
    this.dbUrl = db.url;
    // Errors of idle clients (a restart ends every connection) are expected; queries fail and are retried.
    this.pool = new Pool({ connectionString: this.dbUrl, max: 3, connectionTimeoutMillis: 3_000, query_timeout: 10_000 });
    this.pool.on('error', () => undefined);

    const emu = await this.opts.startEmulator();
    this.emulator = emu.emulator;
    this.receiver = await startWebhookReceiver();
    this.tmp = mkdtempSync(join(tmpdir(), 'wgw-faults-'));
    writeFileSync(join(this.tmp, 'media-ca.pem'), this.emulator.mediaCaPem);
    const port = await freePort();
    this.base = `http://127.0.0.1:${port}`;
    this.env = {
      ...emu.env,
      DATABASE_URL: this.dbUrl,
      // Every incarnation of the process reads the same encrypted WhatsApp state and local secrets.
      WA_STATE_KEY: randomBytes(32).toString('base64'),
      CURSOR_SECRET: randomBytes(24).toString('hex'),
      DATA_DIR: join(this.tmp, 'data'),
      NODE_EXTRA_CA_CERTS: join(this.tmp, 'media-ca.pem'),
      // A fixed port: the client keeps its URL across the restart, as behind a load balancer.
      PORT: String(port),
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
      // Short retries, so a delivery cut by a fault is retried within the run.
      WEBHOOK_RETRY_SCHEDULE: '1s,2s,5s,10s,20s,30s',
      WEBHOOK_TIMEOUT_MS: '5000',
      // Paced faster than the stream needs (the default 1/s + up to 1 s jitter would never keep up).
      SEND_RATE_PER_SECOND: '20',
      SEND_JITTER_MS: '0',
      SEND_WAIT_MS: '0',
      OUTBOUND_POLL_MS: '200',
      LOG_LEVEL: 'warn',
      ...this.opts.gatewayEnv,
    };
    process.once('exit', this.onExit);
    await this.startGateway();
    this.key = await this.createApiKey();
    this.log(`gateway on ${this.base}, private PostgreSQL on port ${this.pg.port}`);

    const emulator = this.emulator;
    this.account = emulator.addAccount();
    this.contacts = Array.from({ length: this.contactsCount }, (_, i) => emulator.addContact({ name: `Fault contact ${i + 1}` }));
    emulator.world.on('connection', (conn: { account?: Account }, state: string) => {
      if (state === 'open' && conn.account === this.account) this.opens.push(Date.now());
    });
    emulator.world.on('decrypt-error', (_c: Contact, id: string, err: unknown) => this.decryptErrors.set(id, `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`));
    for (const kind of ['retry-receipt', 'nack'] as const)
      emulator.world.on(kind, (_c: Contact, id: string) => this.retryEvents.push({ kind, id, at: Date.now(), error: this.decryptErrors.get(id) }));
    emulator.world.on('device-retry', (_a: Account, _d: number, id: string) => this.retryEvents.push({ kind: 'device-retry', id, at: Date.now() }));
    emulator.world.on('contact-message', (_c: Contact, m: ReceivedMessage) => {
      const text = textOf(m);
      if (!this.arrivals.has(text)) this.arrivals.set(text, Date.now());
    });

    const created = await this.api('POST', '/sessions', { name: 'faults', start: true });
    if (created.status !== 201) throw new Error(`creating the session: ${created.status} ${JSON.stringify(created.body)}`);
    this.sessionId = created.body.id;
    let qr: string | undefined;
    const gotQr = await this.waitFor(async () => {
      const r = await this.api('GET', `/sessions/${this.sessionId}/qr`);
      qr = r.status === 200 ? r.body.qr : undefined;
      return !!qr;
    }, 30_000, 200);
    if (!gotQr) throw new Error('no QR within 30 s');
    await emulator.phone(this.account).scanQr(qr!);
    const linked = await this.waitFor(async () => (await this.api('GET', `/sessions/${this.sessionId}`)).body?.status === 'connected', 60_000, 200);
    if (!linked) throw new Error('the session was not connected within 60 s of the scan');

    const hook = await this.api('POST', '/webhooks', { url: this.receiver.url, events: ['message.received'] });
    if (hook.status !== 201) throw new Error(`creating the webhook: ${hook.status} ${JSON.stringify(hook.body)}`);
    this.setupEnd = Date.now();
    this.log(`session ${this.sessionId} linked, webhook created`);
    this.monitor = this.watchStatus();
  }

  private async createApiKey(): Promise<string> {
    // The gateway's own CLI code (as bench/support/gateway-bench.ts does): dist/ may not be built.
    const { stdout } = await run(join(ROOT, 'node_modules', '.bin', 'tsx'), ['src/cli/apikey.ts', 'create', '--org', 'org-faults', '--name', 'faults', '--capabilities', 'send,manage'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH, DATABASE_URL: this.dbUrl, LOG_LEVEL: 'silent', ENV_FILE: 'none' },
      timeout: 120_000,
    });
    const key = stdout.trim();
    if (!/^wgw_/.test(key)) throw new Error(`the apikey CLI printed no key: ${stdout}`);
    return key;
  }

  private async startGateway(): Promise<void> {
    const gw = await spawnGateway(this.main, this.env);
    if (this.stopped) {
      await gw.kill('SIGKILL');
      throw new Error('the harness stopped while the gateway was starting');
    }
    this.gw = gw;
    this.outputs.push('');
    const slot = this.outputs.length - 1;
    const keep = () => (this.outputs[slot] = gw.output());
    gw.child.stdout!.on('data', keep);
    gw.child.stderr!.on('data', keep);
    gw.child.once('exit', (code, signal) => {
      keep();
      if (this.expectingExit || this.stopped || this.gw !== gw) return;
      // Not one of our faults: record it, and start it again as a process supervisor would.
      this.unexpectedExits.push({ atSeconds: seconds(Date.now() - (this.streamStart || this.startedAt))!, code, signal });
      this.log(`the gateway exited by itself (code ${code}, signal ${signal}); starting it again`);
      this.respawning = this.startGateway().catch((e) => {
        this.notes.push(`restarting the gateway after its own exit failed: ${(e as Error).message.slice(0, 300)}`);
      });
    });
  }

  private async api(method: string, path: string, json?: unknown, headers: Record<string, string> = {}, timeoutMs = 10_000): Promise<{ status: number; body: any; headers?: Headers; error?: string }> {
    try {
      const res = await fetch(`${this.base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${this.key}`, ...(json ? { 'content-type': 'application/json' } : {}), ...headers },
        body: json ? JSON.stringify(json) : undefined,
        signal: AbortSignal.any([AbortSignal.timeout(timeoutMs), this.abort.signal]),
      });
      const text = await res.text();
      let body: any = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body, headers: res.headers };
    } catch (e) {
      const err = e as Error & { cause?: { code?: string } };
      return { status: 0, body: undefined, error: err.cause?.code ?? err.name ?? err.message };
    }
  }

  /** Samples the session's status (API) and the emulator's view of the device, every 150 ms, until the end. */
  private async watchStatus(): Promise<void> {
    while (!this.stopped) {
      const online = () => !!this.account && !!this.emulator && this.emulator.phone(this.account).isConnected();
      const t = Date.now();
      const before = online();
      const r = await this.api('GET', `/sessions/${this.sessionId}`, undefined, {}, 5_000);
      const status = r.status === 200 ? (r.body?.status ?? null) : null;
      this.samples.push({ t, end: Date.now(), status, emu: before && online() });
      await sleep(150 - (Date.now() - t));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // The stream and the faults
  // ---------------------------------------------------------------------------------------------

  private async stream(): Promise<void> {
    const { inbound, inboundPerSecond, outbound } = this.opts;
    this.streamStart = Date.now();
    this.log(`stream: ${inbound} inbound at ${inboundPerSecond}/s from ${this.contactsCount} contacts, ${outbound} outbound at ${this.outboundPerSecond.toFixed(2)}/s`);
    const inboundDone = this.sendInbound();
    const outboundDone = this.sendOutbound();
    const faultsDone = this.runFaults(inboundDone);
    await inboundDone;
    this.streamEnd = Date.now();
    await outboundDone; // every task started
    await faultsDone;
  }

  private async sendInbound(): Promise<void> {
    const { inbound, inboundPerSecond } = this.opts;
    // One chain per contact: its texts go out in order, and its Signal state is never used twice at once.
    const chains: Promise<void>[] = this.contacts.map(() => Promise.resolve());
    for (let i = 0; i < inbound && !this.stopped && this.remaining() > 0; i++) {
      await sleep(this.streamStart + (i * 1000) / inboundPerSecond - Date.now());
      const k = i % this.contactsCount;
      const text = `c${k + 1}-${Math.floor(i / this.contactsCount) + 1}`;
      this.inboundInitiated.set(text, Date.now());
      chains[k] = chains[k].then(async () => {
        try {
          const { id } = await this.emulator!.contact(this.contacts[k]).sendText(this.account!, text);
          this.inboundIds.set(id, text);
          this.inboundSentAt.set(text, Date.now());
        } catch (e) {
          this.notes.push(`the emulated contact could not send ${text}: ${(e as Error).message}`);
        }
      });
    }
    await Promise.all(chains);
  }

  private async sendOutbound(): Promise<void> {
    const { outbound } = this.opts;
    for (let n = 1; n <= outbound && !this.stopped && this.remaining() > 0; n++) {
      await sleep(this.streamStart + ((n - 1) * 1000) / this.outboundPerSecond - Date.now());
      const text = `out-${n}`;
      const to = this.contacts[(n - 1) % this.contactsCount].phone;
      const rec: OutboundRecord = { text, to, firstAttemptAt: Date.now(), done: false };
      this.outbound.set(text, rec);
      this.outboundTasks.push(this.postUntilAccepted(rec));
    }
  }

  /** The client: POST with one Idempotency-Key per text until a 2xx; retries network errors, 408, 409 "in progress" (and a session not ready), 425, 429 and 5xx. */
  private async postUntilAccepted(rec: OutboundRecord): Promise<void> {
    const idempotencyKey = `faults-${rec.text}-${randomBytes(4).toString('hex')}`;
    let backoff = 200;
    rec.firstAttemptAt = Date.now();
    try {
      while (!this.stopped && this.remaining() > 0) {
        const r = await this.api('POST', `/sessions/${this.sessionId}/messages`, { to: rec.to, type: 'text', text: rec.text }, { 'idempotency-key': idempotencyKey }, 10_000);
        if (r.status >= 200 && r.status < 300) {
          rec.acceptedAt = Date.now();
          return;
        }
        const message: string = r.body?.error?.message ?? '';
        const reason = r.status === 0 ? `network ${r.error}` : r.status === 409 ? `409 ${/in progress/.test(message) ? 'in progress' : message.slice(0, 60)}` : String(r.status);
        this.retries[reason] = (this.retries[reason] ?? 0) + 1;
        const retryable = r.status === 0 || r.status === 408 || r.status === 425 || r.status === 429 || r.status >= 500 || (r.status === 409 && !/different request/.test(message));
        if (!retryable) {
          rec.rejected = { status: r.status, body: JSON.stringify(r.body ?? r.error ?? '').slice(0, 300) };
          return;
        }
        const retryAfter = Number(r.headers?.get('retry-after'));
        const wait = retryAfter > 0 ? Math.min(retryAfter * 1000, 2_000) : backoff;
        backoff = Math.min(backoff * 2, 2_000);
        await sleep(wait * (0.8 + Math.random() * 0.4));
      }
    } finally {
      rec.done = true;
    }
  }

  private async runFaults(inboundDone: Promise<void>): Promise<void> {
    let streaming = true;
    void inboundDone.then(() => (streaming = false));
    for (const [i, name] of FAULTS.entries()) {
      // Fault k at k/4 of the inbound stream (or at once, when recovering from the last one took longer).
      const threshold = Math.ceil((this.opts.inbound * (i + 1)) / (FAULTS.length + 1));
      await this.waitFor(() => this.inboundInitiated.size >= threshold || !streaming, this.remaining(), 20);
      if (this.remaining() <= 0) {
        this.notes.push(`deadline reached before the fault ${name}`);
        break;
      }
      await this.fault(name, streaming);
    }
  }

  private async fault(name: FaultName, duringStream: boolean): Promise<void> {
    const at = Date.now();
    const rec: FaultRun = {
      at,
      name,
      atSeconds: seconds(at - this.streamStart)!,
      duringStream,
      operationSeconds: null,
      firstConnectedSeconds: null,
      connectedSeconds: null,
      flaps: 0,
      firstInboundSeconds: null,
      firstOutboundSeconds: null,
      flowSeconds: null,
      timedOut: false,
    };
    this.faults.push(rec);
    this.log(`fault: ${name}`);
    try {
      if (name === 'pg-restart') {
        await this.pg!.restart();
      } else if (name === 'drop-503') {
        const n = this.emulator!.phone(this.account!).kick(503);
        if (n === 0) rec.error = 'the device was not connected when it was to be kicked';
      } else {
        this.expectingExit = true;
        await this.respawning;
        await this.gw?.kill('SIGKILL');
        this.expectingExit = false;
        await this.startGateway().catch(async (e: Error) => {
          // Once more, as a process supervisor would; the first failure is noted.
          this.notes.push(`the gateway did not start after the SIGKILL: ${e.message.slice(0, 300)}`);
          await this.startGateway();
        });
      }
    } catch (e) {
      this.expectingExit = false;
      rec.error = (e as Error).message.slice(0, 500);
      this.notes.push(`${name}: ${rec.error}`);
    }
    const done = Date.now();
    rec.done = done;
    rec.operationSeconds = seconds(done - at);
    const newLogin = name !== 'pg-restart';
    const ok = await this.waitFor(() => {
      const s = this.samples[this.samples.length - 1];
      return !!s && s.t >= done && this.isConnected(s, at, newLogin);
    }, this.opts.recoveryTimeoutMs, 50);
    rec.timedOut = !ok;
    this.log(ok ? `${name}: connected again after ${((Date.now() - at) / 1000).toFixed(1)} s` : `${name}: NOT connected again within the bound`);
  }

  private isConnected(s: Sample, faultAt: number, newLogin: boolean): boolean {
    return s.status === 'connected' && s.emu && (!newLogin || this.opens.some((o) => o > faultAt && o <= s.t));
  }

  /** One text each way after the last fault. */
  private async finalExchange(): Promise<void> {
    if (this.remaining() <= 0) return;
    const contact = this.contacts[0];
    this.finalOut = { text: 'final-out', to: contact.phone, firstAttemptAt: Date.now(), done: false };
    const outDone = this.postUntilAccepted(this.finalOut);
    try {
      const { id } = await this.emulator!.contact(contact).sendText(this.account!, 'final-in');
      this.inboundIds.set(id, 'final-in');
      this.finalInAt = Date.now();
    } catch (e) {
      this.notes.push(`the final inbound text could not be sent: ${(e as Error).message}`);
    }
    await outDone;
  }

  // ---------------------------------------------------------------------------------------------
  // Settling and the report
  // ---------------------------------------------------------------------------------------------

  private async query<T = any>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool!.query(sql, params)).rows as T[];
  }

  /** Everything sent has arrived and nothing is in flight any more (or the bound ran out). */
  private async settle(): Promise<void> {
    this.settleStart = Date.now();
    this.log('settling: waiting for every text to arrive and nothing left in flight');
    let signature = '';
    let changedAt = Date.now();
    await this.waitFor(async () => {
      const state = await this.settleState();
      if (state.done) return (this.settled = true);
      if (state.signature !== signature) {
        signature = state.signature;
        changedAt = Date.now();
      }
      // Something is missing, yet nothing is in flight anywhere and nothing has moved for a while:
      // it is lost, not late.
      if (!state.inFlight && Date.now() - changedAt >= this.opts.quietMs) return (this.quiescent = true);
      return false;
    }, this.opts.settleTimeoutMs, 500);
    this.settleEnd = Date.now();
    this.log(this.settled ? 'settled' : this.quiescent ? `NOT settled: something is missing and nothing moved for ${this.opts.quietMs / 1000} s with nothing in flight` : 'NOT settled within the bound');
  }

  /**
   * done: every text sent has arrived where it should, every stored text has its webhook, and
   * nothing is queued or waiting for the device's receipt. inFlight: the client still retries, a send is queued, a delivery pending,
   * or the emulator holds messages for the device (offline queue, or sent and not yet receipted).
   */
  private async settleState(): Promise<{ done: boolean; inFlight: boolean; signature: string }> {
    const clientBusy = [...this.outbound.values()].some((r) => !r.done) || (!!this.finalOut && !this.finalOut.done);
    const stored = await this.query<{ text: string; n: number }>(`SELECT text, count(*)::int AS n FROM messages WHERE session_id = $1 AND NOT from_me GROUP BY text`, [this.sessionId]);
    const storedTexts = new Set(stored.map((r) => r.text));
    const [{ queued, pending, outRows }] = await this.query<{ queued: number; pending: number; outRows: string }>(
      `SELECT (SELECT count(*)::int FROM messages WHERE session_id = $1 AND from_me AND status = 'queued') AS queued,
              (SELECT count(*)::int FROM webhook_deliveries WHERE status = 'pending') AS pending,
              (SELECT string_agg(status || ':' || attempts, ',' ORDER BY id) FROM messages WHERE session_id = $1 AND from_me) AS "outRows"`,
      [this.sessionId],
    );
    let atEmulator = 0;
    for (const d of this.account!.devices.values()) atEmulator += d.offline.length + d.unreceipted.size;
    const inboxes = this.inboxes();
    const hooked = this.webhookTexts();
    const done =
      !clientBusy &&
      queued === 0 &&
      pending === 0 &&
      atEmulator === 0 &&
      [...this.inboundSentAt.keys()].every((t) => storedTexts.has(t)) &&
      (!this.finalInAt || storedTexts.has('final-in')) &&
      [...this.outbound.values()].every((r) => !r.acceptedAt || inboxes.has(r.text)) &&
      (!this.finalOut?.acceptedAt || inboxes.has('final-out')) &&
      [...storedTexts].every((t) => hooked.has(t));
    const copies = [...inboxes.values()].reduce((a, e) => a + e.copies, 0);
    const signature = [stored.reduce((a, r) => a + r.n, 0), copies, this.receiver!.requests.length, this.retryEvents.length, queued, pending, atEmulator, outRows].join('|');
    return { done, inFlight: clientBusy || queued > 0 || pending > 0 || atEmulator > 0, signature };
  }

  /** Texts at the contacts, each with its distinct WhatsApp ids and the number of copies. */
  private inboxes(): Map<string, { ids: Set<string>; copies: number }> {
    const out = new Map<string, { ids: Set<string>; copies: number }>();
    for (const c of this.contacts) {
      for (const m of this.emulator!.contact(c).inbox) {
        const text = textOf(m);
        const e = out.get(text) ?? { ids: new Set<string>(), copies: 0 };
        e.ids.add(m.id);
        e.copies++;
        out.set(text, e);
      }
    }
    return out;
  }

  /** message.received deliveries by text: the distinct event ids (webhook-ids deduped). */
  private webhookTexts(): Map<string, Set<string>> {
    const byText = new Map<string, Set<string>>();
    const seen = new Set<string>();
    for (const r of this.receiver!.accepted) {
      const id = r.headers['webhook-id'];
      if (!id || seen.has(id) || r.json?.type !== 'message.received') continue;
      seen.add(id);
      const text = String((r.json.data as { text?: unknown }).text ?? '');
      const events = byText.get(text) ?? new Set<string>();
      events.add(String(r.json.id));
      byText.set(text, events);
    }
    return byText;
  }

  /** The figures as they stand (also partial: usable at any time, e.g. by a watchdog). */
  async report(): Promise<FaultStreamReport> {
    const notes = [...this.notes];
    const safe = async <T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        notes.push(`${what}: ${(e as Error).message}`);
        return fallback;
      }
    };
    const inboundRows = await safe(
      'reading stored inbound messages',
      () => this.query<{ text: string; n: number; first: Date }>(`SELECT text, count(*)::int AS n, min(created_at) AS first FROM messages WHERE session_id = $1 AND NOT from_me GROUP BY text`, [this.sessionId]),
      [],
    );
    const outboundRows = await safe(
      'reading stored outbound messages',
      () => this.query<{ text: string; status: string; error_code: string | null; wa_message_id: string }>(`SELECT text, status, error_code, wa_message_id FROM messages WHERE session_id = $1 AND from_me`, [this.sessionId]),
      [],
    );
    const deliveryStatuses = await safe(
      'reading webhook deliveries',
      () => this.query<{ status: string; n: number }>(`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status`),
      [],
    );

    const storedCount = new Map(inboundRows.map((r) => [r.text, r.n]));
    const storedAt = new Map(inboundRows.map((r) => [r.text, new Date(r.first).getTime()]));
    const inboundTexts = [...this.inboundSentAt.keys()];
    const inboundMissing = inboundTexts.filter((t) => !storedCount.has(t));
    const inboundDuplicated = Object.fromEntries(inboundRows.filter((r) => r.n > 1).map((r) => [r.text, r.n]));

    const inboxes = this.emulator ? this.inboxes() : new Map<string, { ids: Set<string>; copies: number }>();
    const accepted = [...this.outbound.values()].filter((r) => r.acceptedAt);
    const outboundMissing = accepted.filter((r) => !inboxes.has(r.text)).map((r) => r.text);
    const outboundDuplicated: Record<string, number> = {};
    let sameId = 0;
    const sameIdTexts: Record<string, number> = {};
    for (const [text, e] of inboxes) {
      if (e.ids.size > 1) outboundDuplicated[text] = e.ids.size;
      sameId += e.copies - e.ids.size;
      if (e.copies > e.ids.size) sameIdTexts[text] = e.copies;
    }
    const rowsPerText = new Map<string, number>();
    const outboundStatuses: Record<string, number> = {};
    for (const r of outboundRows) {
      rowsPerText.set(r.text, (rowsPerText.get(r.text) ?? 0) + 1);
      const k = r.status === 'failed' ? `failed:${r.error_code ?? '?'}` : r.status;
      outboundStatuses[k] = (outboundStatuses[k] ?? 0) + 1;
    }
    const outboundDuplicateRows = Object.fromEntries([...rowsPerText].filter(([, n]) => n > 1));

    const hooks = this.receiver ? this.webhookTexts() : new Map<string, Set<string>>();
    const webhookMissing = [...storedCount.keys()].filter((t) => !hooks.has(t));
    const webhookDuplicated = Object.fromEntries([...hooks].filter(([, ids]) => ids.size > 1).map(([t, ids]) => [t, ids.size]));

    const extra = (o: Record<string, number>) => Object.values(o).reduce((a, n) => a + n - 1, 0);
    const duplicates = extra(inboundDuplicated) + extra(outboundDuplicated) + extra(outboundDuplicateRows) + extra(webhookDuplicated);

    const faults = this.faultFigures(storedAt);
    const last = this.samples[this.samples.length - 1];
    const byName = (n: FaultName) => faults.find((f) => f.name === n)?.connectedSeconds ?? null;
    const stats = this.emulator?.stats();
    const textById = new Map([...this.inboundIds, ...outboundRows.map((r) => [r.wa_message_id, r.text] as [string, string])]);
    const faultAt = this.faults.map((x) => ({ name: x.name, at: x.at }));
    const retryEvents = this.retryEvents.map((e) => ({
      kind: e.kind,
      text: textById.get(e.id) ?? null,
      id: e.id,
      atSeconds: seconds(e.at - (this.streamStart || this.startedAt))!,
      afterFault: faultAt.filter((x) => x.at <= e.at).pop()?.name ?? null,
      ...(e.error ? { error: e.error } : {}),
    }));
    const finalIn = storedAt.get('final-in');
    const finalOut = this.arrivals.get('final-out');
    const logTail = this.outputs
      .join('\n')
      .split('\n')
      .filter((l) => /"level":(40|50|60)|error|warn/i.test(l))
      .slice(-40)
      .map((l) => l.slice(0, 600));

    return {
      config: {
        contacts: this.contactsCount,
        inbound: this.opts.inbound,
        inboundPerSecond: this.opts.inboundPerSecond,
        outbound: this.opts.outbound,
        outboundPerSecond: Math.round(this.outboundPerSecond * 100) / 100,
        gatewayEnv: Object.fromEntries(
          Object.entries(this.env).filter(([k]) => /^(SEND_|WEBHOOK_|WA_RECONNECT|WA_RECONCILE|OUTBOUND_)/.test(k)),
        ),
      },
      inboundSent: this.inboundSentAt.size,
      inboundStored: inboundTexts.filter((t) => storedCount.has(t)).length,
      inboundMissing,
      inboundDuplicated,
      outboundSent: accepted.length,
      outboundArrived: accepted.length - outboundMissing.length,
      outboundMissing,
      outboundDuplicated,
      outboundDuplicateRows,
      outboundSameIdRedeliveries: sameId,
      outboundSameIdTexts: sameIdTexts,
      outboundRejected: [...this.outbound.values()].filter((r) => r.rejected).map((r) => ({ text: r.text, ...r.rejected! })),
      outboundUnaccepted: [...this.outbound.values()].filter((r) => r.done && !r.acceptedAt && !r.rejected).map((r) => r.text),
      outboundRetries: { ...this.retries },
      outboundStatuses,
      webhook: {
        requests: this.receiver?.requests.length ?? 0,
        deliveries: [...hooks.values()].reduce((a, s) => a + s.size, 0),
        missing: webhookMissing,
        duplicated: webhookDuplicated,
        statuses: Object.fromEntries(deliveryStatuses.map((r) => [r.status, r.n])),
      },
      duplicates,
      faults,
      recoverPgSeconds: byName('pg-restart'),
      recoverDropSeconds: byName('drop-503'),
      recoverKillSeconds: byName('sigkill'),
      final: {
        status: last?.status ?? null,
        emulatorConnected: !!this.account && !!this.emulator && this.emulator.phone(this.account).isConnected(),
        outArrived: finalOut !== undefined,
        inStored: finalIn !== undefined,
        outSeconds: this.finalOut && finalOut !== undefined ? seconds(finalOut - this.finalOut.firstAttemptAt) : null,
        inSeconds: this.finalInAt && finalIn !== undefined ? seconds(finalIn - this.finalInAt) : null,
      },
      emulator: {
        retryReceipts: stats?.retryReceipts ?? 0,
        nacks: stats?.nacks ?? 0,
        retryReceiptsFromDevices: stats?.retryReceiptsFromDevices ?? 0,
        contactResends: stats?.contactResends ?? 0,
        retriedIds: stats?.retriedIds ?? [],
        nackedIds: stats?.nackedIds ?? [],
        deviceRetriedIds: stats?.deviceRetriedIds ?? [],
      },
      retryEvents,
      unexpectedExits: [...this.unexpectedExits],
      notes,
      durations: {
        setupSeconds: seconds((this.setupEnd || Date.now()) - this.startedAt)!,
        streamSeconds: this.streamStart && this.streamEnd ? seconds(this.streamEnd - this.streamStart) : null,
        settleSeconds: this.settleStart ? seconds((this.settleEnd ?? Date.now()) - this.settleStart) : null,
        totalSeconds: seconds(Date.now() - this.startedAt)!,
        settled: this.settled,
        quiescent: this.quiescent,
      },
      gatewayLogTail: logTail,
    };
  }

  /** Per fault, from the status samples, the emulator's logins and the arrival times. */
  private faultFigures(storedAt: Map<string, number>): FaultRecord[] {
    return this.faults.map((f, i) => {
      const at = f.at;
      const next = this.faults[i + 1]?.at ?? Infinity;
      const newLogin = f.name !== 'pg-restart';
      // Samples wholly inside the fault's window (a sample across the next fault belongs to neither).
      const window = this.samples.filter((s) => s.t >= at && s.end < next);
      const ok = window.map((s) => this.isConnected(s, at, newLogin));
      // The first look taken once the fault's operation was over (a look during pg_ctl may still see the old state).
      const done = f.done ?? at;
      const first = window.findIndex((s, j) => ok[j] && s.t >= done);
      const lastBad = ok.lastIndexOf(false);
      const forGood = lastBad + 1 < window.length ? lastBad + 1 : -1;
      let flaps = 0;
      for (let j = Math.max(first, 0) + 1; first >= 0 && j < ok.length; j++) if (ok[j - 1] && !ok[j]) flaps++;
      // The first text initiated after the fault that completed its path (stored / arrived).
      let firstIn: number | null = null;
      for (const [text, initiated] of this.inboundInitiated) {
        const s = storedAt.get(text);
        if (initiated >= at && s !== undefined && (firstIn === null || s < firstIn)) firstIn = s;
      }
      const finalIn = storedAt.get('final-in');
      if (this.finalInAt && finalIn !== undefined && (firstIn === null || finalIn < firstIn)) firstIn = finalIn;
      let firstOut: number | null = null;
      for (const r of [...this.outbound.values(), ...(this.finalOut ? [this.finalOut] : [])]) {
        const a = this.arrivals.get(r.text);
        if (r.firstAttemptAt >= at && a !== undefined && (firstOut === null || a < firstOut)) firstOut = a;
      }
      const flow = [firstIn, firstOut].filter((x): x is number => x !== null);
      const { at: _at, done: _done, ...rest } = f;
      void _at;
      void _done;
      return {
        ...rest,
        firstConnectedSeconds: first >= 0 ? seconds(window[first].t - at) : null,
        connectedSeconds: forGood >= 0 ? seconds(window[forGood].t - at) : null,
        flaps,
        firstInboundSeconds: firstIn === null ? null : seconds(firstIn - at),
        firstOutboundSeconds: firstOut === null ? null : seconds(firstOut - at),
        flowSeconds: flow.length ? seconds(Math.min(...flow) - at) : null,
      };
    });
  }

  /**
   * A gateway whose start was given up (spawnGateway's timeout) may still be running: every process
   * of this run's private build copy (a path no other run uses) is ended, by its id.
   */
  private killStrays(): void {
    if (!this.main) return;
    for (const pid of processesRunning(this.main)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  }

  /** Stops everything this harness started (idempotent; safe after a failure at any point). */
  async cleanup(): Promise<void> {
    if (this.cleaned) return;
    this.cleaned = true;
    this.stopped = true;
    this.abort.abort();
    await this.monitor?.catch(() => undefined);
    await Promise.allSettled(this.outboundTasks);
    await this.respawning?.catch(() => undefined);
    if (this.gw) {
      this.outputs[this.outputs.length - 1] = this.gw.output();
      await this.gw.kill('SIGKILL').catch(() => undefined);
    }
    this.killStrays();
    process.removeListener('exit', this.onExit);
    if (this.opts.gatewayLogFile) {
      try {
        mkdirSync(dirname(this.opts.gatewayLogFile), { recursive: true });
        writeFileSync(this.opts.gatewayLogFile, this.outputs.map((o, i) => `===== gateway process ${i + 1} =====\n${o}`).join('\n'));
      } catch {
        /* best effort */
      }
    }
    await this.receiver?.close().catch(() => undefined);
    await this.emulator?.stop().catch(() => undefined);
    await this.pool?.end().catch(() => undefined);
    await this.pg?.destroy().catch(() => undefined);
    if (this.tmp) rmSync(this.tmp, { recursive: true, force: true });
  }
}

/** The PIDs of running `node <main>` processes: gateways started from this run's private build. */
function processesRunning(main: string): number[] {
  const pids: number[] = [];
  try {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (argv[1] === main) pids.push(Number(entry));
      } catch {
        /* gone */
      }
    }
  } catch {
    /* no /proc */
  }
  return pids;
}

/** A few lines for a log: the figures a reader wants first. */
export function formatFaultReport(r: FaultStreamReport): string {
  const f = (x: number | null) => (x === null ? 'never' : `${x} s`);
  const lines = [
    `inbound:  sent ${r.inboundSent}, stored ${r.inboundStored}, missing ${r.inboundMissing.length}${r.inboundMissing.length ? ` (${r.inboundMissing.slice(0, 20).join(', ')}${r.inboundMissing.length > 20 ? ', …' : ''})` : ''}, stored twice ${Object.keys(r.inboundDuplicated).length}`,
    `outbound: sent (2xx) ${r.outboundSent}, arrived ${r.outboundArrived}, missing ${r.outboundMissing.length}${r.outboundMissing.length ? ` (${r.outboundMissing.slice(0, 20).join(', ')})` : ''}, under 2 ids ${Object.keys(r.outboundDuplicated).length}, 2 rows ${Object.keys(r.outboundDuplicateRows).length}, same-id copies ${r.outboundSameIdRedeliveries}${r.outboundSameIdRedeliveries ? ` ${JSON.stringify(r.outboundSameIdTexts)}` : ''}, rejected ${r.outboundRejected.length}, never accepted ${r.outboundUnaccepted.length}`,
    `          retries ${JSON.stringify(r.outboundRetries)}, rows ${JSON.stringify(r.outboundStatuses)}`,
    `webhook:  ${r.webhook.deliveries} deliveries (${r.webhook.requests} requests), stored without one ${r.webhook.missing.length}, texts with 2+ events ${Object.keys(r.webhook.duplicated).length}, rows ${JSON.stringify(r.webhook.statuses)}`,
    `duplicates: ${r.duplicates}`,
    ...r.faults.map(
      (x) =>
        `fault ${x.name.padEnd(10)} at ${x.atSeconds} s${x.duringStream ? '' : ' (after the stream)'}: took ${f(x.operationSeconds)}, connected ${f(x.firstConnectedSeconds)} (for good ${f(x.connectedSeconds)}, ${x.flaps} flaps), first message after it ${f(x.flowSeconds)} (in ${f(x.firstInboundSeconds)}, out ${f(x.firstOutboundSeconds)})${x.timedOut ? ' TIMED OUT' : ''}${x.error ? ` error: ${x.error}` : ''}`,
    ),
    `final:    status ${r.final.status}, emulator connected ${r.final.emulatorConnected}, final-out arrived ${r.final.outArrived} (${f(r.final.outSeconds)}), final-in stored ${r.final.inStored} (${f(r.final.inSeconds)})`,
    `emulator: retry receipts ${r.emulator.retryReceipts}, NACKs ${r.emulator.nacks} (gateway's sends); retry receipts from the device ${r.emulator.retryReceiptsFromDevices}, contact re-sends ${r.emulator.contactResends}`,
    ...r.retryEvents.map((e) => `          ${e.kind} for ${e.text ?? e.id} at ${e.atSeconds} s (after ${e.afterFault ?? 'no fault'})${e.error ? `: ${e.error}` : ''}`),
    `process:  unexpected exits ${r.unexpectedExits.length}; setup ${r.durations.setupSeconds} s, stream ${r.durations.streamSeconds} s, settle ${r.durations.settleSeconds} s${r.durations.settled ? '' : r.durations.quiescent ? ' (NOT settled: missing, nothing in flight)' : ' (NOT settled)'}, total ${r.durations.totalSeconds} s`,
    ...(r.notes.length ? [`notes:    ${r.notes.join(' | ')}`] : []),
  ];
  return lines.join('\n');
}
