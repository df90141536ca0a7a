import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { APP_CONFIG, AppConfig } from '../config/config';
import { BodyReader } from './body-reader';
import { IdempotencyService } from './idempotency/idempotency.service';
import { MetricsRegistry } from './metrics';
import { CursorCodec } from './pagination';
import { loadOrCreateSecret } from './secrets';

@Global()
@Module({
  providers: [
    {
      provide: CursorCodec,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new CursorCodec(loadOrCreateSecret(config.dataDir, 'cursor-secret', config.cursorSecret)),
    },
    IdempotencyService,
    MetricsRegistry,
    // Reads request bodies after the guard (see BodyReader).
    { provide: APP_INTERCEPTOR, useClass: BodyReader },
  ],
  exports: [CursorCodec, IdempotencyService, MetricsRegistry],
})
export class CommonModule {}
