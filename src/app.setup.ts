import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { json } from 'express';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { ErrorFilter } from './common/error.filter';
import { createRootLogger, PinoNestLogger, requestLoggingMiddleware } from './common/logging';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/config';
import { buildOpenApiDocument } from './openapi';

export const API_PREFIX = 'api/v1';

/** Builds the whole gateway: used by main.ts, the test app factory and the OpenAPI script. */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const logger = createRootLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    logger: new PinoNestLogger(logger),
  });
  app.use(requestLoggingMiddleware(logger));
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // Message sends may carry base64 media: their body limit follows MEDIA_MAX_BYTES, not BODY_LIMIT.
  app.use(/^\/api\/v1\/sessions\/[^/]+\/messages$/, json({ limit: Math.ceil((config.messages.mediaMaxBytes * 4) / 3) + 64 * 1024 }));
  app.useBodyParser('json', { limit: config.bodyLimit });
  if (config.corsOrigins.length) app.enableCors({ origin: config.corsOrigins, exposedHeaders: ['x-request-id', 'Retry-After'] });
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
  app.use((_req: unknown, res: { status(n: number): { json(b: unknown): void } }) => {
    res.status(404).json({ error: { code: 'not_found', message: 'route not found', details: {} } });
  });
  return app;
}
