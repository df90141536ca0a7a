import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/app';

const COMMITTED = join(__dirname, '..', '..', 'openapi.json');
/** The typed client's types (libs/client), generated from the same document. */
const CLIENT_SCHEMA = join(__dirname, '..', '..', 'libs', 'client', 'src', 'schema.ts');

describe('the committed OpenAPI document', () => {
  let t: TestApp;
  let spec: Record<string, any>;
  beforeAll(async () => {
    t = await startTestApp();
    spec = (await (await t.http('/openapi.json')).json()) as Record<string, any>;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('matches what the code generates (run `npm run openapi` after changing the API)', () => {
    const generated = `${JSON.stringify(spec, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(COMMITTED, generated);
    expect(readFileSync(COMMITTED, 'utf8')).toBe(generated);
  });

  it('the typed client (libs/client) is generated from it (run `npm run openapi` after changing the API)', async () => {
    const { default: openapiTS, astToString } = await import('openapi-typescript');
    const header = '// Generated from openapi.json by `npm run openapi` (openapi-typescript). Do not edit.\n\n';
    const generated = header + astToString(await openapiTS(spec as never, { alphabetize: true, defaultNonNullable: false }));
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(CLIENT_SCHEMA, generated);
    expect(readFileSync(CLIENT_SCHEMA, 'utf8')).toBe(generated);
  });

  it('is OpenAPI 3 with unique, stable operation ids and the error envelope on every operation', () => {
    expect(spec.openapi).toMatch(/^3\.\d+\.\d+$/);
    const ids: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(spec.paths)) {
      for (const [method, op] of Object.entries<Record<string, any>>(item)) {
        expect(op.operationId, `${method} ${path}`).toMatch(/^[a-zA-Z]+_[a-zA-Z]+$/);
        ids.push(op.operationId);
        const errors = Object.entries<Record<string, any>>(op.responses).filter(([s]) => s === 'default' || Number(s) >= 400);
        expect(errors.length, `${method} ${path}`).toBeGreaterThan(0);
        for (const [, r] of errors) {
          expect(r.content['application/json'].schema.$ref).toBe('#/components/schemas/ErrorEnvelopeDto');
        }
      }
    }
    expect(new Set(ids).size).toBe(ids.length);
    expect(spec.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});
