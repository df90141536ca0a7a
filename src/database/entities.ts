import { ApiKey } from '../auth/entities/api-key.entity';
import { ChannelPostEntity } from '../channels/entities/channel-post.entity';
import { ChannelEntity } from '../channels/entities/channel.entity';
import { OutboxEvent } from '../events/entities/event.entity';
import { WebhookAttempt } from '../events/entities/webhook-attempt.entity';
import { WebhookDelivery } from '../events/entities/webhook-delivery.entity';
import { Webhook } from '../events/entities/webhook.entity';
import { GroupEntity } from '../groups/entities/group.entity';
import { ContactEntity } from '../contacts/entities/contact.entity';
import { ContactCheckEntity } from '../contacts/entities/contact-check.entity';
import { LidMappingEntity } from '../contacts/entities/lid-mapping.entity';
import { ContactPresenceEntity } from '../presence/entities/contact-presence.entity';
import { IdempotencyKeyEntity } from '../common/idempotency/idempotency-key.entity';
import { ChatEntity } from '../messages/entities/chat.entity';
import { MessageEntity } from '../messages/entities/message.entity';
import { SessionEntity } from '../sessions/entities/session.entity';
import { WaAuthCredsEntity, WaAuthKeyEntity } from '../sessions/entities/wa-auth.entity';
/** Every TypeORM entity of the gateway. Features add theirs here. */
export const ENTITIES: Function[] = [ApiKey, OutboxEvent, Webhook, WebhookDelivery, WebhookAttempt, SessionEntity, WaAuthCredsEntity, WaAuthKeyEntity, MessageEntity, ChatEntity, IdempotencyKeyEntity, ChannelEntity, ChannelPostEntity, GroupEntity, ContactPresenceEntity, ContactEntity, LidMappingEntity, ContactCheckEntity];
