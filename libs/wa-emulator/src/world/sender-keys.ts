import { BufferJSON } from '@whiskeysockets/baileys';
import {
  GroupCipher,
  GroupSessionBuilder,
  SenderKeyDistributionMessage,
  SenderKeyName,
  SenderKeyRecord,
} from '@whiskeysockets/baileys/lib/Signal/Group/index.js';
import type { ProtocolAddress } from 'libsignal';

/**
 * The group half of a contact's Signal state: WhatsApp's "sender keys". In a group every sender
 * encrypts a message once with its own sender key (a `skmsg`); the key itself travels to each
 * recipient device once, inside a pairwise Signal message (a SenderKeyDistributionMessage). A
 * sender key is named by (group jid, sender's Signal address), the same naming Baileys uses, and is
 * kept serialized as Baileys' store keeps it, so a failed decryption leaves no half-advanced chain.
 */
export class SenderKeys {
  private readonly records = new Map<string, Buffer>();

  private readonly store = {
    loadSenderKey: async (name: SenderKeyName): Promise<SenderKeyRecord> => {
      const raw = this.records.get(name.toString());
      return raw ? SenderKeyRecord.deserialize(raw) : new SenderKeyRecord();
    },
    storeSenderKey: async (name: SenderKeyName, record: SenderKeyRecord): Promise<void> => {
      this.records.set(name.toString(), Buffer.from(JSON.stringify(record.serialize(), BufferJSON.replacer)));
    },
  };

  /** Our own sender key for the group (created on first use): the distribution message for it. */
  async distribution(group: string, self: ProtocolAddress): Promise<Uint8Array> {
    const skdm = await new GroupSessionBuilder(this.store).create(new SenderKeyName(group, self));
    return skdm.serialize();
  }

  /** Encrypts padded plaintext with our own sender key (creating it when needed): the `skmsg` body. */
  async encrypt(group: string, self: ProtocolAddress, paddedPlaintext: Uint8Array): Promise<Uint8Array> {
    await this.distribution(group, self);
    return new GroupCipher(this.store, new SenderKeyName(group, self)).encrypt(paddedPlaintext);
  }

  /** Stores a sender's key from its distribution message (added next to older keys of that sender). */
  async process(group: string, sender: ProtocolAddress, skdm: Uint8Array): Promise<void> {
    const message = new SenderKeyDistributionMessage(null, null, null, null, skdm);
    await new GroupSessionBuilder(this.store).process(new SenderKeyName(group, sender), message);
  }

  /** Decrypts a `skmsg`; throws ("No session found to decrypt message") without the sender's key. */
  decrypt(group: string, sender: ProtocolAddress, ciphertext: Uint8Array): Promise<Uint8Array> {
    return new GroupCipher(this.store, new SenderKeyName(group, sender)).decrypt(ciphertext);
  }

  has(group: string, sender: ProtocolAddress): boolean {
    return this.records.has(new SenderKeyName(group, sender).toString());
  }

  /** Forgets a sender key (ours: the next message creates a new one, as after a member left). */
  forget(group: string, sender: ProtocolAddress): boolean {
    return this.records.delete(new SenderKeyName(group, sender).toString());
  }
}
