import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A write done under an Idempotency-Key: its first response, replayed for 24 h. While the write
 * runs, the key is held by one attempt for a renewed lease (see IdempotencyService).
 */
@Entity('idempotency_keys')
export class IdempotencyKeyEntity {
  @PrimaryColumn({ name: 'org_id', type: 'text' })
  orgId: string;

  @PrimaryColumn({ type: 'text' })
  key: string;

  /** Method, route and a hash of the body: the same key with another request is a conflict. */
  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  /** Null while the first request is still running. */
  @Column({ name: 'response_status', type: 'int', nullable: true })
  responseStatus: number | null;

  @Column({ name: 'response_body', type: 'jsonb', nullable: true })
  responseBody: unknown;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** While in progress: the claim's lease; once past, a retry may take the key over. Null when done. */
  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** The attempt holding the claim (random per request); every write of an attempt is fenced by it. */
  @Column({ name: 'attempt_id', type: 'text', nullable: true })
  attemptId: string | null;

  /** Id of the row the write created, recorded in that row's transaction: a takeover answers from it. */
  @Column({ name: 'resource_id', type: 'text', nullable: true })
  resourceId: string | null;
}
