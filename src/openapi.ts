import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
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
  documentValidationRules(document);
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

type SchemaObject = Record<string, unknown> & { properties?: Record<string, SchemaObject>; items?: SchemaObject; $ref?: string; allOf?: unknown[] };

/** class-validator rule → the JSON Schema keyword(s) it enforces. */
const RULES: Record<string, (constraints: unknown[]) => Record<string, unknown>> = {
  maxLength: ([n]) => ({ maxLength: n }),
  minLength: ([n]) => ({ minLength: n }),
  isNotEmpty: () => ({ minLength: 1 }),
  matches: ([re]) => ({ pattern: re instanceof RegExp ? re.source : String(re) }),
  min: ([n]) => ({ minimum: n }),
  max: ([n]) => ({ maximum: n }),
  isInt: () => ({ type: 'integer' }),
  isIn: ([values]) => ({ enum: values }),
  arrayMaxSize: ([n]) => ({ maxItems: n }),
  arrayMinSize: ([n]) => ({ minItems: n }),
  arrayNotEmpty: () => ({ minItems: 1 }),
};

/**
 * Every limit the validators enforce shows in the schema: the class-validator rules of each DTO
 * are copied onto its schema's properties (where the schema does not already say), so the
 * document cannot drift from what the server refuses.
 */
function documentValidationRules(document: OpenAPIObject): void {
  const schemas = (document.components?.schemas ?? {}) as Record<string, SchemaObject>;
  const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<Function, { name?: string; propertyName: string; constraints?: unknown[]; each?: boolean }[]> };
  for (const [target, rules] of storage.validationMetadatas) {
    const schema = schemas[target.name];
    if (!schema?.properties) continue;
    for (const rule of rules) {
      const keywords = rule.name ? RULES[rule.name]?.(rule.constraints ?? []) : undefined;
      let property = schema.properties[rule.propertyName];
      if (!keywords || !property) continue;
      if (property.allOf || property.$ref) continue;
      if (rule.each || (property.type === 'array' && !/items|Size|arrayNotEmpty/i.test(rule.name!))) property = property.items ??= {};
      for (const [k, v] of Object.entries(keywords)) if (property[k] === undefined) property[k] = v;
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
