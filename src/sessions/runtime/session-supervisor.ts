import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConnectionEvents, Disconnect, GroupMetadata, FEATURE_EVENTS, LidMapping, FeatureEvent, FeatureEvents, LinkedAccount, WHATSAPP_ENGINE, WhatsAppConnection, WhatsAppEngine } from '@app/whatsapp';
import { DataSource } from 'typeorm';
import { ConflictError, UnavailableError } from '../../common/errors';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { EventTypes } from '../../events/event-types';
import { SessionsRepository, RuntimePatch } from '../sessions.repository';
import { backoffDelay } from './backoff';
import { KeyedQueue } from '../../common/keyed-queue';
import { KeyWriteBatcher } from './key-write-batcher';
import { PgAuthStore } from './pg-auth-store';
import { SessionRuntimeEvents, SessionScope } from './runtime-events';
import { ControlMessage, SESSION_CONTROL_CHANNEL, SessionLeases } from './session-leases';
import { Stall, stalled, stallReason } from './liveness';
import { StatusRecorder } from './status-recorder';
import { StateCipher } from '../../common/state-cipher';
import { SessionEntity } from '../entities/session.entity';

interface LiveSession {
  id: string;
  orgId: string;
  conn?: WhatsAppConnection;
  connected: boolean;
  /**
   * Connected at least once since this start (or restored after a restart with a link that
   * worked before): a drop is `reconnecting`, retried without end. Until then the session is
   * `starting`, and gives up (`failed`) after WA_FIRST_CONNECT_ATTEMPTS failed attempts.
   */
  wasConnected: boolean;
  /** Failed attempts since this start, before the first connection opened. */
  firstFailures: number;
  attempt: number;
  timer?: NodeJS.Timeout;
  stopping: boolean;
  qrCount: number;
  /** Status writes from connection events, in the order the events happened. */
  writes: Promise<unknown>;
  /** Resolved when the socket is ready to pair (first QR), or with the cause when it gave up. */
  pairingReady: Array<(failure?: Error) => void>;
  /** Resolves once the first connection attempt is open, pairing or closed (or after a while). */
  settled: Promise<void>;
  settle: () => void;
}

export type CommandResult = 'local' | 'remote';

/** How long a restore slot waits for one session's first connection attempt. */
const SETTLE_TIMEOUT_MS = 30_000;
/** `lastError` of the sessions this process had to close because it lost its database connection. */
export const DATABASE_LOST = 'the gateway lost its database connection; reconnecting once the database answers';
type Action = ControlMessage['action'];

/** The engine's questions a feature answers from its store, per session. */
interface Lookups {
  /** A message the session sent (retry receipts). */
  message?: (sessionId: string, chatJid: string, waMessageId: string) => Promise<string | undefined>;
  /** A group's metadata (sends to groups). */
  group?: (sessionId: string, jid: string) => Promise<GroupMetadata | undefined>;
  /** The LID ↔ phone number pairs naming these JIDs (the engine's mapping store falls back to them). */
  lid?: (sessionId: string, jids: string[]) => Promise<LidMapping[]>;
}

/**
 * Owns the live WhatsApp connections of this process. Brings each session's status towards its
 * persisted desired state: restores running sessions at start (gradually), reconnects after drops
 * with backoff, reacts to each disconnect reason, and holds a PostgreSQL lease per session so a
 * session runs in one socket in one process at a time.
 */
@Injectable()
export class SessionSupervisor implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('SessionSupervisor');
  private readonly live = new Map<string, LiveSession>();
  private readonly queue = new KeyedQueue();
  private leases?: SessionLeases;
  private reconcileTimer?: NodeJS.Timeout;
  private readonly keyWrites: KeyWriteBatcher;
  private reconciling = false;
  private shuttingDown = false;
  /** Sessions a user :started through another process, not yet started here. */
  private readonly userStarts = new Set<string>();
  /** What features answer the engine's questions with (see SessionAccess). */
  private lookups: Lookups = {};
  /** Every status change of the sessions run here goes through it (kept and retried while the database is away). */
  private readonly status: StatusRecorder;
  private watchdogTimer?: NodeJS.Timeout;
  /** Connections the watchdog is recycling (so that the next check does not start again). */
  private readonly recycling = new WeakSet<WhatsAppConnection>();

  constructor(
    @Inject(WHATSAPP_ENGINE) private readonly engine: WhatsAppEngine,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repo: SessionsRepository,
    private readonly dataSource: DataSource,
    private readonly cipher: StateCipher,
    private readonly events: SessionRuntimeEvents,
  ) {
    this.keyWrites = new KeyWriteBatcher(dataSource);
    this.status = new StatusRecorder(repo, (id) => this.leases?.holds(id) ?? false);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.whatsapp.runtimeEnabled) return;
    if (this.config.databaseUrl && !this.config.whatsapp.stateKey) {
      this.logger.warn('WA_STATE_KEY is not set: WhatsApp state is encrypted with a key kept in DATA_DIR; other processes on this database cannot read it.');
    }
    await this.openLeases();
    void this.reconcile();
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.config.whatsapp.reconcileIntervalMs);
    this.reconcileTimer.unref();
    const { watchdogMs } = this.config.whatsapp;
    if (watchdogMs > 0) {
      this.watchdogTimer = setInterval(() => this.checkLiveness(), Math.max(100, Math.min(5_000, Math.floor(watchdogMs / 4))));
      this.watchdogTimer.unref();
    }
  }

  /** Closes sockets without unlinking and gives the sessions up (another process may take them). */
  async beforeApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    clearInterval(this.reconcileTimer);
    clearInterval(this.watchdogTimer);
    await Promise.all(
      [...this.live.values()].map((l) =>
        this.serialize(l.id, async () => {
          // Recorded after the events before it, and before the lease is given up (afterwards the
          // session would be another process's to record).
          await l.writes;
          const lastError = 'the gateway process running it stopped; another process (or its next start) takes it over';
          await this.status.write(l.id, { status: 'reconnecting', lastError, qr: null, qrExpiresAt: null });
          await this.closeLocal(l);
        }),
      ),
    );
    await this.status.close();
    await this.leases?.close();
  }

  /**
   * The session as this process knows it: the stored row, with the status changes this process
   * made and could not write yet (the database was away) applied. Never older than the row.
   */
  overlay(row: SessionEntity): SessionEntity {
    return this.status.overlay(row);
  }

  setLookups(lookups: Lookups): void {
    this.lookups = { ...this.lookups, ...lookups };
  }

  /** The open connection of a session connected in this process. */
  connection(sessionId: string): WhatsAppConnection | undefined {
    const l = this.live.get(sessionId);
    return l?.connected ? l.conn : undefined;
  }

  isLocal(sessionId: string): boolean {
    return this.live.has(sessionId);
  }

  /** Runs a command here when this process owns (or can take) the session, else asks the owner. */
  command(action: Action, sessionId: string, orgId: string): Promise<CommandResult> {
    return this.serialize(sessionId, async () => {
      const l = this.live.get(sessionId);
      if (l) {
        if (action !== 'start') await this.finishLocal(l, action);
        else await this.retryNow(l);
        return 'local';
      }
      const here = this.config.whatsapp.runtimeEnabled && !this.shuttingDown && this.leases;
      if (!here || !(await this.leases!.tryAcquire(sessionId))) {
        await this.repo.notify(SESSION_CONTROL_CHANNEL, { sessionId, action });
        return 'remote';
      }
      if (action === 'start') {
        this.userStarts.delete(sessionId);
        await this.startLocal(sessionId, orgId, false);
      } else {
        // Nobody runs it: apply the end state directly, then give the lease back.
        if (action === 'logout') await PgAuthStore.clear(this.dataSource, sessionId);
        await this.status.write(sessionId, action === 'logout' ? loggedOutPatch(null) : stoppedPatch());
        await this.leases!.release(sessionId);
      }
      return 'local';
    });
  }

  /** Requests a pairing code on a session that runs here, starting it if nobody runs it. */
  async requestPairingCode(sessionId: string, orgId: string, phoneDigits: string): Promise<string> {
    if ((await this.command('start', sessionId, orgId)) === 'remote' && !this.live.has(sessionId)) {
      throw new ConflictError('the session is running in another gateway process; retry the request');
    }
    const l = this.live.get(sessionId);
    if (!l) throw new ConflictError('the session is not running');
    if (l.connected) throw new ConflictError('the session is already linked');
    if (!l.qrCount) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new UnavailableError('WhatsApp did not become ready for pairing')), 20_000);
        l.pairingReady.push((failure) => {
          clearTimeout(timer);
          if (failure) reject(failure);
          else resolve();
        });
      });
    }
    if (!l.conn) throw new ConflictError('the session is not running');
    return l.conn.requestPairingCode(phoneDigits);
  }

  private async openLeases(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url!;
    const leases = new SessionLeases(
      url,
      (m) => this.onControl(m),
      () => this.onLeasesLost(),
    );
    await leases.open();
    this.leases = leases;
    // The database answers again: what could not be recorded meanwhile is written now.
    this.status.retryNow();
  }

  private onControl(message: ControlMessage): void {
    const l = this.live.get(message.sessionId);
    if (message.action === 'start' && !l) {
      // A user's :start arriving from another process: the reconcile below starts it as one.
      this.userStarts.add(message.sessionId);
      void this.reconcile();
      return;
    }
    if (message.action === 'start' && l) {
      void this.serialize(l.id, async () => {
        if (this.live.get(l.id) === l) await this.retryNow(l);
      });
      return;
    }
    const action = message.action;
    if (l && action !== 'start') {
      void this.serialize(l.id, async () => {
        if (this.live.get(l.id) === l) await this.finishLocal(l, action);
      }).catch((err: unknown) =>
        this.logger.error({ err, sessionId: l.id }, 'control command failed'),
      );
    }
  }

  /**
   * The lease connection broke: we no longer own anything, so run nothing (another process may).
   * Each session's new status is recorded as soon as the database answers again (by whichever
   * process it reaches first; see StatusRecorder), and shown by this process's API meanwhile.
   */
  private onLeasesLost(): void {
    this.logger.error('lost the session lease connection; closing every session of this process');
    this.leases = undefined;
    for (const l of [...this.live.values()]) {
      const status = l.wasConnected ? 'reconnecting' : 'starting';
      void this.status.write(l.id, { status, lastError: DATABASE_LOST, qr: null, qrExpiresAt: null });
      void this.closeLocal(l);
    }
  }

  /** Starts what should run and is free; stops what runs here but should not. Never re-entrant. */
  async reconcile(): Promise<void> {
    if (this.reconciling || this.shuttingDown || !this.config.whatsapp.runtimeEnabled) return;
    this.reconciling = true;
    try {
      if (!this.leases) await this.openLeases();
      const wanted = await this.repo.desiredRunning();
      const wantedIds = new Set(wanted.map((s) => s.id));
      for (const id of this.userStarts) if (!wantedIds.has(id)) this.userStarts.delete(id);
      for (const l of [...this.live.values()]) {
        if (wantedIds.has(l.id)) continue;
        await this.serialize(l.id, async () => {
          // Re-read under the session's queue: a command may have changed it since the list was read.
          if (this.live.get(l.id) === l && !(await this.stillWanted(l.id))) await this.finishLocal(l, 'stop');
        });
      }
      const toStart = wanted.filter((s) => !this.live.has(s.id));
      // Gradually: at most `restoreConcurrency` sessions connecting at once. Each slot waits until
      // its session is open, pairing or closed (not only until its socket exists), so a restart
      // with hundreds of sessions does not start every handshake at once and time them all out.
      let next = 0;
      const slot = async () => {
        while (next < toStart.length && !this.shuttingDown) {
          const s = toStart[next++];
          const started = await this.serialize(s.id, async () => {
            if (this.live.has(s.id) || !this.leases || !(await this.leases.tryAcquire(s.id))) return undefined;
            const row = await this.repo.findById(s.id);
            if (row?.desiredState === 'running') {
              // A restored session that has connected before is resumed: it never gives up.
              const userStart = this.userStarts.delete(s.id);
              return this.startLocal(s.id, s.orgId, !userStart && row.connectedAt !== null, row);
            }
            await this.leases.release(s.id);
            return undefined;
          });
          if (started) await started.settled;
        }
      };
      await Promise.all(Array.from({ length: this.config.whatsapp.restoreConcurrency }, slot));
    } catch (err) {
      this.logger.error({ err }, 'reconcile failed');
    } finally {
      this.reconciling = false;
    }
  }

  private async stillWanted(sessionId: string): Promise<boolean> {
    return (await this.repo.findById(sessionId))?.desiredState === 'running';
  }

  /**
   * `resumed`: a session restored with a link that worked before, `reconnecting` until it is
   * connected again (with `lastError` kept, or saying why when the row still says `connected`:
   * nobody runs it any more). Otherwise `starting`.
   */
  private async startLocal(sessionId: string, orgId: string, resumed: boolean, row?: SessionEntity): Promise<LiveSession> {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    const l: LiveSession = {
      id: sessionId,
      orgId,
      connected: false,
      wasConnected: resumed,
      firstFailures: 0,
      attempt: 0,
      stopping: false,
      qrCount: 0,
      pairingReady: [],
      writes: Promise.resolve(),
      settled,
      settle,
    };
    setTimeout(settle, SETTLE_TIMEOUT_MS).unref();
    this.live.set(sessionId, l);
    if (!resumed) await this.status.write(sessionId, { status: 'starting', lastError: null });
    else if (row?.status === 'connected' && !this.status.knows(sessionId)) {
      await this.status.write(sessionId, { status: 'reconnecting', lastError: 'taking over: the gateway process that ran it is gone', qr: null, qrExpiresAt: null });
    } else await this.status.write(sessionId, { status: 'reconnecting', qr: null, qrExpiresAt: null });
    await this.openConnection(l);
    return l;
  }

  private async openConnection(l: LiveSession): Promise<void> {
    let conn: WhatsAppConnection;
    try {
      conn = await this.engine.connect({
        sessionId: l.id,
        store: new PgAuthStore(this.dataSource, this.cipher, l.id, this.keyWrites),
        getMessage: (chatJid, id) => this.lookups.message?.(l.id, chatJid, id) ?? Promise.resolve(undefined),
        groupMetadata: (jid) => this.lookups.group?.(l.id, jid) ?? Promise.resolve(undefined),
        lidMappings: (jids) => this.lookups.lid?.(l.id, jids) ?? Promise.resolve([]),
      });
    } catch (err) {
      this.logger.warn({ err, sessionId: l.id }, 'could not open a connection');
      l.settle();
      const text = (err instanceof Error ? err.message : String(err)).split('\n')[0].slice(0, 200);
      await this.connectionFailed(l, { kind: 'connection_lost', message: `could not open a connection: ${text}` });
      return;
    }
    l.conn = conn;
    const current = () => this.live.get(l.id) === l && l.conn === conn;
    conn.on('qr', (qr) => {
      l.settle();
      if (!current()) return;
      l.qrCount++;
      for (const resolve of l.pairingReady.splice(0)) resolve();
      // Baileys shows the first QR for 60 s and each next one for 20 s.
      const expiresAt = new Date(Date.now() + (l.qrCount === 1 ? 60_000 : 20_000));
      this.inOrder(l, async () => {
        if (current()) await this.status.write(l.id, { status: 'pairing', qr, qrExpiresAt: expiresAt }, { type: EventTypes.SESSION_QR, data: { qr, expiresAt: expiresAt.toISOString() } });
      });
    });
    conn.on('open', (account) => {
      l.settle();
      if (!current()) return;
      this.inOrder(l, () => this.onOpen(l, conn, account));
    });
    conn.on('close', (reason) => {
      l.settle();
      void this.serialize(l.id, () => this.onClose(l, conn, reason)).catch((err: unknown) =>
        this.logger.error({ err, sessionId: l.id }, 'handling a disconnect failed'),
      );
    });
    // Every feature event of the engine goes to the features as it is, with its session.
    const forward = <E extends FeatureEvent>(event: E) =>
      conn.on(event, ((payload: FeatureEvents[E]) => {
        if (current()) (this.events.emit as (e: E, p: FeatureEvents[E] & SessionScope) => boolean)(event, { ...payload, sessionId: l.id, orgId: l.orgId });
      }) as ConnectionEvents[E]);
    for (const event of FEATURE_EVENTS) forward(event);
  }

  private inOrder(l: LiveSession, write: () => Promise<unknown>): void {
    l.writes = l.writes.then(write).catch((err: unknown) => this.logger.error({ err, sessionId: l.id }, 'recording a connection event failed'));
  }

  private async onOpen(l: LiveSession, conn: WhatsAppConnection, account: LinkedAccount): Promise<void> {
    // Closed (or given up with the lease) since the event: nothing to record any more.
    if (this.live.get(l.id) !== l || l.conn !== conn) return;
    l.attempt = 0;
    l.firstFailures = 0;
    l.connected = true;
    l.wasConnected = true;
    this.logger.log({ sessionId: l.id }, 'connected');
    await this.status.write(l.id, {
      status: 'connected',
      phoneNumber: account.phoneNumber,
      jid: account.jid,
      lid: account.lid ?? null,
      pushName: account.pushName ?? null,
      lastError: null,
      qr: null,
      qrExpiresAt: null,
      connectedAt: new Date(),
    });
    this.events.emit('connected', { sessionId: l.id, orgId: l.orgId, connection: conn });
  }

  private async onClose(l: LiveSession, conn: WhatsAppConnection, reason: Disconnect): Promise<void> {
    if (this.live.get(l.id) !== l || l.conn !== conn) return;
    await l.writes; // the close comes after the events before it
    l.conn = undefined;
    l.connected = false;
    if (l.stopping || reason.kind === 'closed_by_us') return;
    switch (reason.kind) {
      case 'restart_required':
        // Part of linking: WhatsApp asks for a fresh connection with the new credentials.
        this.logger.log({ sessionId: l.id, statusCode: reason.statusCode }, 'linked; reconnecting as WhatsApp asks after pairing');
        await this.openConnection(l);
        return;
      case 'connection_lost':
        await this.connectionFailed(l, reason);
        return;
      case 'pairing_expired':
        this.logger.log({ sessionId: l.id }, `pairing ended: ${reason.message}`);
        await this.release(l, { ...stoppedPatch(), desiredState: 'stopped', lastError: reason.message });
        return;
      case 'logged_out':
        this.logger.log({ sessionId: l.id, statusCode: reason.statusCode }, `logged out: ${reason.message}`);
        await PgAuthStore.clear(this.dataSource, l.id);
        await this.release(l, { ...loggedOutPatch(reason.message), desiredState: 'stopped' });
        return;
      default:
        // replaced (440), forbidden, outdated client: reconnecting would loop or cannot succeed.
        this.logger.warn({ sessionId: l.id, reason }, `session failed: ${reason.message}`);
        await this.release(l, { status: 'failed', desiredState: 'stopped', lastError: reason.message, qr: null, qrExpiresAt: null });
    }
  }

  /**
   * The connection could not be opened or was lost. Never connected since this start: `starting`
   * with the cause, and `failed` after WA_FIRST_CONNECT_ATTEMPTS. Connected before: `reconnecting`
   * with the cause, without end. Either way the cause is in `lastError` at every attempt.
   */
  private async connectionFailed(l: LiveSession, reason: Disconnect): Promise<void> {
    const log = { sessionId: l.id, statusCode: reason.statusCode, detail: reason.detail };
    if (!l.wasConnected) {
      const max = this.config.whatsapp.firstConnectAttempts;
      l.firstFailures++;
      if (l.firstFailures >= max) {
        const lastError = `could not connect to WhatsApp (${max} ${max === 1 ? 'attempt' : 'attempts'}): ${reason.message}`;
        this.logger.warn({ ...log, attempts: l.firstFailures }, `session failed: ${lastError}`);
        for (const resolve of l.pairingReady.splice(0)) resolve(new ConflictError(`the session failed: ${lastError}`));
        await this.release(l, { status: 'failed', desiredState: 'stopped', lastError, qr: null, qrExpiresAt: null });
        return;
      }
      const delay = this.scheduleReconnect(l);
      this.logger.log({ ...log, attempt: l.firstFailures, of: max }, `could not connect: ${reason.message}; attempt ${l.firstFailures} of ${max}, next in ${delay} ms`);
      await this.status.write(l.id, { status: 'starting', lastError: reason.message, qr: null, qrExpiresAt: null });
      return;
    }
    const delay = this.scheduleReconnect(l);
    this.logger.log({ ...log, attempt: l.attempt }, `connection lost: ${reason.message.replace(/; reconnecting$/, '')}; reconnecting in ${delay} ms`);
    await this.status.write(l.id, { status: 'reconnecting', lastError: reason.message, qr: null, qrExpiresAt: null });
  }

  /** `:start` on a session waiting to retry: try at once, with a fresh count of attempts. */
  private async retryNow(l: LiveSession): Promise<void> {
    if (l.conn || l.stopping || !l.timer) return;
    clearTimeout(l.timer);
    l.timer = undefined;
    l.attempt = 0;
    l.firstFailures = 0;
    await this.openConnection(l);
  }

  /** Schedules the next attempt; returns its delay. */
  private scheduleReconnect(l: LiveSession): number {
    const { reconnectBaseMs, reconnectMaxMs } = this.config.whatsapp;
    const delay = backoffDelay(l.attempt++, reconnectBaseMs, reconnectMaxMs);
    clearTimeout(l.timer);
    const timer = setTimeout(() => {
      void this.serialize(l.id, async () => {
        if (l.timer === timer) l.timer = undefined;
        if (this.live.get(l.id) === l && !l.stopping && !l.conn) await this.openConnection(l);
      });
    }, delay);
    l.timer = timer;
    l.timer.unref();
    return delay;
  }

  /** stop: close, keep the link; logout: unlink and drop the credentials. */
  private async finishLocal(l: LiveSession, action: Exclude<Action, 'start'>): Promise<void> {
    l.stopping = true;
    clearTimeout(l.timer);
    if (action === 'logout') {
      if (l.conn && l.connected) await l.conn.logout().catch((err: unknown) => this.logger.warn({ err, sessionId: l.id }, 'unlinking failed'));
      else await l.conn?.close();
      await PgAuthStore.clear(this.dataSource, l.id);
      await this.release(l, loggedOutPatch(null));
    } else {
      await l.conn?.close();
      await this.release(l, stoppedPatch());
    }
  }

  private async release(l: LiveSession, patch: RuntimePatch): Promise<void> {
    clearTimeout(l.timer);
    this.live.delete(l.id);
    await this.status.write(l.id, patch);
    await this.leases?.release(l.id);
  }

  private async closeLocal(l: LiveSession): Promise<void> {
    l.stopping = true;
    clearTimeout(l.timer);
    this.live.delete(l.id);
    await l.conn?.close().catch(() => undefined);
    await this.leases?.release(l.id);
  }

  /**
   * Liveness watchdog: `connected` must mean that messages flow. A connection that makes no
   * progress for WA_WATCHDOG_MS while work waits on it (stanzas received and not handled, a send
   * not acknowledged, a keep-alive not answered) is closed and reconnected from the stored state
   * through the normal path, `lastError` (and its `session.status` event) saying why. A connection
   * that received nothing for half that time is sent a keep-alive, so a silent one is found too.
   */
  private checkLiveness(): void {
    const windowMs = this.config.whatsapp.watchdogMs;
    const now = Date.now();
    for (const l of this.live.values()) {
      const conn = l.conn;
      if (!conn || !l.connected || l.stopping || this.recycling.has(conn)) continue;
      const live = conn.liveness();
      if (now - live.lastReceivedAt >= windowMs / 2 && live.keepAlive.count === 0) conn.ping();
      const stall = stalled(live, now, windowMs);
      if (stall) {
        this.recycling.add(conn);
        void this.recycle(l, conn, stall, now).catch((err: unknown) => this.logger.error({ err, sessionId: l.id }, 'recycling a stalled connection failed'));
      }
    }
  }

  private async recycle(l: LiveSession, conn: WhatsAppConnection, stall: Stall, now: number): Promise<void> {
    const queued = await Promise.race([this.repo.queuedSends(l.id), new Promise<number>((r) => setTimeout(() => r(stall.sends), 2_000).unref())]).catch(() => stall.sends);
    const reason = stallReason(stall, queued, now);
    await this.serialize(l.id, async () => {
      if (this.live.get(l.id) !== l || l.conn !== conn || l.stopping) return;
      this.logger.warn({ sessionId: l.id, liveness: conn.liveness() }, `the connection makes no progress: ${reason}`);
      l.conn = undefined;
      l.connected = false;
      await conn.close().catch(() => undefined);
      await this.connectionFailed(l, { kind: 'connection_lost', message: reason });
    });
  }

  /** One command at a time per session, in arrival order. */
  private serialize<T>(sessionId: string, work: () => Promise<T>): Promise<T> {
    return this.queue.run(sessionId, work);
  }
}

function stoppedPatch(): RuntimePatch {
  return { status: 'stopped', qr: null, qrExpiresAt: null };
}

function loggedOutPatch(message: string | null): RuntimePatch {
  return { status: 'logged_out', lastError: message, qr: null, qrExpiresAt: null, connectedAt: null };
}
