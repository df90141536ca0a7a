import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsRegistry } from '../common/metrics';

/** Times every request; labels by the matched route pattern, never the raw path (cardinality). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsRegistry) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const end = this.metrics.httpDuration.startTimer();
    res.once('finish', () => {
      const pattern = req.route?.path ? `${req.baseUrl ?? ''}${String(req.route.path)}` : '';
      // Nest answers unknown routes from a catch-all ("*path"): count those as unmatched.
      const route = pattern && !pattern.includes('*') ? pattern : 'unmatched';
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  }
}
