import { MigrationInterface, QueryRunner } from 'typeorm';

/** Messages and chats (the durable outbound queue lives in messages) and Idempotency-Key replays. */

export class CreateMessages1795620000000 implements MigrationInterface {
  name = 'CreateMessages1795620000000'

  public async up(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`CREATE TABLE "idempotency_keys" ("org_id" text NOT NULL, "key" text NOT NULL, "request_hash" text NOT NULL, "response_status" integer, "response_body" jsonb, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_b82c9639429bd505548fc6da188" PRIMARY KEY ("org_id", "key"))`);
      await queryRunner.query(`CREATE TABLE "chats" ("session_id" character varying(26) NOT NULL, "jid" text NOT NULL, "org_id" text NOT NULL, "name" text, "last_message_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_message_id" character varying(26), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_44575ae57e7b7532b389ba062bb" PRIMARY KEY ("session_id", "jid"))`);
      await queryRunner.query(`CREATE INDEX "chats_session_activity_idx" ON "chats"  ("session_id", "last_message_at", "jid") `);
      await queryRunner.query(`CREATE TABLE "messages" ("id" character varying(26) NOT NULL, "org_id" text NOT NULL, "session_id" character varying(26) NOT NULL, "chat_jid" text NOT NULL, "wa_message_id" text NOT NULL, "from_me" boolean NOT NULL, "sender_jid" text, "sender_pn" text, "sender_lid" text, "push_name" text, "type" text NOT NULL, "text" text, "media" jsonb, "location" jsonb, "contact" jsonb, "reaction" jsonb, "poll" jsonb, "reply_to" text, "status" text, "error" text, "attempts" integer NOT NULL DEFAULT '0', "raw" text, "outbound" jsonb, "outbound_media" bytea, "revoked_at" TIMESTAMP WITH TIME ZONE, "timestamp" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`);
      await queryRunner.query(`CREATE INDEX "messages_queue_idx" ON "messages"  ("session_id", "id") WHERE status = 'queued'`);
      await queryRunner.query(`CREATE INDEX "messages_chat_page_idx" ON "messages"  ("session_id", "chat_jid", "timestamp", "id") `);
      await queryRunner.query(`CREATE UNIQUE INDEX "messages_session_wa_chat_key" ON "messages"  ("session_id", "wa_message_id", "chat_jid") `);
      await queryRunner.query(`ALTER TABLE "chats" ADD CONSTRAINT "fk_chats_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
      await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "fk_messages_session" FOREIGN KEY ("session_id") REFERENCES "sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
      await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "fk_messages_session"`);
      await queryRunner.query(`ALTER TABLE "chats" DROP CONSTRAINT "fk_chats_session"`);
      await queryRunner.query(`DROP INDEX "public"."messages_session_wa_chat_key"`);
      await queryRunner.query(`DROP INDEX "public"."messages_chat_page_idx"`);
      await queryRunner.query(`DROP INDEX "public"."messages_queue_idx"`);
      await queryRunner.query(`DROP TABLE "messages"`);
      await queryRunner.query(`DROP INDEX "public"."chats_session_activity_idx"`);
      await queryRunner.query(`DROP TABLE "chats"`);
      await queryRunner.query(`DROP TABLE "idempotency_keys"`);
  }

}
