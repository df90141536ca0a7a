import { Module } from '@nestjs/common';
import { POLL_VOTE_READER } from '@app/whatsapp';
import { baileysPollVoteReader } from '@app/whatsapp/baileys/message-mapper';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UrlGuard } from '../common/url-guard';
import { ContactsModule } from '../contacts';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions';
import { ChatsController } from './chats.controller';
import { InboundIngest } from './inbound/inbound-ingest';
import { MessageChanges } from './inbound/message-changes';
import { MessagesController } from './messages.controller';
import { MessagesMetrics } from './messages.metrics';
import { MessagesRepository } from './messages.repository';
import { MessagesService } from './messages.service';
import { MediaFetcher } from './outbound/media-fetcher';
import { OutboundWorker } from './outbound/outbound.worker';
import { ReadMarks } from './read-marks';
import { ReadMarksRepository } from './read-marks.repository';

/** Messages and chats: sending (durable, paced queue), storing what arrives, reading. */
@Module({
  imports: [EventsModule, SessionsModule, ContactsModule],
  controllers: [MessagesController, ChatsController],
  providers: [
    MessagesService,
    MessagesRepository,
    MessagesMetrics,
    OutboundWorker,
    InboundIngest,
    MessageChanges,
    ReadMarks,
    ReadMarksRepository,
    // Poll votes are opened with the engine's crypto (wiring only: features see the port's interface).
    { provide: POLL_VOTE_READER, useValue: baileysPollVoteReader },
    {
      provide: MediaFetcher,
      inject: [APP_CONFIG],
      useFactory: (c: AppConfig) => new MediaFetcher(new UrlGuard(c.messages.mediaAllowedHosts), c.messages.mediaMaxBytes, c.messages.mediaFetchTimeoutMs),
    },
  ],
  exports: [MessagesRepository],
})
export class MessagesModule {}
