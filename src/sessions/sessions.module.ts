import { Logger, Module } from '@nestjs/common';
import { WHATSAPP_ENGINE } from '@app/whatsapp';
import { BaileysEngine, trustRootOverride } from '@app/whatsapp/baileys';
import { createRootLogger } from '../common/logging';
import { createStateCipher, StateCipher } from '../common/state-cipher';
import { APP_CONFIG, AppConfig } from '../config/config';
import { EventsModule } from '../events/events.module';
import { SessionRuntimeEvents } from './runtime/runtime-events';
import { SessionSupervisor } from './runtime/session-supervisor';
import { SessionsController } from './sessions.controller';
import { SessionsRepository } from './sessions.repository';
import { SessionsService } from './sessions.service';
import { SessionAccess } from './session-access';
import { SessionsMetrics } from './sessions.metrics';

function createEngine(config: AppConfig): BaileysEngine {
  const { webSocketUrl, trustRootPublicKey, baileysLogLevel } = config.whatsapp;
  const logger = new Logger('WhatsApp');
  if (trustRootPublicKey) {
    trustRootOverride(Buffer.from(trustRootPublicKey, 'base64'));
    logger.warn('!!! WA_TRUST_ROOT_PUBLIC_KEY is set: this gateway trusts a WhatsApp EMULATOR, not WhatsApp. Never use this in production. !!!');
  }
  if (webSocketUrl) logger.warn(`Connecting sessions to ${webSocketUrl} instead of WhatsApp (WA_WEBSOCKET_URL).`);
  // Baileys logs through the gateway's redacting logger, never more verbosely than the gateway.
  const levels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  const level = levels[Math.max(levels.indexOf(config.logLevel), levels.indexOf(baileysLogLevel))];
  return new BaileysEngine({ webSocketUrl, logger: createRootLogger(level), baileysLogLevel: level });
}

@Module({
  imports: [EventsModule],
  controllers: [SessionsController],
  providers: [
    SessionAccess,
    SessionsMetrics,
    SessionsService,
    SessionsRepository,
    SessionSupervisor,
    SessionRuntimeEvents,
    { provide: WHATSAPP_ENGINE, inject: [APP_CONFIG], useFactory: createEngine },
    { provide: StateCipher, inject: [APP_CONFIG], useFactory: createStateCipher },
  ],
  exports: [SessionAccess],
})
export class SessionsModule {}
