import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The outbox: one row per event, written in the transaction of the change it describes
 * (OutboxService.record). Rows are immutable. `id` is a global identity, but it is assigned
 * while holding the organization's event lock, so within one organization id order is commit
 * order (see OutboxService) and "id > Last-Event-ID" resumes without gaps.
 */
@Entity({ name: 'events' })
@Index('IDX_events_org_id_id', ['orgId', 'id'])
export class OutboxEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS', primaryKeyConstraintName: 'PK_events' })
  id: string;

  @Column({ type: 'text', name: 'org_id' })
  orgId: string;

  @Column({ type: 'text', name: 'session_id', nullable: true })
  sessionId: string | null;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'timestamptz', name: 'occurred_at' })
  occurredAt: Date;

  @Column({ type: 'timestamptz', name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}
