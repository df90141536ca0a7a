import { createHash } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const LEASE_NAMESPACE = 0x777377; // "wsw": first key of pg_try_advisory_lock(int, int)
export const SESSION_CONTROL_CHANNEL = 'wgw_session_control';

export interface ControlMessage {
  sessionId: string;
  action: 'start' | 'stop' | 'logout';
}

/**
 * Which process runs which session. Each process holds one dedicated connection and takes a
 * session-level advisory lock per session it runs: PostgreSQL releases them all when the process
 * dies or the connection breaks, so a crashed process's sessions are free at once, and no session
 * ever runs in two processes. The same connection LISTENs for commands meant for the owner.
 */
export class SessionLeases {
  private client?: Client;
  private readonly held = new Set<string>();
  private readonly logger = new Logger('SessionLeases');
  private closing = false;
  /** pg runs one query at a time per client; chain them explicitly. */
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly onControl: (message: ControlMessage) => void,
    /** Called when the connection (and so every lease) is lost: the owner must stop everything. */
    private readonly onLost: () => void,
  ) {}

  async open(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'wgw-session-leases' });
    client.on('error', (err) => this.logger.error({ err }, 'lease connection failed'));
    client.on('end', () => {
      if (this.client !== client || this.closing) return;
      this.client = undefined;
      this.held.clear();
      this.onLost();
    });
    client.on('notification', (n) => {
      if (n.channel !== SESSION_CONTROL_CHANNEL || !n.payload) return;
      try {
        this.onControl(JSON.parse(n.payload) as ControlMessage);
      } catch {
        /* not ours */
      }
    });
    await client.connect();
    await client.query(`LISTEN ${SESSION_CONTROL_CHANNEL}`);
    this.client = client;
  }

  get isOpen(): boolean {
    return Boolean(this.client);
  }

  async tryAcquire(sessionId: string): Promise<boolean> {
    if (this.held.has(sessionId)) return true;
    if (!this.client) return false;
    const client = this.client;
    const rows = await this.run(() => client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LEASE_NAMESPACE, lockKey(sessionId)]));
    if (rows.rows[0]?.ok) this.held.add(sessionId);
    return Boolean(rows.rows[0]?.ok);
  }

  async release(sessionId: string): Promise<void> {
    if (!this.held.delete(sessionId) || !this.client) return;
    const client = this.client;
    await this.run(() => client.query('SELECT pg_advisory_unlock($1, $2)', [LEASE_NAMESPACE, lockKey(sessionId)])).catch(() => undefined);
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  holds(sessionId: string): boolean {
    return this.held.has(sessionId);
  }

  async close(): Promise<void> {
    this.closing = true;
    const client = this.client;
    this.client = undefined;
    this.held.clear();
    await client?.end().catch(() => undefined);
  }
}

/** A stable signed 32-bit key for a session id. */
export function lockKey(sessionId: string): number {
  return createHash('sha256').update(sessionId).digest().readInt32BE(0);
}
