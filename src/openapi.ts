import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorEnvelopeDto } from './common/error-envelope.dto';

const ENVELOPE_REF = { $ref: '#/components/schemas/ErrorEnvelopeDto' };
const COMMON_ERRORS: Record<string, string> = {
  '400': 'Invalid body, path, query or cursor (`validation_error`).',
  '500': 'Unexpected failure (`internal`).',
};

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('WhatsApp Gateway')
    .setDescription(
      'Multi-tenant HTTP gateway for WhatsApp numbers (sessions), messages, channels and events. ' +
        'Every error has the shape `{ "error": { "code", "message", "details" } }`.',
    )
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A login JWT from the frontend, or an API key (`wgw_...`).' },
      'bearer',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorEnvelopeDto],
    // Stable ids: `<controller>_<method>`, independent of route order.
    operationIdFactory: (controllerKey, methodKey) => `${controllerKey.replace(/Controller$/, '').replace(/^./, (c) => c.toLowerCase())}_${methodKey}`,
  });
  documentErrorEnvelope(document);
  return sortKeys(document) as OpenAPIObject;
}

/** Every operation documents the error envelope: its declared errors, 400 and 500, and a default. */
function documentErrorEnvelope(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const op = item[method];
      if (!op) continue;
      op.responses ??= {};
      for (const [status, description] of Object.entries(COMMON_ERRORS)) {
        op.responses[status] ??= { description };
      }
      op.responses.default ??= { description: 'Any other error, in the same envelope.' };
      for (const [status, response] of Object.entries(op.responses)) {
        if (status === 'default' || Number(status) >= 400) {
          (response as { content?: unknown }).content = { 'application/json': { schema: ENVELOPE_REF } };
        }
      }
    }
  }
}

/** Deterministic key order so the committed file diffs cleanly. */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}
