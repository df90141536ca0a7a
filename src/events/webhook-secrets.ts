import { randomBytes } from 'node:crypto';
import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StateCipher } from '../common/state-cipher';

export type SecretSlot = 'secret' | 'previous';

/** How many plain-text rows one transaction encrypts at start. */
const BATCH = 100;

/**
 * Webhook signing secrets at rest: AES-256-GCM under the gateway's data key (the WhatsApp state
 * key: WA_STATE_KEY, or the key generated under DATA_DIR), with the row identity
 * (`webhook/<id>/secret`, `webhook/<id>/previous`) as additional data, so a ciphertext copied to
 * another webhook or slot does not decrypt. The plain value exists only in memory: at creation
 * and rotation (to show it once) and while signing.
 */
@Injectable()
export class WebhookSecrets implements OnModuleInit {
  private readonly logger = new Logger(WebhookSecrets.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cipher: StateCipher,
  ) {}

  /** whsec_ + base64 of 32 random bytes: the Standard Webhooks secret format. */
  static generate(): string {
    return `whsec_${randomBytes(32).toString('base64')}`;
  }

  seal(webhookId: string, slot: SecretSlot, secret: string): Buffer {
    return this.cipher.encrypt(secret, aad(webhookId, slot));
  }

  open(webhookId: string, slot: SecretSlot, data: Buffer): string {
    return this.cipher.decrypt(data, aad(webhookId, slot));
  }

  /** A slot's secret: decrypted, or the plain value of a row not encrypted yet; null when empty. */
  read(webhookId: string, slot: SecretSlot, encrypted: Buffer | null, plaintext: string | null): string | null {
    if (plaintext) return plaintext;
    return encrypted ? this.open(webhookId, slot, encrypted) : null;
  }

  async onModuleInit(): Promise<void> {
    const count = await this.encryptPlaintextRows();
    if (count) this.logger.log({ count }, 'encrypted webhook secrets that were stored in plain text');
  }

  /**
   * Encrypts every row that still has a plain-text secret (rows from before secrets were
   * encrypted, or written by hand) and clears the plain column. Idempotent and safe to run in
   * several processes at once: FOR UPDATE makes a second process wait for the first's rows, and
   * it then finds them no longer plain (READ COMMITTED re-checks the condition).
   */
  async encryptPlaintextRows(): Promise<number> {
    let total = 0;
    for (;;) {
      const done = await this.dataSource.transaction(async (m) => {
        const rows: { id: string; secret: string | null; previous_secret: string | null }[] = await m.query(
          `SELECT id, secret, previous_secret FROM webhooks
           WHERE secret IS NOT NULL OR previous_secret IS NOT NULL
           ORDER BY id LIMIT $1 FOR UPDATE`,
          [BATCH],
        );
        for (const r of rows) {
          await m.query(
            `UPDATE webhooks SET
               secret_encrypted = COALESCE($2, secret_encrypted),
               previous_secret_encrypted = COALESCE($3, previous_secret_encrypted),
               secret = NULL, previous_secret = NULL
             WHERE id = $1`,
            [r.id, r.secret ? this.seal(r.id, 'secret', r.secret) : null, r.previous_secret ? this.seal(r.id, 'previous', r.previous_secret) : null],
          );
        }
        return rows.length;
      });
      total += done;
      if (!done) return total;
    }
  }
}

function aad(webhookId: string, slot: SecretSlot): string {
  return `webhook/${webhookId}/${slot}`;
}
