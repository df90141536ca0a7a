import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions';
import { ContactIngest } from './contact-ingest';
import { ContactsController } from './contacts.controller';
import { ContactsRepository } from './contacts.repository';
import { ContactsService } from './contacts.service';
import { LidDirectory } from './lid-directory';

/** Contacts and phone numbers behind LIDs: who is on WhatsApp, profiles, blocking. */
@Module({
  imports: [EventsModule, SessionsModule],
  controllers: [ContactsController],
  providers: [ContactsRepository, ContactsService, ContactIngest, LidDirectory],
  // Other features resolve either form of a person through LidDirectory (import from '../contacts').
  exports: [LidDirectory],
})
export class ContactsModule {}
