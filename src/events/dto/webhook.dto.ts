import { PageDto } from '../../common/pagination';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsBoolean, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../common/validation';
import { EVENT_TYPES } from '../event-types';
import { WebhookAttempt } from '../entities/webhook-attempt.entity';
import { WebhookDelivery } from '../entities/webhook-delivery.entity';
import { Webhook } from '../entities/webhook.entity';

const EVENTS_DESCRIPTION = `Event types to receive (${EVENT_TYPES.map((t) => `\`${t}\``).join(', ')}), or \`["*"]\` for every type the caller may read. Each listed type must be one the caller may read (else 403).`;

export class CreateWebhookDto {
  @ApiProperty({ example: 'https://example.com/hooks/whatsapp', description: 'http(s) URL on a public address.' })
  @IsString()
  @MaxLength(2048)
  url: string;

  @ApiProperty({ type: [String], example: ['message.received', 'session.status'], description: EVENTS_DESCRIPTION })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  events: string[];

  @ApiPropertyOptional({ description: 'Only events of this session (a session of the organization, else 404).', example: '01HXAMPLE0SESSION000000000' })
  @Optional()
  @IsString()
  @MaxLength(64)
  sessionId?: string;
}

export class UpdateWebhookDto {
  @ApiPropertyOptional({ example: 'https://example.com/hooks/whatsapp' })
  @Optional()
  @IsString()
  @MaxLength(2048)
  url?: string;

  @ApiPropertyOptional({ type: [String], description: EVENTS_DESCRIPTION })
  @Optional()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  events?: string[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'A session id, or null for every session.' })
  @Optional({ nullable: true })
  @IsString()
  @MaxLength(64)
  sessionId?: string | null;

  @ApiPropertyOptional({ description: 'false stops deliveries (pending ones fail); true resumes after a 410 disabled it.' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class WebhookDto {
  @ApiProperty({ example: '01HX0000000000000000000000' }) id: string;
  @ApiProperty({ example: 'https://example.com/hooks/whatsapp' }) url: string;
  @ApiProperty({ type: [String], example: ['message.received'] }) events: string[];
  @ApiProperty({
    type: [String],
    example: ['send', 'manage'],
    description:
      'Capabilities of the principal that created or last changed the webhook: it receives only the event types these may read.',
  })
  capabilities: string[];
  @ApiProperty({ nullable: true, type: String }) sessionId: string | null;
  @ApiProperty() enabled: boolean;
  @ApiProperty({ nullable: true, type: String, example: null, description: 'Why the gateway disabled it (e.g. 410 Gone).' })
  disabledReason: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;

  static from(w: Webhook): WebhookDto {
    return {
      id: w.id,
      url: w.url,
      events: w.eventTypes,
      capabilities: w.capabilities,
      sessionId: w.sessionId,
      enabled: w.enabled,
      disabledReason: w.disabledReason,
      createdAt: w.createdAt.toISOString(),
      updatedAt: w.updatedAt.toISOString(),
    };
  }
}

export class WebhookWithSecretDto extends WebhookDto {
  @ApiProperty({ example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', description: 'Standard Webhooks signing secret: shown only now.' })
  secret: string;
}

export class WebhookPageDto extends PageDto(WebhookDto, 'WebhookPageDto') {}

export class DeliveryAttemptDto {
  @ApiProperty() attempt: number;
  @ApiProperty({ format: 'date-time' }) startedAt: string;
  @ApiProperty() durationMs: number;
  @ApiProperty({ nullable: true, type: Number }) statusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) error: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The first 200 characters of the receiver's answer body, whatever its status; null when there was no HTTP answer." })
  response: string | null;
}

export class DeliveryDto {
  @ApiProperty({ description: 'Also the `webhook-id` header: the same across attempts.' }) id: string;
  @ApiProperty({ example: '42' }) eventId: string;
  @ApiProperty({ example: 'message.received' }) eventType: string;
  @ApiProperty({ nullable: true, type: String }) sessionId: string | null;
  @ApiProperty({ enum: ['pending', 'succeeded', 'failed'] }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) nextAttemptAt: string | null;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt: string | null;
  @ApiProperty({ type: [DeliveryAttemptDto] }) attemptLog: DeliveryAttemptDto[];

  static from(d: WebhookDelivery, attempts: WebhookAttempt[]): DeliveryDto {
    return {
      id: d.id,
      eventId: String(d.eventId),
      eventType: d.eventType,
      sessionId: d.sessionKey || null,
      status: d.status,
      attempts: d.attempts,
      nextAttemptAt: d.status === 'pending' && d.nextAttemptAt ? d.nextAttemptAt.toISOString() : null,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      createdAt: d.createdAt.toISOString(),
      completedAt: d.completedAt?.toISOString() ?? null,
      attemptLog: attempts.map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt.toISOString(),
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        error: a.error,
        response: a.response,
      })),
    };
  }
}

export class DeliveryPageDto extends PageDto(DeliveryDto, 'DeliveryPageDto') {}
