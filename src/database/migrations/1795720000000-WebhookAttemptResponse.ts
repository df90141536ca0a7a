import { MigrationInterface, QueryRunner } from 'typeorm';

/** The start of the receiver's answer body for every webhook attempt (the deliveries log shows it). */
export class WebhookAttemptResponse1795720000000 implements MigrationInterface {
  name = 'WebhookAttemptResponse1795720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_attempts" ADD "response" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhook_attempts" DROP COLUMN "response"`);
  }
}
