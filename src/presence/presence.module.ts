import { Module } from '@nestjs/common';
import { ContactsModule } from '../contacts';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions';
import { PresenceController } from './presence.controller';
import { PresenceIngest } from './presence-ingest';
import { PresenceRepository } from './presence.repository';
import { PresenceService } from './presence.service';

/** Presence: the session's own, chat states (typing), contacts' presence. */
@Module({
  imports: [EventsModule, SessionsModule, ContactsModule],
  controllers: [PresenceController],
  providers: [PresenceService, PresenceRepository, PresenceIngest],
})
export class PresenceModule {}
