import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { urlForLog } from '../../common/url-guard';
import { APP_CONFIG, AppConfig } from '../../config/config';
import { EventsNotifier } from '../events.notifier';
import { AttemptOutcome, ClaimedDelivery, DeliveriesRepository } from './deliveries.repository';
import { nextRetryDelayMs } from './retry-policy';
import { WebhookSender } from './webhook-sender';

/** Extra lease beyond the attempt timeout (claim→send latency, a slow outcome write), at most 5 s. */
function leaseMs(timeoutMs: number): number {
  return timeoutMs + Math.min(5_000, Math.max(500, timeoutMs / 2));
}

/**
 * Delivers webhooks from the durable queue in PostgreSQL. Every gateway process may run one;
 * they share the work through the claims of DeliveriesRepository. Woken by NOTIFY on new deliveries,
 * by a finished attempt (a free slot, maybe a session's next event), and by a timer set to the
 * next due retry (at most EVENTS_POLL_MS away).
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(DeliveryWorker.name);
  readonly workerId = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly inFlight = new Set<Promise<void>>();
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pending = false;
  private unsubscribe?: () => void;

  constructor(
    private readonly repository: DeliveriesRepository,
    private readonly sender: WebhookSender,
    private readonly notifier: EventsNotifier,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.events.webhookWorker) return;
    this.running = true;
    this.unsubscribe = this.notifier.subscribe('deliveries', () => this.poke());
    this.loop = this.run();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.unsubscribe?.();
    this.poke();
    await this.loop;
    // Attempts in flight end within the timeout; let them record their outcome.
    await Promise.allSettled([...this.inFlight]);
    await this.sender.close();
  }

  private poke(): void {
    this.pending = true;
    this.wake?.();
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      this.pending = false;
      let sleepMs = this.config.events.eventsPollMs;
      try {
        const free = this.config.events.webhookConcurrency - this.inFlight.size;
        if (free > 0) {
          const claimed = await this.repository.claim(free, leaseMs(this.config.events.webhookTimeoutMs), this.workerId);
          for (const d of claimed) this.track(this.attempt(d));
          if (claimed.length === free) continue; // maybe more due right now
          const due = await this.repository.nextDueAt();
          if (due) sleepMs = Math.min(sleepMs, Math.max(10, due.getTime() - Date.now()));
        }
        failures = 0;
      } catch (e) {
        failures++;
        this.logger.warn({ err: e }, 'webhook claim failed');
        sleepMs = Math.min(30_000, this.config.events.eventsPollMs * 2 ** Math.min(failures, 5));
      }
      if (!this.running) break;
      if (this.pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, sleepMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => {
      this.inFlight.delete(p);
      this.poke();
    });
  }

  private async attempt(d: ClaimedDelivery): Promise<void> {
    if (!d.secret) return this.unsigned(d);
    const body = JSON.stringify(d.event);
    const startedAt = new Date();
    // Signed per attempt (Standard Webhooks: the timestamp is the attempt's); during a secret
    // rotation the previous secret signs too, as a second space-separated signature.
    const signatures = [d.secret, d.previousSecret]
      .filter((s): s is string => !!s)
      .map((s) => new StandardWebhook(s).sign(d.id, startedAt, body));
    const result = await this.sender.send(
      d.url,
      {
        'content-type': 'application/json',
        'user-agent': 'whatsapp-gateway-webhooks/1',
        'webhook-id': d.id,
        'webhook-timestamp': String(Math.floor(startedAt.getTime() / 1000)),
        'webhook-signature': signatures.join(' '),
      },
      body,
    );
    const outcome: AttemptOutcome = { statusCode: result.statusCode, error: result.error, response: result.response, startedAt, durationMs: result.durationMs, result: 'succeeded' };
    if (result.error) {
      if (result.statusCode === 410) outcome.result = 'gone';
      else {
        const delay = nextRetryDelayMs(this.config.events.webhookRetryScheduleMs, d.attempt, result.retryAfterMs);
        if (delay === undefined) outcome.result = 'failed';
        else Object.assign(outcome, { result: 'retry', retryInMs: delay });
      }
    }
    try {
      await this.repository.complete(d, this.workerId, outcome);
    } catch (e) {
      // The lease expires and the delivery is tried again: at least once.
      this.logger.error({ err: e, deliveryId: d.id }, 'cannot record webhook attempt');
    }
    if (result.detail) {
      // The connection-level detail is kept from the attempt log callers read (see WebhookSender).
      this.logger.warn(
        { deliveryId: d.id, webhookId: d.webhookId, attempt: d.attempt, url: urlForLog(d.url), error: result.error, detail: result.detail },
        `webhook attempt ${outcome.result}: no HTTP answer`,
      );
    } else if (outcome.result !== 'succeeded') {
      this.logger.debug({ deliveryId: d.id, webhookId: d.webhookId, attempt: d.attempt, error: result.error }, `webhook attempt ${outcome.result}`);
    }
  }

  /** The secret does not decrypt here (another WA_STATE_KEY): an unsigned request is never sent. */
  private async unsigned(d: ClaimedDelivery): Promise<void> {
    const error = 'the signing secret cannot be decrypted with the data key of this process (WA_STATE_KEY)';
    this.logger.warn({ deliveryId: d.id, webhookId: d.webhookId }, 'webhook secret cannot be decrypted; not sent');
    const delay = nextRetryDelayMs(this.config.events.webhookRetryScheduleMs, d.attempt);
    const outcome: AttemptOutcome = { error, startedAt: new Date(), durationMs: 0, result: delay === undefined ? 'failed' : 'retry', retryInMs: delay };
    try {
      await this.repository.complete(d, this.workerId, outcome);
    } catch (e) {
      this.logger.error({ err: e, deliveryId: d.id }, 'cannot record webhook attempt');
    }
  }
}
