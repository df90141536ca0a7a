import { MigrationInterface, QueryRunner } from 'typeorm';

/** The event outbox, webhooks, their deliveries (the durable work queue) and the attempt log. */
export class CreateEvents1795600000000 implements MigrationInterface {
  name = 'CreateEvents1795600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "events" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "org_id" text NOT NULL, "session_id" text, "type" text NOT NULL, "data" jsonb NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_events" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_events_org_id_id" ON "events" ("org_id", "id")`);
    await q.query(
      `CREATE TABLE "webhooks" ("id" text NOT NULL, "org_id" text NOT NULL, "url" text NOT NULL, "event_types" text array NOT NULL, "session_id" text, "secret" text NOT NULL, "previous_secret" text, "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE, "enabled" boolean NOT NULL DEFAULT true, "disabled_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_webhooks" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_webhooks_org_id_id" ON "webhooks" ("org_id", "id")`);
    await q.query(
      `CREATE TABLE "webhook_deliveries" ("id" text NOT NULL, "webhook_id" text NOT NULL, "org_id" text NOT NULL, "event_id" bigint NOT NULL, "event_type" text NOT NULL, "session_key" text NOT NULL, "status" text NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE, "locked_until" TIMESTAMP WITH TIME ZONE, "locked_by" text, "last_status_code" integer, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_webhook_deliveries" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_webhook_deliveries_webhook_id_id" ON "webhook_deliveries" ("webhook_id", "id")`);
    // Partial indexes: only pending rows are claimed, and they are few next to the delivered ones.
    await q.query(`CREATE INDEX "IDX_webhook_deliveries_due" ON "webhook_deliveries" ("next_attempt_at") WHERE status = 'pending'`);
    await q.query(
      `CREATE INDEX "IDX_webhook_deliveries_order" ON "webhook_deliveries" ("webhook_id", "session_key", "event_id") WHERE status = 'pending'`,
    );
    await q.query(
      `CREATE TABLE "webhook_attempts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "delivery_id" text NOT NULL, "attempt" integer NOT NULL, "started_at" TIMESTAMP WITH TIME ZONE NOT NULL, "duration_ms" integer NOT NULL, "status_code" integer, "error" text, CONSTRAINT "PK_webhook_attempts" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "IDX_webhook_attempts_delivery_id" ON "webhook_attempts" ("delivery_id", "attempt")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "webhook_attempts"`);
    await q.query(`DROP TABLE "webhook_deliveries"`);
    await q.query(`DROP TABLE "webhooks"`);
    await q.query(`DROP TABLE "events"`);
  }
}
