import { Inject, Injectable } from '@nestjs/common';
import type { Principal } from '../auth/decorators';
import { ForbiddenError, NotFoundError, ValidationError } from '../common/errors';
import { newId } from '../common/ids';
import { CursorCodec, ListQueryDto, Page } from '../common/pagination';
import { DeliveriesRepository } from './delivery/deliveries.repository';
import { UnsafeUrlError, UrlGuard } from '../common/url-guard';
import { CreateWebhookDto, DeliveryDto, UpdateWebhookDto, WebhookDto, WebhookWithSecretDto } from './dto/webhook.dto';
import { WebhookAttempt } from './entities/webhook-attempt.entity';
import { Webhook } from './entities/webhook.entity';
import { ALL_EVENTS, EVENT_CAPABILITY, EVENT_TYPES, EventType, isEventType, mayReadEventType } from './event-types';
import { WebhookSecrets } from './webhook-secrets';
import { WebhooksRepository } from './webhooks.repository';
import { EventsRepository } from './events.repository';

/** How long the previous secret keeps signing after a rotation. */
const ROTATION_GRACE_MS = 24 * 3_600_000;

@Injectable()
export class WebhooksService {
  constructor(
    private readonly webhooks: WebhooksRepository,
    private readonly events: EventsRepository,
    private readonly cursors: CursorCodec,
    private readonly deliveries: DeliveriesRepository,
    @Inject(UrlGuard) private readonly guard: UrlGuard,
    private readonly secrets: WebhookSecrets,
  ) {}

  /**
   * A webhook may subscribe only to types its creator may read; it records the creator's
   * capabilities and receives only what they may read (so `["*"]` is "everything I may read").
   */
  async create(principal: Principal, dto: CreateWebhookDto): Promise<WebhookWithSecretDto> {
    const { orgId, capabilities } = principal;
    const events = validateEvents(dto.events);
    assertMayRead(capabilities, events);
    await this.checkUrl(dto.url);
    if (dto.sessionId !== undefined) await this.checkSession(orgId, dto.sessionId);
    const now = new Date();
    const id = newId();
    const secret = WebhookSecrets.generate();
    const webhook = this.webhooks.build({
      id,
      orgId,
      url: dto.url,
      eventTypes: events,
      capabilities: [...capabilities],
      sessionId: dto.sessionId ?? null,
      plaintextSecret: null,
      plaintextPreviousSecret: null,
      secretEncrypted: this.secrets.seal(id, 'secret', secret),
      previousSecretEncrypted: null,
      previousSecretExpiresAt: null,
      enabled: true,
      disabledReason: null,
      createdAt: now,
      updatedAt: now,
    });
    await this.webhooks.insert(webhook);
    return { ...WebhookDto.from(webhook), secret };
  }

  async list(orgId: string, query: ListQueryDto): Promise<Page<WebhookDto>> {
    return this.cursors.page(
      { scope: `webhooks:${orgId}`, ...query },
      (after, limit) => this.webhooks.page(orgId, after, limit),
      (w) => [w.id],
      WebhookDto.from,
    );
  }

  async get(orgId: string, id: string): Promise<WebhookDto> {
    return WebhookDto.from(await this.find(orgId, id));
  }

  /**
   * Only a principal that may read everything the webhook receives now may change it (else a key
   * without `send` could point a message webhook at its own server); the webhook then acts with
   * that principal's capabilities.
   */
  async update(principal: Principal, id: string, dto: UpdateWebhookDto): Promise<WebhookDto> {
    const { orgId, capabilities } = principal;
    const events = dto.events ? validateEvents(dto.events) : undefined;
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    assertMayChange(capabilities, await this.find(orgId, id));
    if (events) assertMayRead(capabilities, events);
    if (dto.sessionId !== undefined && dto.sessionId !== null) await this.checkSession(orgId, dto.sessionId);
    return this.webhooks.withLocked(orgId, id, async (m, locked) => {
      // Checked again under the row lock: a concurrent change may have widened what it receives.
      const webhook = found(locked);
      assertMayChange(capabilities, webhook);
      const patch: Partial<Webhook> = { updatedAt: new Date(), capabilities: [...capabilities] };
      if (dto.url !== undefined) patch.url = dto.url;
      if (events) patch.eventTypes = events;
      if (dto.sessionId !== undefined) patch.sessionId = dto.sessionId;
      if (dto.enabled === true) Object.assign(patch, { enabled: true, disabledReason: null });
      const updated = await this.webhooks.update(m, orgId, id, patch);
      if (dto.enabled === false && webhook.enabled) await this.deliveries.disableWebhook(m, id, 'disabled by a user');
      return WebhookDto.from(updated);
    });
  }

  async remove(orgId: string, id: string): Promise<void> {
    await this.find(orgId, id);
    await this.webhooks.remove(orgId, id);
  }

  /**
   * A new secret; the old one keeps signing (second signature) for a day, then stops. The new
   * secret can sign (forge) everything the webhook receives, so the same rule as for a change
   * applies; the subscription and its capabilities stay as they are.
   */
  async rotateSecret(principal: Principal, id: string): Promise<WebhookWithSecretDto> {
    const { orgId } = principal;
    const secret = WebhookSecrets.generate();
    const rotated = await this.webhooks.withLocked(orgId, id, async (m, locked) => {
      // Locked: two concurrent rotations must not both keep the same "previous" secret.
      const webhook = found(locked);
      assertMayChange(principal.capabilities, webhook);
      const current = this.secrets.read(id, 'secret', webhook.secretEncrypted, webhook.plaintextSecret);
      const now = new Date();
      const patch: Partial<Webhook> = {
        plaintextSecret: null,
        plaintextPreviousSecret: null,
        secretEncrypted: this.secrets.seal(id, 'secret', secret),
        previousSecretEncrypted: current ? this.secrets.seal(id, 'previous', current) : null,
        previousSecretExpiresAt: new Date(now.getTime() + ROTATION_GRACE_MS),
        updatedAt: now,
      };
      await this.webhooks.update(m, orgId, id, patch);
      return { ...webhook, ...patch };
    });
    return { ...WebhookDto.from(rotated), secret };
  }

  /** Newest first, each with its attempt log. */
  async listDeliveries(orgId: string, webhookId: string, query: ListQueryDto): Promise<Page<DeliveryDto>> {
    await this.find(orgId, webhookId);
    let attempts: WebhookAttempt[] = [];
    return this.cursors.page(
      { scope: `deliveries:${orgId}:${webhookId}`, ...query },
      async (after, limit) => {
        const page = await this.webhooks.pageDeliveries(orgId, webhookId, after, limit);
        attempts = page.attempts;
        return page.rows;
      },
      (d) => [d.id],
      (d) => DeliveryDto.from(d, attempts.filter((a) => a.deliveryId === d.id)),
    );
  }

  private async find(orgId: string, id: string): Promise<Webhook> {
    return found(await this.webhooks.find(orgId, id));
  }

  /** A session filter must name a session of the organization (another one's is a 404, as everywhere). */
  private async checkSession(orgId: string, sessionId: string): Promise<void> {
    if (!(await this.events.sessionExists(orgId, sessionId))) throw new NotFoundError('session not found');
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await this.guard.check(url);
    } catch (e) {
      if (e instanceof UnsafeUrlError) throw new ValidationError('webhook URL is not allowed', { url: [e.message] });
      throw e;
    }
  }
}

function found(webhook: Webhook | null | undefined): Webhook {
  if (!webhook) throw new NotFoundError('webhook not found');
  return webhook;
}

function validateEvents(events: string[]): string[] {
  const unique = [...new Set(events)];
  const bad = unique.filter((e) => e !== ALL_EVENTS && !isEventType(e));
  if (bad.length) throw new ValidationError('unknown event types', { events: bad.map((e) => `unknown event type "${e}"`) });
  return unique.includes(ALL_EVENTS) ? [ALL_EVENTS] : unique;
}

/** The event types a webhook receives now: those it subscribes to that its capabilities may read. */
export function receivedEventTypes(webhook: Pick<Webhook, 'eventTypes' | 'capabilities'>): EventType[] {
  const types = webhook.eventTypes.includes(ALL_EVENTS) ? EVENT_TYPES : webhook.eventTypes.filter(isEventType);
  return types.filter((t) => mayReadEventType(webhook.capabilities, t));
}

/** Explicitly listed types must be readable by the caller ("*" always is: it means "what I may read"). */
function assertMayRead(capabilities: readonly string[], events: string[]): void {
  const denied = events.filter((t): t is EventType => isEventType(t) && !mayReadEventType(capabilities, t));
  if (denied.length) {
    throw new ForbiddenError('the key may not read these event types', { events: denied.map((t) => `${t} requires the ${EVENT_CAPABILITY[t]} capability`) });
  }
}

function assertMayChange(capabilities: readonly string[], webhook: Webhook): void {
  const hidden = receivedEventTypes(webhook).filter((t) => !mayReadEventType(capabilities, t));
  if (hidden.length) {
    throw new ForbiddenError('the webhook receives event types the key may not read', {
      events: hidden.map((t) => `${t} requires the ${EVENT_CAPABILITY[t]} capability`),
    });
  }
}
