import { ApiKeysService } from '../../src/auth/api-keys.service';
import type { Capability } from '../../src/auth/decorators';
import type { TestApp } from './app';

/**
 * Creates an API key directly through the service (no HTTP, no admin key needed) and returns the
 * plaintext key, for `t.http(path, { token })` in any feature test.
 */
export async function createApiKey(t: TestApp, opts: { orgId: string; capabilities: Capability[]; name?: string }): Promise<string> {
  const { key } = await t.app.get(ApiKeysService).create(opts.orgId, opts.name ?? 'test key', opts.capabilities);
  return key;
}
