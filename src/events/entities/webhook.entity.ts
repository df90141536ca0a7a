import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A webhook endpoint of one organization. The signing secret must be readable to sign, so it is
 * stored encrypted (AES-256-GCM under the gateway's data key, see WebhookSecrets), never in plain
 * text; it is only ever returned at creation and rotation. After a rotation the previous secret
 * keeps signing too (a second signature) for a grace period, so receivers can switch without
 * losing deliveries.
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

  /**
   * The capabilities of the principal that created it or last changed it: it receives only the
   * event types these may read (mayReadEventType), so `["*"]` means "every type its creator may
   * read". Kept when that key is revoked: the webhook belongs to the organization. The default
   * (`send`, `manage`) is what webhooks created before this column got; the gateway always sets it.
   */
  @Column({ type: 'text', array: true, default: () => "'{send,manage}'" })
  capabilities: string[];

  /** Only this session's events (and none without a session) when set. */
  @Column({ type: 'text', name: 'session_id', nullable: true })
  sessionId: string | null;

  /**
   * Plain-text secret of a row written before secrets were encrypted (or by hand): every gateway
   * process encrypts such rows when it starts and clears this column. The gateway only ever clears it.
   */
  @Column({ type: 'text', name: 'secret', nullable: true })
  plaintextSecret: string | null;

  @Column({ type: 'text', name: 'previous_secret', nullable: true })
  plaintextPreviousSecret: string | null;

  /** The signing secret, encrypted with additional data `webhook/<id>/secret`. */
  @Column({ type: 'bytea', name: 'secret_encrypted', nullable: true })
  secretEncrypted: Buffer | null;

  /** The secret before the last rotation, encrypted with additional data `webhook/<id>/previous`. */
  @Column({ type: 'bytea', name: 'previous_secret_encrypted', nullable: true })
  previousSecretEncrypted: Buffer | null;

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
