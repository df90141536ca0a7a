import { MigrationInterface, QueryRunner } from 'typeorm';

/** Contacts of a session, LID ↔ phone number pairs it learnt, and its stored "is this number on WhatsApp" answers. */
export class CreateContacts1795730000000 implements MigrationInterface {
  name = 'CreateContacts1795730000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "contacts" (
      "id" character varying(26) NOT NULL,
      "session_id" character varying(26) NOT NULL,
      "org_id" text NOT NULL,
      "phone_jid" text,
      "lid" text,
      "name" text,
      "push_name" text,
      "about" text,
      "about_at" TIMESTAMP WITH TIME ZONE,
      "about_hidden" boolean NOT NULL DEFAULT false,
      "business" boolean,
      "business_profile" jsonb,
      "profile_at" TIMESTAMP WITH TIME ZONE,
      "picture_state" text,
      "picture_id" text,
      "picture_mimetype" text,
      "picture" bytea,
      "picture_at" TIMESTAMP WITH TIME ZONE,
      "blocked" boolean NOT NULL DEFAULT false,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_contacts" PRIMARY KEY ("id"),
      CONSTRAINT "fk_contacts_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE UNIQUE INDEX "contacts_session_phone_key" ON "contacts" ("session_id", "phone_jid") WHERE phone_jid IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX "contacts_session_lid_key" ON "contacts" ("session_id", "lid") WHERE lid IS NOT NULL`);
    await q.query(`CREATE INDEX "contacts_session_id_idx" ON "contacts" ("session_id", "id")`);
    await q.query(`CREATE TABLE "lid_mappings" (
      "session_id" character varying(26) NOT NULL,
      "lid" text NOT NULL,
      "org_id" text NOT NULL,
      "phone_jid" text NOT NULL,
      "learned_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_lid_mappings" PRIMARY KEY ("session_id", "lid"),
      CONSTRAINT "fk_lid_mappings_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE UNIQUE INDEX "lid_mappings_session_phone_key" ON "lid_mappings" ("session_id", "phone_jid")`);
    await q.query(`CREATE TABLE "contact_checks" (
      "session_id" character varying(26) NOT NULL,
      "phone_number" text NOT NULL,
      "org_id" text NOT NULL,
      "exists" boolean NOT NULL,
      "phone_jid" text,
      "lid" text,
      "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_contact_checks" PRIMARY KEY ("session_id", "phone_number"),
      CONSTRAINT "fk_contact_checks_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "contact_checks"`);
    await q.query(`DROP TABLE "lid_mappings"`);
    await q.query(`DROP TABLE "contacts"`);
  }
}
