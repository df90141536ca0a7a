import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';

/** The number's own profile: display name, about text, picture. */
@Module({
  imports: [EventsModule, SessionsModule],
  controllers: [ProfileController],
  providers: [ProfileService],
})
export class ProfileModule {}
