import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateChannels1795650000000 implements MigrationInterface {
  name = 'CreateChannels1795650000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "channels" (
      "id" character varying(26) NOT NULL,
      "session_id" character varying(26) NOT NULL,
      "org_id" text NOT NULL,
      "jid" text NOT NULL,
      "name" text,
      "description" text,
      "subscribers" integer,
      "role" text,
      "invite_code" text,
      "following" boolean NOT NULL DEFAULT false,
      "metadata_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_channels" PRIMARY KEY ("id"),
      CONSTRAINT "fk_channels_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    await q.query(`CREATE UNIQUE INDEX "channels_session_jid_key" ON "channels" ("session_id", "jid")`);
    await q.query(`CREATE INDEX "channels_session_created_idx" ON "channels" ("session_id", "created_at", "id")`);
    await q.query(`CREATE TABLE "channel_posts" (
      "id" character varying(26) NOT NULL,
      "session_id" character varying(26) NOT NULL,
      "org_id" text NOT NULL,
      "channel_jid" text NOT NULL,
      "wa_message_id" text NOT NULL,
      "server_id" text,
      "from_me" boolean NOT NULL DEFAULT false,
      "type" text NOT NULL,
      "text" text,
      "media" jsonb,
      "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      CONSTRAINT "PK_channel_posts" PRIMARY KEY ("id"),
      CONSTRAINT "fk_channel_posts_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION
    )`);
    // Scanned backwards for newest-first keyset pages.
    await q.query(`CREATE INDEX "channel_posts_page_idx" ON "channel_posts" ("session_id", "channel_jid", "timestamp", "id")`);
    await q.query(`CREATE UNIQUE INDEX "channel_posts_message_key" ON "channel_posts" ("session_id", "channel_jid", "wa_message_id")`);
    await q.query(`CREATE UNIQUE INDEX "channel_posts_server_key" ON "channel_posts" ("session_id", "channel_jid", "server_id") WHERE "server_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "channel_posts_pending_idx" ON "channel_posts" ("session_id", "channel_jid") WHERE "from_me" AND "server_id" IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "channel_posts"`);
    await q.query(`DROP TABLE "channels"`);
  }
}
