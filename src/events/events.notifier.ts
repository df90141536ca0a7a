import { EventEmitter } from 'node:events';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';

/**
 * The NOTIFY channels every gateway process listens on:
 * - events: an event committed (payload: its organization), for SSE streams;
 * - deliveries: webhook deliveries were queued (payload empty), for delivery workers;
 * - outbound: a message was queued for sending (payload: its session), for the process that runs it.
 */
export const NOTIFY_CHANNELS = { events: 'wgw_events', deliveries: 'wgw_deliveries', outbound: 'wgw_outbound' } as const;
export type NotifyChannel = keyof typeof NOTIFY_CHANNELS;

/**
 * One LISTEN connection per process, fanned out in memory to SSE streams, the delivery worker and
 * the outbound worker.
 * NOTIFY is sent inside the recording transaction, so PostgreSQL delivers it only after commit,
 * to every gateway process. It is a wake-up hint only: listeners also poll, so a lost connection
 * (or a server without cross-connection NOTIFY, such as embedded PGlite) only adds latency.
 */
@Injectable()
export class EventsNotifier implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(EventsNotifier.name);
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  private client?: Client;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly dataSource: DataSource) {}

  /**
   * `listener(payload)` on each notification of `channel` (see NOTIFY_CHANNELS); after the
   * connection was (re)established, once with payload '*': something may have been missed.
   * Returns the unsubscribe.
   */
  subscribe(channel: NotifyChannel, listener: (payload: string) => void): () => void {
    this.emitter.on(channel, listener);
    return () => this.emitter.off(channel, listener);
  }

  onApplicationBootstrap(): void {
    void this.connect(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(failures: number): Promise<void> {
    if (this.stopped) return;
    const options = this.dataSource.options as { url?: string };
    const client = new Client({ connectionString: options.url, connectionTimeoutMillis: 10_000 });
    client.on('notification', (msg) => {
      const channel = (Object.keys(NOTIFY_CHANNELS) as NotifyChannel[]).find((c) => NOTIFY_CHANNELS[c] === msg.channel);
      if (channel) this.emitter.emit(channel, msg.payload ?? '');
    });
    const retry = () => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      // Backoff with jitter so many gateways do not reconnect in lockstep after a database restart.
      const delay = Math.min(30_000, 500 * 2 ** failures) * (0.5 + Math.random() / 2);
      this.retryTimer = setTimeout(() => void this.connect(failures + 1), delay);
    };
    client.on('error', (e) => {
      this.logger.warn({ err: e }, 'event listener connection failed; polling until it is back');
      retry();
    });
    this.client = client;
    try {
      await client.connect();
      await client.query(Object.values(NOTIFY_CHANNELS).map((c) => `LISTEN ${c};`).join(' '));
      if (this.stopped) await client.end();
      // Something may have committed while we were not listening: wake everyone once.
      else for (const channel of Object.keys(NOTIFY_CHANNELS)) this.emitter.emit(channel, '*');
    } catch (e) {
      if (!this.stopped) this.logger.warn({ err: e }, 'cannot LISTEN for events; polling');
      retry();
    }
  }
}
