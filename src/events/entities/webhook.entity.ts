import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A webhook endpoint of one organization. The signing secret must be readable to sign, so it is
 * stored as is (like Svix and Stripe do); it is only ever returned at creation and rotation.
 * After a rotation the previous secret keeps signing too (a second signature) for a grace period,
 * so receivers can switch without losing deliveries.
 */
@Entity({ name: 'webhooks' })
@Index('IDX_webhooks_org_id_id', ['orgId', 'id'])
export class Webhook {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_webhooks' })
  id: string;

  @Column({ type: 'text', name: 'org_id' })
  orgId: string;

  @Column({ type: 'text' })
  url: string;

  /** Subscribed event types, or ["*"]. */
  @Column({ type: 'text', array: true, name: 'event_types' })
  eventTypes: string[];

  /** Only this session's events (and none without a session) when set. */
  @Column({ type: 'text', name: 'session_id', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text' })
  secret: string;

  @Column({ type: 'text', name: 'previous_secret', nullable: true })
  previousSecret: string | null;

  @Column({ type: 'timestamptz', name: 'previous_secret_expires_at', nullable: true })
  previousSecretExpiresAt: Date | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Why the gateway disabled it (e.g. the endpoint answered 410 Gone). */
  @Column({ type: 'text', name: 'disabled_reason', nullable: true })
  disabledReason: string | null;

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'updated_at' })
  updatedAt: Date;
}
