import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * An API key of one organization. The secret itself is never stored: only its SHA-256 (enough
 * for a 256-bit random secret, which cannot be guessed or brute-forced) and a short display
 * prefix so people can tell their keys apart.
 */
@Entity({ name: 'api_keys' })
@Index('IDX_api_keys_org_id_id', ['orgId', 'id'])
@Index('UQ_api_keys_key_hash', ['keyHash'], { unique: true })
export class ApiKey {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_api_keys' })
  id: string;

  @Column({ type: 'text', name: 'org_id' })
  orgId: string;

  @Column({ type: 'text' })
  name: string;

  /** e.g. `wgw_Ab12Cd34`: shown in lists, useless for authentication. */
  @Column({ type: 'text' })
  prefix: string;

  /** Hex SHA-256 of the whole plaintext key. */
  @Column({ type: 'text', name: 'key_hash' })
  keyHash: string;

  @Column({ type: 'text', array: true })
  capabilities: string[];

  @Column({ type: 'timestamptz', name: 'created_at' })
  createdAt: Date;

  @Column({ type: 'timestamptz', name: 'last_used_at', nullable: true })
  lastUsedAt: Date | null;

  /** Revoked keys are kept (audit) but never authenticate and are not listed. */
  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
