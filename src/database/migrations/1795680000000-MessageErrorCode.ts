import { MigrationInterface, QueryRunner } from 'typeorm';

/** A failed message's reason as a stable code beside the words in `error`. */
export class MessageErrorCode1795680000000 implements MigrationInterface {
  name = 'MessageErrorCode1795680000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" ADD "error_code" text`);
    await q.query(`UPDATE "messages" SET "error_code" = 'unknown' WHERE "status" = 'failed'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" DROP COLUMN "error_code"`);
  }
}
