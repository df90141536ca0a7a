import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed';

/**
 * One event to one webhook: the durable unit of work of the delivery worker. Workers claim due
 * rows with FOR UPDATE SKIP LOCKED and lease them (`locked_until`) for one attempt, so several
 * processes share the work, no attempt runs twice at once, and a crashed worker's lease expires.
 * Its id is the `webhook-id` header: the same across attempts, so receivers can dedupe.
 */
@Entity({ name: 'webhook_deliveries' })
@Index('IDX_webhook_deliveries_webhook_id_id', ['webhookId', 'id'])
@Index('IDX_webhook_deliveries_due', ['nextAttemptAt'], { where: "status = 'pending'" })
@Index('IDX_webhook_deliveries_order', ['webhookId', 'sessionKey', 'eventId'], { where: "status = 'pending'" })
export class WebhookDelivery {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_webhook_deliveries' })
  id: string;

  @Column({ type: 'text', name: 'webhook_id' })
  webhookId: string;

  @Column({ type: 'text', name: 'org_id' })
  orgId: string;

  @Column({ type: 'bigint', name: 'event_id' })
  eventId: string;

  @Column({ type: 'text', name: 'event_type' })
  eventType: string;

  /** The event's session id, or '' : deliveries of one webhook and session go out in event order. */
  @Column({ type: 'text', name: 'session_key' })
  sessionKey: string;

  @Column({ type: 'text', default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', name: 'next_attempt_at', nullable: true })
  nextAttemptAt: Date | null;

  /** Lease of the worker running the current attempt; past it, another worker may take over. */
  @Column({ type: 'timestamptz', name: 'locked_until', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', name: 'locked_by', nullable: true })
  lockedBy: string | null;

  @Column({ type: 'integer', name: 'last_status_code', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'text', name: 'last_error', nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'completed_at', nullable: true })
  completedAt: Date | null;
}
