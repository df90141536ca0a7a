import { EventEmitter } from 'node:events';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DELIVERIES_CHANNEL, EVENTS_CHANNEL } from './outbox.service';

/**
 * One LISTEN connection per process, fanned out in memory to SSE streams (new events) and the
 * delivery worker (new webhook deliveries).
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

  /** `listener(orgId)` after an event of that organization committed. Returns the unsubscribe. */
  subscribe(listener: (orgId: string) => void): () => void {
    this.emitter.on('event', listener);
    return () => this.emitter.off('event', listener);
  }

  /** `listener()` after webhook deliveries were queued. Returns the unsubscribe. */
  subscribeDeliveries(listener: () => void): () => void {
    this.emitter.on('deliveries', listener);
    return () => this.emitter.off('deliveries', listener);
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
      if (msg.channel === EVENTS_CHANNEL && msg.payload) this.emitter.emit('event', msg.payload);
      if (msg.channel === DELIVERIES_CHANNEL) this.emitter.emit('deliveries');
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
      await client.query(`LISTEN ${EVENTS_CHANNEL}; LISTEN ${DELIVERIES_CHANNEL}`);
      if (this.stopped) await client.end();
      else {
        // Something may have committed while we were not listening: wake everyone once.
        this.emitter.emit('event', '*');
        this.emitter.emit('deliveries');
      }
    } catch (e) {
      if (!this.stopped) this.logger.warn({ err: e }, 'cannot LISTEN for events; polling');
      retry();
    }
  }
}
