import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CursorPosition } from '../common/pagination';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';

/** Webhooks and their delivery logs, always scoped to an organization. */
@Injectable()
export class WebhooksRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(m: EntityManager = this.dataSource.manager) {
    return m.getRepository(Webhook);
  }

  build(fields: Partial<Webhook>): Webhook {
    return this.repo().create(fields);
  }

  async insert(webhook: Webhook): Promise<void> {
    await this.repo().insert(webhook);
  }

  find(orgId: string, id: string): Promise<Webhook | null> {
    return this.repo().findOneBy({ id, orgId });
  }

  /** Newest first, `limit + 1` rows after the cursor position. */
  page(orgId: string, after: CursorPosition | undefined, limit: number): Promise<Webhook[]> {
    const qb = this.repo().createQueryBuilder('w').where('w.org_id = :orgId', { orgId }).orderBy('w.id', 'DESC').take(limit + 1);
    if (after) qb.andWhere('w.id < :after', { after: String(after[0]) });
    return qb.getMany();
  }

  /**
   * Runs `work` in a transaction with the webhook locked (undefined when there is none): checks
   * made under the lock cannot be overtaken by a concurrent change.
   */
  withLocked<T>(orgId: string, id: string, work: (m: EntityManager, webhook: Webhook | undefined) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(async (m) => {
      const webhook = await this.repo(m).findOne({ where: { id, orgId }, lock: { mode: 'pessimistic_write' } });
      return work(m, webhook ?? undefined);
    });
  }

  async update(m: EntityManager, orgId: string, id: string, patch: Partial<Webhook>): Promise<Webhook> {
    await m.update(Webhook, { id, orgId }, patch);
    return (await m.findOneBy(Webhook, { id, orgId }))!;
  }

  /** The webhook with its deliveries and their attempts. */
  async remove(orgId: string, id: string): Promise<void> {
    await this.dataSource.transaction(async (m) => {
      await m.query(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = $1)`, [id]);
      await m.delete(WebhookDelivery, { webhookId: id });
      await m.delete(Webhook, { id, orgId });
    });
  }

  /** Newest first, `limit + 1` deliveries after the cursor position, with the attempts of the first `limit`. */
  async pageDeliveries(orgId: string, webhookId: string, after: CursorPosition | undefined, limit: number): Promise<{ rows: WebhookDelivery[]; attempts: WebhookAttempt[] }> {
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.webhook_id = :webhookId AND d.org_id = :orgId', { webhookId, orgId })
      .orderBy('d.id', 'DESC')
      .take(limit + 1);
    if (after) qb.andWhere('d.id < :after', { after: String(after[0]) });
    const rows = await qb.getMany();
    const attempts = rows.length
      ? await this.dataSource
          .getRepository(WebhookAttempt)
          .createQueryBuilder('a')
          .where('a.delivery_id IN (:...ids)', { ids: rows.slice(0, limit).map((r) => r.id) })
          .orderBy('a.attempt', 'ASC')
          .getMany()
      : [];
    return { rows, attempts };
  }
}
