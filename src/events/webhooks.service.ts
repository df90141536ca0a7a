import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { NotFoundError, ValidationError } from '../common/errors';
import { newId } from '../common/ids';
import { CursorCodec, DEFAULT_LIMIT, ListQueryDto, Page, toPage } from '../common/pagination';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { UnsafeUrlError, UrlGuard } from '../common/url-guard';
import { CreateWebhookDto, DeliveryDto, UpdateWebhookDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { WebhookDelivery } from './entities/webhook-delivery.entity';
import { Webhook } from './entities/webhook.entity';
import { ALL_EVENTS, isEventType } from './event-types';

/** How long the previous secret keeps signing after a rotation. */
const ROTATION_GRACE_MS = 24 * 3_600_000;

@Injectable()
export class WebhooksService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cursors: CursorCodec,
    private readonly deliveries: DeliveriesRepository,
    @Inject(UrlGuard) private readonly guard: UrlGuard,
  ) {}

  async create(orgId: string, dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    const events = validateEvents(dto.events);
    await this.checkUrl(dto.url);
    const now = new Date();
    const webhook = this.repo().create({
      id: newId(),
      orgId,
      url: dto.url,
      eventTypes: events,
      sessionId: dto.sessionId ?? null,
      secret: newSecret(),
      previousSecret: null,
      previousSecretExpiresAt: null,
      enabled: true,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.repo().insert(webhook);
    return { ...WebhookDto.from(webhook), secret: webhook.secret };
  }

  async list(orgId: string, query: ListQueryDto): Promise<Page<WebhookDto>> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const scope = `webhooks:${orgId}`;
    const qb = this.repo().createQueryBuilder('w').where('w.org_id = :orgId', { orgId }).orderBy('w.id', 'DESC').take(limit + 1);
    if (query.cursor) qb.andWhere('w.id < :after', { after: String(this.cursors.decode(scope, query.cursor)[0]) });
    return toPage(await qb.getMany(), limit, (w) => [w.id], (p) => this.cursors.encode(scope, p), WebhookDto.from);
  }

  async get(orgId: string, id: string): Promise<WebhookDto> {
    return WebhookDto.from(await this.find(orgId, id));
  }

  async update(orgId: string, id: string, dto: UpdateWebhookDto): Promise<WebhookDto> {
    const events = dto.events ? validateEvents(dto.events) : undefined;
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    const webhook = await this.find(orgId, id);
    return this.dataSource.transaction(async (m) => {
      const patch: Partial<Webhook> = { updatedAt: new Date() };
      if (dto.url !== undefined) patch.url = dto.url;
      if (events) patch.eventTypes = events;
      if (dto.sessionId !== undefined) patch.sessionId = dto.sessionId;
      if (dto.enabled === true) Object.assign(patch, { enabled: true, disabledReason: null });
      await m.update(Webhook, { id, orgId }, patch);
      if (dto.enabled === false && webhook.enabled) await this.deliveries.disableWebhook(m, id, 'disabled by a user');
      return WebhookDto.from((await m.findOneBy(Webhook, { id, orgId }))!);
    });
  }

  async remove(orgId: string, id: string): Promise<void> {
    await this.find(orgId, id);
    await this.dataSource.transaction(async (m: EntityManager) => {
      await m.query(`DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries WHERE webhook_id = $1)`, [id]);
      await m.delete(WebhookDelivery, { webhookId: id });
      await m.delete(Webhook, { id, orgId });
    });
  }

  /** A new secret; the old one keeps signing (second signature) for a day, then stops. */
  async rotateSecret(orgId: string, id: string): Promise<WebhookWithSecretDto> {
    const webhook = await this.find(orgId, id);
    const now = new Date();
    const patch = {
      secret: newSecret(),
      previousSecret: webhook.secret,
      previousSecretExpiresAt: new Date(now.getTime() + ROTATION_GRACE_MS),
      updatedAt: now,
    };
    await this.repo().update({ id, orgId }, patch);
    return { ...WebhookDto.from({ ...webhook, ...patch }), secret: patch.secret };
  }

  /** Newest first, each with its attempt log. */
  async listDeliveries(orgId: string, webhookId: string, query: ListQueryDto): Promise<Page<DeliveryDto>> {
    await this.find(orgId, webhookId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const scope = `deliveries:${orgId}:${webhookId}`;
    const qb = this.dataSource
      .getRepository(WebhookDelivery)
      .createQueryBuilder('d')
      .where('d.webhook_id = :webhookId AND d.org_id = :orgId', { webhookId, orgId })
      .orderBy('d.id', 'DESC')
      .take(limit + 1);
    if (query.cursor) qb.andWhere('d.id < :after', { after: String(this.cursors.decode(scope, query.cursor)[0]) });
    const rows = await qb.getMany();
    const attempts = rows.length
      ? await this.dataSource
          .getRepository(WebhookAttempt)
          .createQueryBuilder('a')
          .where('a.delivery_id IN (:...ids)', { ids: rows.slice(0, limit).map((r) => r.id) })
          .orderBy('a.attempt', 'ASC')
          .getMany()
      : [];
    return toPage(rows, limit, (d) => [d.id], (p) => this.cursors.encode(scope, p), (d) => DeliveryDto.from(d, attempts.filter((a) => a.deliveryId === d.id)));
  }

  private async find(orgId: string, id: string): Promise<Webhook> {
    const webhook = await this.repo().findOneBy({ id, orgId });
    if (!webhook) throw new NotFoundError('webhook not found');
    return webhook;
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await this.guard.check(url);
    } catch (e) {
      if (e instanceof UnsafeUrlError) throw new ValidationError('webhook URL is not allowed', { url: [e.message] });
      throw e;
    }
  }

  private repo() {
    return this.dataSource.getRepository(Webhook);
  }
}

function validateEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  const bad = unique.filter((e) => e !== ALL_EVENTS && !isEventType(e));
  if (bad.length) throw new ValidationError('unknown event types', { events: bad.map((e) => `unknown event type "${e}"`) });
  return unique.includes(ALL_EVENTS) ? [ALL_EVENTS] : unique;
}

/** whsec_ + base64 of 32 random bytes: the Standard Webhooks secret format. */
function newSecret(): string {
  return `whsec_${randomBytes(32).toString('base64')}`;
}
