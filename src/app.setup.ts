import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { largeBodyLimit } from './common/body-reader';
import { ErrorFilter, toEnvelope } from './common/error.filter';
import { GatewayHttpAdapter } from './common/http-server';
import { createRootLogger, PinoNestLogger, requestLoggingMiddleware } from './common/logging';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/config';
import { buildOpenApiDocument } from './openapi';
import { mountDashboard } from './dashboard';

export const API_PREFIX = 'api/v1';

/** Builds the whole gateway: used by main.ts, the test app factory and the OpenAPI script. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const logger = createRootLogger(config.logLevel);
  const instance = express();
  const maxBodyMs = config.http.bodyTimeoutMs + Math.ceil((largeBodyLimit(config) / config.http.bodyMinBytesPerSecond) * 1000);
  // No body parser at all here: BodyReader reads bodies after the guard authenticated the caller.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new GatewayHttpAdapter(instance, config.http, maxBodyMs), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.use(requestLoggingMiddleware(logger));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.set('trust proxy', config.http.trustProxy);
  // Security headers on every answer (nosniff, frame and referrer policies, a CSP that the
  // Swagger UI at /docs works under: its scripts and styles are served from the same origin).
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } }, strictTransportSecurity: false }));
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['x-request-id', 'Retry-After', 'RateLimit', 'RateLimit-Policy'] });
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: ['healthz', 'readyz', 'metrics'] });
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ErrorFilter());

  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: 'WhatsApp Gateway API',
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
  // Nest's own not-found handler covers only the API prefix; everything else ends here.
  await app.init();
  if (config.dashboard) mountDashboard(app);
  // A browser opening the bare address lands on the docs.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path === '/' && (req.method === 'GET' || req.method === 'HEAD')) res.redirect(302, '/docs');
    else next();
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'not_found', message: 'route not found', details: {} } });
  });
  // Errors raised by Express itself before a route ran (e.g. a path that does not decode).
  app.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(err);
    const { status, body } = toEnvelope(err);
    res.status(status).json(body);
  });
  if (!config.metricsToken) logger.info('/metrics is public: set METRICS_TOKEN to require a bearer token for it');
  return app;
}
