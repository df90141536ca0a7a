import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook signing secrets encrypted at rest, and the capabilities a webhook acts with.
 *
 * Secrets: new bytea columns hold them AES-256-GCM encrypted under the gateway's data key
 * (WA_STATE_KEY or the key under DATA_DIR). A migration cannot read that key (it belongs to the
 * process configuration, and the migration CLI has none), so this step only makes room: the
 * plain-text columns become nullable, and every gateway process, when it starts, encrypts the rows
 * still in plain text and clears their plain column (WebhookSecrets.encryptPlaintextRows). That is
 * idempotent: it only touches rows whose plain column is set. Until then deliveries still sign
 * with the plain value.
 *
 * Capabilities: webhooks existing before this migration were created by a `manage` key that was
 * not asked what it may read; they keep receiving what they received (every type), so they get
 * `{send,manage}`. The default only serves rows written without the application (the gateway
 * always records the capabilities of the principal that creates or changes a webhook).
 */
export class WebhookSecretsAndCapabilities1795664000000 implements MigrationInterface {
  name = 'WebhookSecretsAndCapabilities1795664000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "webhooks" ALTER COLUMN "secret" DROP NOT NULL`);
    await q.query(`ALTER TABLE "webhooks" ADD "secret_encrypted" bytea`);
    await q.query(`ALTER TABLE "webhooks" ADD "previous_secret_encrypted" bytea`);
    await q.query(`ALTER TABLE "webhooks" ADD "capabilities" text array NOT NULL DEFAULT '{send,manage}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The key is not available here: refuse rather than lose secrets that exist only encrypted.
    const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM "webhooks" WHERE "secret" IS NULL`);
    if (n > 0) throw new Error(`${n} webhook secrets exist only encrypted; delete those webhooks before reverting this migration`);
    await q.query(`ALTER TABLE "webhooks" DROP COLUMN "capabilities"`);
    await q.query(`ALTER TABLE "webhooks" DROP COLUMN "previous_secret_encrypted"`);
    await q.query(`ALTER TABLE "webhooks" DROP COLUMN "secret_encrypted"`);
    await q.query(`ALTER TABLE "webhooks" ALTER COLUMN "secret" SET NOT NULL`);
  }
}
