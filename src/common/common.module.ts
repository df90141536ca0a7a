import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/config';
import { IdempotencyService } from './idempotency/idempotency.service';
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
  ],
  exports: [CursorCodec, IdempotencyService],
})
export class CommonModule {}
