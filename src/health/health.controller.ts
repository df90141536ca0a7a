import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../auth/decorators';
import { APP_CONFIG, AppConfig } from '../config/config';
import { UnauthorizedError } from '../common/errors';
import { MetricsRegistry } from '../common/metrics';
import { Readiness } from './readiness';

@ApiTags('operations')
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: Readiness,
    private readonly metrics: MetricsRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('healthz')
  @ApiOkResponse({ description: 'The process is alive.' })
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Public()
  @Get('readyz')
  @ApiOkResponse({ description: 'The database is reachable and every migration is applied.' })
  async readyz(): Promise<{ status: 'ready'; checks: Record<string, 'ok'> }> {
    return { status: 'ready', checks: await this.readiness.check() };
  }

  @Public()
  @Get('metrics')
  @ApiExcludeEndpoint()
  async metricsText(@Res() res: Response, @Headers('authorization') authorization?: string): Promise<void> {
    if (this.config.metricsToken && authorization !== `Bearer ${this.config.metricsToken}`) {
      throw new UnauthorizedError('metrics token required');
    }
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    res.send(await this.metrics.registry.metrics());
  }
}
