import { once } from 'node:events';
import { BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Principal } from '../auth/decorators';
import { RateLimitedError } from '../common/errors';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventFilter, EventsRepository } from './events.repository';
import { EventsNotifier } from './events.notifier';

const BATCH = 500;

/**
 * Serves Server-Sent Events from the outbox. A stream is a loop over "read after my position,
 * write, wait for a NOTIFY or the poll timer"; the position only moves over committed rows, so
 * a stream (and a client resuming with Last-Event-ID) sees every event once, in order.
 */
@Injectable()
export class EventStreams implements BeforeApplicationShutdown {
  private readonly logger = new Logger(EventStreams.name);
  private readonly open = new Set<Response>();
  /** Open streams per principal (organization, kind and subject). */
  private readonly perPrincipal = new Map<string, number>();

  constructor(
    private readonly repository: EventsRepository,
    private readonly notifier: EventsNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Serves one stream for `principal`, from after `lastEventId` (or from now). Refused with 429
   * when the principal already has EVENTS_MAX_STREAMS_PER_KEY streams open, or the process
   * EVENTS_MAX_STREAMS.
   */
  async serve(req: Request, res: Response, principal: Principal, lastEventId: string | undefined, filter: EventFilter): Promise<void> {
    const release = this.reserve(principal);
    try {
      const position = lastEventId ?? (await this.repository.latestId(principal.orgId));
      await this.stream(req, res, principal.orgId, position, filter);
    } finally {
      release();
    }
  }

  /** Takes a stream slot (synchronously, so concurrent requests cannot overshoot the limits). */
  private reserve(principal: Principal): () => void {
    const { maxStreamsPerKey, maxStreams } = this.config.events;
    const key = `${principal.orgId}\u0000${principal.kind}\u0000${principal.subject}`;
    const mine = this.perPrincipal.get(key) ?? 0;
    if (mine >= maxStreamsPerKey) {
      throw new RateLimitedError(`this key already has ${mine} event streams open (EVENTS_MAX_STREAMS_PER_KEY); close one first`, 5);
    }
    let total = 0;
    for (const n of this.perPrincipal.values()) total += n;
    if (total >= maxStreams) throw new RateLimitedError('this gateway process serves the most event streams it may (EVENTS_MAX_STREAMS)', 5);
    this.perPrincipal.set(key, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.perPrincipal.get(key) ?? 1) - 1;
      if (left > 0) this.perPrincipal.set(key, left);
      else this.perPrincipal.delete(key);
    };
  }

  private async stream(req: Request, res: Response, orgId: string, position: string, filter: EventFilter): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    // The connection ends with the stream: otherwise it would linger as an idle keep-alive
    // socket after the client left and hold up server shutdown.
    res.shouldKeepAlive = false;
    res.setHeader('X-Accel-Buffering', 'no'); // nginx: do not buffer the stream
    res.flushHeaders();
    res.socket?.setNoDelay(true);
    res.write(`retry: 2000\n: connected\n\n`);
    this.open.add(res);

    let closed = false;
    let pending = true;
    let wake: (() => void) | undefined;
    const poke = () => {
      pending = true;
      wake?.();
    };
    const unsubscribe = this.notifier.subscribe('events', (org) => {
      if (org === orgId || org === '*') poke();
    });
    const poll = setInterval(poke, this.config.events.eventsPollMs);
    const heartbeat = setInterval(() => res.write(': heartbeat\n\n'), this.config.events.eventsHeartbeatMs);
    const close = () => {
      closed = true;
      wake?.();
    };
    req.once('close', close);
    res.once('close', close);

    try {
      while (!closed) {
        if (!pending) await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        if (closed) break;
        pending = false;
        try {
          const batch = await this.repository.readAfter(orgId, position, filter, BATCH);
          for (const event of batch.events) {
            if (closed) break;
            // No `event:` field: EventSource's onmessage receives every type; the type is in data.
            const ok = res.write(`id: ${event.id}\ndata: ${JSON.stringify(event)}\n\n`);
            if (!ok) await Promise.race([once(res, 'drain'), once(res, 'close')]);
          }
          position = batch.position;
          if (batch.full) pending = true;
        } catch (e) {
          // Database hiccup: keep the stream, the poll timer retries from the same position.
          this.logger.warn({ err: e }, 'event stream read failed');
        }
      }
    } finally {
      clearInterval(poll);
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(res);
      if (!res.writableEnded) res.end();
      // A client that went away may leave its socket half-open; it must not hold up shutdown.
      if (closed) res.socket?.destroy();
    }
  }

  /** Ends open streams so the HTTP server can close; clients reconnect with Last-Event-ID. */
  beforeApplicationShutdown(): void {
    for (const res of this.open) res.end();
  }
}
