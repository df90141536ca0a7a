import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateGroups1795710000000 implements MigrationInterface {
  name = 'CreateGroups1795710000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "groups" (
      "id" character varying(26) NOT NULL,
      "session_id" character varying(26) NOT NULL,
      "org_id" text NOT NULL,
      "jid" text NOT NULL,
      "subject" text NOT NULL,
      "subject_by" text,
      "subject_at" TIMESTAMP WITH TIME ZONE,
      "description" text,
      "description_id" text,
      "owner" text,
      "wa_created_at" TIMESTAMP WITH TIME ZONE,
      "announce" boolean NOT NULL,
      "locked" boolean NOT NULL,
      "addressing_mode" text,
      "participants" jsonb NOT NULL,
      "member" boolean NOT NULL,
      "metadata_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_groups" PRIMARY KEY ("id"),
      CONSTRAINT "fk_groups_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE UNIQUE INDEX "groups_session_jid_key" ON "groups" ("session_id", "jid")`);
    await q.query(`CREATE INDEX "groups_session_created_idx" ON "groups" ("session_id", "created_at", "id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "groups"`);
  }
}
