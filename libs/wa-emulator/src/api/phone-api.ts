import {
  Curve,
  WA_ADV_ACCOUNT_SIG_PREFIX,
  WA_ADV_DEVICE_SIG_PREFIX,
  generateSignalPubKey,
  proto,
  type AuthenticationCreds,
} from '@whiskeysockets/baileys';
import { randomInt } from 'node:crypto';
import type { ServerContext } from '../server/context';
import { nowSeconds } from '../server/context';
import { enterPairingCode, scanQr } from '../server/pairing';
import type { SignedPreKey } from '../types';
import type { Account, Contact, DeviceLink } from '../world/world';
import { GroupActor } from './group-actor';
import { saveToAddressBook, type AddressBookName } from '../server/address-book';

/** Public keys of a companion device, for linking it without going through QR / code pairing. */
export interface DeviceKeys {
  noiseKey: Buffer;
  identityKey: Buffer;
  registrationId: number;
  signedPreKey: SignedPreKey;
  preKeys?: Map<number, Buffer>;
}

/** The scripted phone of one account: what its owner does on the handset. */
export class PhoneApi {
  constructor(
    private readonly ctx: ServerContext,
    readonly account: Account,
  ) {}

  /** Scans the QR string Baileys emitted (connection.update `qr`); resolves with the new device id. */
  scanQr(qr: string): Promise<number> {
    return scanQr(this.ctx, this.account, qr);
  }

  /** Types the 8-character code returned by `sock.requestPairingCode(phone)`. */
  enterPairingCode(code: string): Promise<number> {
    return enterPairingCode(this.ctx, this.account, code.replace(/-/g, ''));
  }

  /** Unlinks companion device(s) from the phone: a connected client is closed with 401. */
  unlink(deviceId?: number): void {
    for (const d of [...this.account.devices.values()]) {
      if (deviceId !== undefined && d.id !== deviceId) continue;
      this.account.devices.delete(d.id);
      d.conn?.kick(401);
      this.ctx.world.emit('unlinked', this.account, d.id);
    }
  }

  /** Ends the connection(s) of this account with a stream error code (515, 440, 503, 500...). */
  kick(code: number, deviceId?: number): number {
    return this.forConnected(deviceId, (c) => c.kick(code));
  }

  /** Closes the connection(s) without any stanza, as a network loss would. */
  drop(deviceId?: number): number {
    return this.forConnected(deviceId, (c) => c.drop());
  }

  /**
   * TESTING HOOK: a network black hole for the account's device(s): the connection stays open, but
   * nothing the client sends arrives (messages, iqs, keep-alive pings: no ack, no answer) and
   * nothing reaches it (messages for it are kept and delivered at its next login); a new login of
   * the device is dropped. `unfreeze` ends it. Returns how many devices were frozen.
   */
  freeze(deviceId?: number): number {
    let n = 0;
    for (const d of this.account.devices.values()) {
      if (deviceId !== undefined && d.id !== deviceId) continue;
      d.frozen = true;
      n++;
    }
    return n;
  }

  /** Ends `freeze`: a connection that is still open works again (what it missed stays missed). */
  unfreeze(deviceId?: number): void {
    for (const d of this.account.devices.values()) if (deviceId === undefined || d.id === deviceId) d.frozen = false;
  }

  /**
   * Group changes made on the account's phone (the account as participant): its linked devices
   * get the `w:gp2` notifications like every member's.
   */
  get groups(): GroupActor {
    return new GroupActor(this.ctx, { kind: 'account', account: this.account });
  }

  /** Privacy "who can add me to groups" = nobody: adds answer 403 with an invite (`addRequest`) instead. */
  refuseGroupAdds(on = true): this {
    this.account.refusesGroupAdds = on;
    return this;
  }

  /**
   * The owner saves someone in the phone's address book (or renames them): the entry reaches the
   * linked devices through app-state sync (`critical_unblock_low`, with the person's LID), the
   * phone sharing its app-state key first if it has not yet. Resolves with the collection's version
   * once every connected device synced it.
   */
  saveContact(party: Account | Contact, name: AddressBookName): Promise<number> {
    return this.saveContacts([{ party, name }]);
  }

  /** Several address-book entries at once (one patch each, one sync for the devices). */
  saveContacts(entries: { party: Account | Contact; name: AddressBookName }[]): Promise<number> {
    return saveToAddressBook(this.account, entries);
  }

  isConnected(deviceId?: number): boolean {
    return [...this.account.devices.values()].some((d) => d.conn && (deviceId === undefined || d.id === deviceId));
  }

  /** Links a device directly from its public keys (test / benchmark shortcut for pairing). */
  registerDevice(keys: DeviceKeys): number {
    const id = this.account.nextDeviceId++;
    this.account.devices.set(id, {
      id,
      keyIndex: id,
      noiseKey: keys.noiseKey,
      identityKey: keys.identityKey,
      registrationId: keys.registrationId,
      signedPreKey: keys.signedPreKey,
      preKeys: keys.preKeys ?? new Map(),
      platform: 'web',
      offline: [],
      unreceipted: new Map(),
    });
    return id;
  }

  /**
   * Links fresh Baileys creds (from initAuthCreds) to this account without a QR round trip:
   * fills `me`, `account`, `signalIdentities`, `platform` exactly as a real pairing would.
   */
  linkCreds(creds: AuthenticationCreds): number {
    const deviceId = this.registerDevice({
      noiseKey: Buffer.from(creds.noiseKey.public),
      identityKey: Buffer.from(creds.signedIdentityKey.public),
      registrationId: creds.registrationId,
      signedPreKey: {
        keyId: creds.signedPreKey.keyId,
        publicKey: Buffer.from(creds.signedPreKey.keyPair.public),
        signature: Buffer.from(creds.signedPreKey.signature),
      },
    });
    const acc = this.account;
    const details = proto.ADVDeviceIdentity.encode({ rawId: randomInt(1, 2 ** 31), timestamp: nowSeconds(), keyIndex: deviceId }).finish();
    const accountSignature = Curve.sign(
      acc.identity.private,
      Buffer.concat([WA_ADV_ACCOUNT_SIG_PREFIX, details, creds.signedIdentityKey.public]),
    );
    const deviceSignature = Curve.sign(
      creds.signedIdentityKey.private,
      Buffer.concat([WA_ADV_DEVICE_SIG_PREFIX, details, creds.signedIdentityKey.public, acc.identity.public]),
    );
    creds.account = { details, accountSignatureKey: acc.identity.public, accountSignature, deviceSignature };
    creds.me = { id: `${acc.phone}:${deviceId}@s.whatsapp.net`, lid: `${acc.lid}:${deviceId}@lid`, name: acc.name };
    creds.signalIdentities = [
      ...(creds.signalIdentities ?? []),
      { identifier: { name: `${acc.lid}:${deviceId}@lid`, deviceId: 0 }, identifierKey: generateSignalPubKey(acc.identity.public) },
    ];
    creds.platform = 'android';
    return deviceId;
  }

  private forConnected(deviceId: number | undefined, fn: (c: DeviceLink) => void): number {
    let n = 0;
    for (const d of this.account.devices.values()) {
      if (d.conn && (deviceId === undefined || d.id === deviceId)) {
        fn(d.conn);
        n++;
      }
    }
    return n;
  }
}
