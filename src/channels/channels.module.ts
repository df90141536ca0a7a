import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { SessionsModule } from '../sessions';
import { ChannelIngest } from './channel-ingest';
import { ChannelsController } from './channels.controller';
import { ChannelsRepository } from './channels.repository';
import { ChannelsService } from './channels.service';

/** Channels (newsletters): the session's channels, their stored posts, follow/unfollow, posting. */
@Module({
  imports: [EventsModule, SessionsModule],
  controllers: [ChannelsController],
  providers: [ChannelsService, ChannelsRepository, ChannelIngest],
})
export class ChannelsModule {}
