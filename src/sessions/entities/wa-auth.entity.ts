import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { SessionEntity } from './session.entity';

/** Baileys credentials of one session, encrypted (AES-256-GCM). */
@Entity('wa_auth_creds')
export class WaAuthCredsEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_wa_auth_creds_session' })
  session?: SessionEntity;

  @Column({ type: 'bytea' })
  data: Buffer;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** Signal keys of one session (pre-keys, sessions, sender keys...), encrypted. */
@Entity('wa_auth_keys')
export class WaAuthKeyEntity {
  @PrimaryColumn({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @PrimaryColumn({ type: 'text' })
  type: string;

  @PrimaryColumn({ name: 'key_id', type: 'text' })
  keyId: string;

  @ManyToOne(() => SessionEntity, { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_wa_auth_keys_session' })
  session?: SessionEntity;

  @Column({ type: 'bytea' })
  data: Buffer;
}
