import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware } from './metrics';
import { HealthRepository } from './health.repository';
import { Readiness } from './readiness';

@Module({
  controllers: [HealthController],
  providers: [HttpMetricsMiddleware, Readiness, HealthRepository],
})
export class HealthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
