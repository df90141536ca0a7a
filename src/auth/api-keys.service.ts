import { createHash, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { ForbiddenError, NotFoundError } from '../common/errors';
import { newId } from '../common/ids';
import { ApiKeysRepository } from './api-keys.repository';
import { Capability, CAPABILITIES, Principal } from './decorators';
import { ApiKey } from './entities/api-key.entity';

export const API_KEY_PREFIX = 'wgw_';
/** 32 random bytes → 43 base64url characters. */
const API_KEY_RE = /^wgw_[A-Za-z0-9_-]{43}$/;
const DISPLAY_PREFIX_LENGTH = API_KEY_PREFIX.length + 8;
/** lastUsedAt is a hint, not an audit log: at most one write per key per minute. */
export const LAST_USED_RESOLUTION_MS = 60_000;

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(32).toString('base64url');
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export function looksLikeApiKey(token: string): boolean {
  return API_KEY_RE.test(token);
}

export interface CreatedApiKey {
  apiKey: ApiKey;
  /** The plaintext key: returned once, never stored. */
  key: string;
}

/** Plain class (no request scope, no HTTP): used by the controller, the guard, the CLI and tests. */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeysService');

  constructor(private readonly repository: ApiKeysRepository) {}

  async create(orgId: string, name: string, capabilities: Capability[]): Promise<CreatedApiKey> {
    const key = generateApiKey();
    const apiKey: ApiKey = {
      id: newId(),
      orgId,
      name,
      prefix: key.slice(0, DISPLAY_PREFIX_LENGTH),
      keyHash: hashApiKey(key),
      capabilities: CAPABILITIES.filter((c) => capabilities.includes(c)),
      createdAt: new Date(),
      lastUsedAt: null,
      revokedAt: null,
    };
    await this.repository.insert(apiKey);
    return { apiKey, key };
  }

  /** A principal may only hand out capabilities it holds itself (no escalation through keys). */
  async createFor(principal: Principal, name: string, capabilities: Capability[]): Promise<CreatedApiKey> {
    const missing = capabilities.filter((c) => !principal.capabilities.includes(c));
    if (missing.length) {
      throw new ForbiddenError('cannot grant capabilities the caller does not hold', { missing });
    }
    return this.create(principal.orgId, name, capabilities);
  }

  list(orgId: string, limit: number, beforeId?: string): Promise<ApiKey[]> {
    return this.repository.listActive(orgId, limit, beforeId);
  }

  /** Another organization's key is simply not found. */
  async revoke(orgId: string, id: string): Promise<void> {
    if (!(await this.repository.revoke(id, orgId, new Date()))) throw new NotFoundError('api key not found');
  }

  /** The principal of a bearer token, or undefined when it is not an active key. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (!looksLikeApiKey(token)) return undefined;
    // Looked up on every request (no cache), so a revocation takes effect on the next one.
    const apiKey = await this.repository.findActiveByHash(hashApiKey(token));
    if (!apiKey) return undefined;
    await this.recordUse(apiKey);
    return { orgId: apiKey.orgId, kind: 'api_key', subject: apiKey.id, capabilities: apiKey.capabilities as Capability[] };
  }

  private async recordUse(apiKey: ApiKey): Promise<void> {
    const now = new Date();
    if (apiKey.lastUsedAt && now.getTime() - apiKey.lastUsedAt.getTime() < LAST_USED_RESOLUTION_MS) return;
    try {
      await this.repository.touch(apiKey.id, now, new Date(now.getTime() - LAST_USED_RESOLUTION_MS));
    } catch (err) {
      // Recording use must never turn a valid request into a failure.
      this.logger.warn({ err, apiKeyId: apiKey.id }, 'could not record API key use');
    }
  }
}
