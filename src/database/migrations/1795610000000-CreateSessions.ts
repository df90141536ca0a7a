import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateSessions1795610000000 implements MigrationInterface {
  name = 'CreateSessions1795610000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "sessions" (
      "id" character varying(26) NOT NULL,
      "org_id" text NOT NULL,
      "name" text NOT NULL,
      "status" text NOT NULL DEFAULT 'stopped',
      "desired_state" text NOT NULL DEFAULT 'stopped',
      "phone_number" text,
      "jid" text,
      "lid" text,
      "push_name" text,
      "last_error" text,
      "qr" text,
      "qr_expires_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "connected_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_sessions" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE UNIQUE INDEX "sessions_org_name_key" ON "sessions" ("org_id", "name")`);
    await q.query(`CREATE INDEX "sessions_org_created_idx" ON "sessions" ("org_id", "created_at", "id")`);
    await q.query(`CREATE INDEX "sessions_desired_idx" ON "sessions" ("desired_state")`);
    await q.query(`CREATE TABLE "wa_auth_creds" (
      "session_id" character varying(26) NOT NULL,
      "data" bytea NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_wa_auth_creds" PRIMARY KEY ("session_id"),
      CONSTRAINT "fk_wa_auth_creds_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE TABLE "wa_auth_keys" (
      "session_id" character varying(26) NOT NULL,
      "type" text NOT NULL,
      "key_id" text NOT NULL,
      "data" bytea NOT NULL,
      CONSTRAINT "PK_wa_auth_keys" PRIMARY KEY ("session_id", "type", "key_id"),
      CONSTRAINT "fk_wa_auth_keys_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "wa_auth_keys"`);
    await q.query(`DROP TABLE "wa_auth_creds"`);
    await q.query(`DROP TABLE "sessions"`);
  }
}
