import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Idempotency keys: an in-progress claim gets a lease (`locked_until`) held by one attempt
 * (`attempt_id`), and the id of the row the write created (`resource_id`), so that a claim whose
 * attempt died is taken over by a retry instead of blocking the key for 24 h.
 */
export class IdempotencyLease1795700000000 implements MigrationInterface {
  name = 'IdempotencyLease1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_keys" ADD "locked_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "attempt_id" text`);
    await q.query(`ALTER TABLE "idempotency_keys" ADD "resource_id" text`);
    // Claims left in progress by the previous version: a minute from their start, then a retry may take them over.
    await q.query(`UPDATE "idempotency_keys" SET "locked_until" = "created_at" + interval '1 minute' WHERE "response_status" IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "resource_id"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "attempt_id"`);
    await q.query(`ALTER TABLE "idempotency_keys" DROP COLUMN "locked_until"`);
  }
}
