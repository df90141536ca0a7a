import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What contacts do to messages after sending them: edits (`edited_at`), reactions attached to the
 * message they target (`reactions`, one per reactor) and poll votes (`poll_votes`, one per voter).
 * A message deleted for everyone keeps its row but no content: rows revoked before this migration
 * (through the API) lose theirs now, like the ones revoked from now on.
 */
export class MessageChanges1795690000000 implements MigrationInterface {
  name = 'MessageChanges1795690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" ADD "edited_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "messages" ADD "reactions" jsonb`);
    await q.query(`ALTER TABLE "messages" ADD "poll_votes" jsonb`);
    await q.query(
      `UPDATE "messages" SET "text" = NULL, "media" = NULL, "location" = NULL, "contact" = NULL, "poll" = NULL, "raw" = NULL WHERE "revoked_at" IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" DROP COLUMN "poll_votes"`);
    await q.query(`ALTER TABLE "messages" DROP COLUMN "reactions"`);
    await q.query(`ALTER TABLE "messages" DROP COLUMN "edited_at"`);
  }
}
