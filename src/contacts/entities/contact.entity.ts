import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import type { SessionView } from '../../sessions';

/**
 * Someone a session knows (a chat partner, a group member, a number it checked): both JID forms
 * where known, the names, and what was last read of their profile. One row per person: a row known
 * by its LID alone and one known by its number become one when the pair is learnt.
 */
@Entity('contacts')
@Index('contacts_session_phone_key', ['sessionId', 'phoneJid'], { unique: true, where: 'phone_jid IS NOT NULL' })
@Index('contacts_session_lid_key', ['sessionId', 'lid'], { unique: true, where: 'lid IS NOT NULL' })
@Index('contacts_session_id_idx', ['sessionId', 'id'])
export class ContactEntity {
  @PrimaryColumn({ type: 'varchar', length: 26 })
  id: string;

  @Column({ name: 'session_id', type: 'varchar', length: 26 })
  sessionId: string;

  @ManyToOne('SessionEntity', { onDelete: 'CASCADE', createForeignKeyConstraints: true })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_contacts_session' })
  session?: SessionView;

  @Column({ name: 'org_id', type: 'text' })
  orgId: string;

  /** `<digits>@s.whatsapp.net` */
  @Column({ name: 'phone_jid', type: 'text', nullable: true })
  phoneJid: string | null;

  /** `<digits>@lid` */
  @Column({ type: 'text', nullable: true })
  lid: string | null;

  /** The name in the address book, when WhatsApp synced it. */
  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** The name they gave themselves (sent with their messages). */
  @Column({ name: 'push_name', type: 'text', nullable: true })
  pushName: string | null;

  @Column({ type: 'text', nullable: true })
  about: string | null;

  @Column({ name: 'about_at', type: 'timestamptz', nullable: true })
  aboutAt: Date | null;

  /** Their privacy settings hide the about text from this number. */
  @Column({ name: 'about_hidden', type: 'boolean', default: false })
  aboutHidden: boolean;

  @Column({ type: 'boolean', nullable: true })
  business: boolean | null;

  @Column({ name: 'business_profile', type: 'jsonb', nullable: true })
  businessProfile: Record<string, string> | null;

  /** When about and business were last read from WhatsApp. */
  @Column({ name: 'profile_at', type: 'timestamptz', nullable: true })
  profileAt: Date | null;

  /** 'shown' (picture cached), 'none' (no picture), 'hidden' (privacy); null: not asked yet. */
  @Column({ name: 'picture_state', type: 'text', nullable: true })
  pictureState: 'shown' | 'none' | 'hidden' | null;

  @Column({ name: 'picture_id', type: 'text', nullable: true })
  pictureId: string | null;

  @Column({ name: 'picture_mimetype', type: 'text', nullable: true })
  pictureMimetype: string | null;

  @Column({ name: 'picture', type: 'bytea', nullable: true, select: false })
  picture?: Buffer | null;

  @Column({ name: 'picture_at', type: 'timestamptz', nullable: true })
  pictureAt: Date | null;

  @Column({ type: 'boolean', default: false })
  blocked: boolean;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
