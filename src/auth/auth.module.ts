import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeysController } from './api-keys.controller';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKeysService } from './api-keys.service';
import { AuthGuard } from './auth.guard';
import { AuthPassport } from './auth-passport';
import { AuthFailureLimiter, RequestRateLimiter } from './rate-limits';
import { ApiKeyStrategy } from './strategies/api-key.strategy';
import { JwtStrategy } from './strategies/jwt.strategy';

@Module({
  controllers: [ApiKeysController],
  providers: [AuthPassport, AuthFailureLimiter, RequestRateLimiter, ApiKeysRepository, ApiKeysService, JwtStrategy, ApiKeyStrategy, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [ApiKeysService],
})
export class AuthModule {}
