import { Injectable, Logger } from '@nestjs/common';
import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus registry (one per application instance: tests build several apps in
 * one process). Each feature registers its own metrics here, next to the code they measure.
 */
@Injectable()
export class MetricsRegistry {
  private readonly logger = new Logger('Metrics');
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * A gauge read from the database at scrape time (so every process reports the same totals):
   * `read` returns the value, or values by one label. A failed read leaves the gauge empty.
   */
  storeGauge(name: string, help: string, read: () => Promise<number>): void;
  storeGauge(name: string, help: string, read: () => Promise<{ label: string; n: number }[]>, labelName: string): void;
  storeGauge(name: string, help: string, read: () => Promise<number | { label: string; n: number }[]>, labelName?: string): void {
    const logger = this.logger;
    new Gauge({
      name,
      help,
      labelNames: labelName ? [labelName] : [],
      registers: [this.registry],
      async collect() {
        this.reset();
        try {
          const value = await read();
          if (typeof value === 'number') this.set(value);
          else for (const r of value) this.set({ [labelName!]: r.label }, r.n);
        } catch (err) {
          logger.warn({ err, metric: name }, 'reading a metric failed');
        }
      },
    });
  }
}
