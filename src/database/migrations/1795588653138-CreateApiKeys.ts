import { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateApiKeys1795588653138 implements MigrationInterface {
  name = 'CreateApiKeys1795588653138';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "api_keys" (
      "id" text NOT NULL,
      "org_id" text NOT NULL,
      "name" text NOT NULL,
      "prefix" text NOT NULL,
      "key_hash" text NOT NULL,
      "capabilities" text array NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "last_used_at" TIMESTAMP WITH TIME ZONE,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_api_keys" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "IDX_api_keys_org_id_id" ON "api_keys" ("org_id", "id")`);
    await q.query(`CREATE UNIQUE INDEX "UQ_api_keys_key_hash" ON "api_keys" ("key_hash")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "api_keys"`);
  }
}
