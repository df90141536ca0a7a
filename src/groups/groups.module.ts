import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions';
import { GroupEvents } from './group-events';
import { GroupIngest } from './group-ingest';
import { GroupsController } from './groups.controller';
import { GroupsRepository } from './groups.repository';
import { GroupsService } from './groups.service';

/** Groups: the groups a session is in (kept from WhatsApp's notifications), creating and changing them. */
@Module({
  imports: [EventsModule, SessionsModule],
  controllers: [GroupsController],
  providers: [GroupsService, GroupsRepository, GroupIngest, GroupEvents],
})
export class GroupsModule {}
