import { MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware, MetricsRegistry } from './metrics';
import { Readiness } from './readiness';
import { StateMetrics } from './state-metrics';

@Module({
  controllers: [HealthController],
  providers: [MetricsRegistry, HttpMetricsMiddleware, StateMetrics, Readiness],
  exports: [MetricsRegistry],
})
export class HealthModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*path');
  }
}
