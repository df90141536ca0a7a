import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventsMetrics } from './events.metrics';
import { WebhooksRepository } from './webhooks.repository';
import { RetentionRepository } from './retention.repository';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { DeliveryWorker } from './delivery/delivery.worker';
import { UrlGuard } from '../common/url-guard';
import { createStateCipher, StateCipher } from '../common/state-cipher';
import { WebhookSender } from './delivery/webhook-sender';
import { EventStreams } from './event-streams';
import { EventsController } from './events.controller';
import { EventsNotifier } from './events.notifier';
import { EventsRepository } from './events.repository';
import { OutboxService } from './outbox.service';
import { RetentionWorker } from './retention.worker';
import { WebhooksController } from './webhooks.controller';
import { WebhookSecrets } from './webhook-secrets';
import { WebhooksService } from './webhooks.service';

/**
 * Events: the outbox (exported: feature modules record events through OutboxService in their
 * own transactions), the SSE stream, webhooks and their durable delivery.
 */
@Module({
  controllers: [EventsController, WebhooksController],
  providers: [
    OutboxService,
    EventsNotifier,
    EventsRepository,
    EventStreams,
    WebhooksService,
    WebhooksRepository,
    RetentionRepository,
    WebhookSecrets,
    DeliveriesRepository,
    EventsMetrics,
    DeliveryWorker,
    RetentionWorker,
    // Webhook secrets are encrypted under the same data key as the WhatsApp state.
    { provide: StateCipher, inject: [APP_CONFIG], useFactory: createStateCipher },
    { provide: UrlGuard, inject: [APP_CONFIG], useFactory: (c: AppConfig) => new UrlGuard(c.events.webhookAllowedHosts) },
    { provide: WebhookSender, inject: [UrlGuard, APP_CONFIG], useFactory: (g: UrlGuard, c: AppConfig) => new WebhookSender(g, c.events.webhookTimeoutMs) },
  ],
  exports: [OutboxService, EventsNotifier],
})
export class EventsModule {}
