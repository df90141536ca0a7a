import { MigrationInterface, QueryRunner } from 'typeorm';

/** Presence and read marks: contacts' last known presence, received messages read, the markReadOnReply setting. */
export class PresenceAndReadMarks1795740000000 implements MigrationInterface {
  name = 'PresenceAndReadMarks1795740000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "contact_presence" (
      "session_id" character varying(26) NOT NULL,
      "jid" text NOT NULL,
      "org_id" text NOT NULL,
      "state" text NOT NULL,
      "chat_jid" text NOT NULL,
      "last_seen" TIMESTAMP WITH TIME ZONE,
      "subscribed_at" TIMESTAMP WITH TIME ZONE,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_contact_presence" PRIMARY KEY ("session_id", "jid"),
      CONSTRAINT "fk_contact_presence_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`ALTER TABLE "messages" ADD "read_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`CREATE INDEX "messages_unread_idx" ON "messages" ("session_id", "chat_jid", "timestamp") WHERE NOT from_me AND read_at IS NULL`);
    await q.query(`ALTER TABLE "sessions" ADD "mark_read_on_reply" boolean NOT NULL DEFAULT false`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sessions" DROP COLUMN "mark_read_on_reply"`);
    await q.query(`DROP INDEX "messages_unread_idx"`);
    await q.query(`ALTER TABLE "messages" DROP COLUMN "read_at"`);
    await q.query(`DROP TABLE "contact_presence"`);
  }
}
