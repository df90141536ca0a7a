import { Injectable } from '@nestjs/common';
import { DataSource, IsNull, LessThan, Repository } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';

/**
 * Every query that touches keys of an organization takes its id; the only unscoped lookup is by
 * hash, which is how a bearer token finds its organization in the first place.
 */
@Injectable()
export class ApiKeysRepository {
  private readonly repo: Repository<ApiKey>;

  constructor(dataSource: DataSource) {
    this.repo = dataSource.getRepository(ApiKey);
  }

  async insert(key: ApiKey): Promise<void> {
    await this.repo.insert(key);
  }

  findActiveByHash(keyHash: string): Promise<ApiKey | null> {
    return this.repo.findOneBy({ keyHash, revokedAt: IsNull() });
  }

  /** Newest first (ULIDs sort by creation time); `limit + 1` rows so the caller knows if more exist. */
  listActive(orgId: string, limit: number, beforeId?: string): Promise<ApiKey[]> {
    return this.repo.find({
      where: { orgId, revokedAt: IsNull(), ...(beforeId ? { id: LessThan(beforeId) } : {}) },
      order: { id: 'DESC' },
      take: limit + 1,
    });
  }

  /** Every active key, for the CLI; `orgId` narrows it to one organization. */
  listAllActive(orgId?: string): Promise<ApiKey[]> {
    return this.repo.find({ where: { revokedAt: IsNull(), ...(orgId ? { orgId } : {}) }, order: { id: 'DESC' } });
  }

  /** True when an active key of this organization (or of any, for the CLI) was revoked now. */
  async revoke(id: string, orgId: string | undefined, at: Date): Promise<boolean> {
    const result = await this.repo.update({ id, revokedAt: IsNull(), ...(orgId ? { orgId } : {}) }, { revokedAt: at });
    return (result.affected ?? 0) > 0;
  }

  /** Conditional, so concurrent requests within the window write at most once. */
  async touch(id: string, at: Date, notSince: Date): Promise<void> {
    await this.repo
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: at })
      .where('id = :id AND (last_used_at IS NULL OR last_used_at < :notSince)', { id, notSince })
      .execute();
  }
}
