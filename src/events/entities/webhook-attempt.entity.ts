import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** The log of every HTTP attempt of a delivery (GET /webhooks/{id}/deliveries shows them). */
@Entity({ name: 'webhook_attempts' })
@Index('IDX_webhook_attempts_delivery_id', ['deliveryId', 'attempt'])
export class WebhookAttempt {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_webhook_attempts' })
  id: string;

  @Column({ type: 'text', name: 'delivery_id' })
  deliveryId: string;

  @Column({ type: 'integer' })
  attempt: number;

  @Column({ type: 'timestamptz', name: 'started_at' })
  startedAt: Date;

  @Column({ type: 'integer', name: 'duration_ms' })
  durationMs: number;

  @Column({ type: 'integer', name: 'status_code', nullable: true })
  statusCode: number | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** The first characters of the receiver's answer body (any status); null without an HTTP answer. */
  @Column({ type: 'text', nullable: true })
  response: string | null;
}
