import { randomBytes, randomInt } from 'node:crypto';
import {
  decodePatches,
  encodeSyncdPatch,
  getBinaryNodeChild,
  getBinaryNodeChildren,
  newLTHashState,
  proto,
  writeRandomPadMax16,
  type BinaryNode,
  type LTHashState,
  type WAPatchName,
} from '@whiskeysockets/baileys';
import { SignalParty } from '../world/signal-party';
import { deliver, type Account } from '../world/world';
import type { Connection } from './connection';
import { nextId, nowSeconds, type ServerContext } from './context';
import { deviceAddress } from './delivery';

/**
 * WhatsApp's app-state sync, as far as an account's own settings need it: the account's phone
 * shares an app-state key with its companion devices (`shareAppStateKey`), devices upload
 * encrypted, versioned patches (`iq xmlns=w:sync:app:state`, a `<collection>` with `<patch>`),
 * and read the patches of a collection since the version they have (a `<collection>` without
 * `<patch>`). The server here checks every upload as strictly as the devices reading it would:
 * the collection version it builds on must be the current one, the patch the next version, made
 * with a key the phone shared, its MACs (patch, snapshot, every mutation) valid; anything else
 * refuses the whole iq (400, or 409 for a stale version). Of the settings in the patches, the
 * display name (`setting_pushName`) changes the account's name, which others see. The phone writes
 * too (`phoneWrites`: e.g. its address book, see address-book.ts) and the server then tells the
 * devices to sync (`server_sync` notification). No snapshots: a device syncing from scratch gets
 * every patch.
 */

/** The longest display name WhatsApp takes, in characters. */
export const PUSH_NAME_MAX_CHARS = 25;

interface Collection {
  state: LTHashState;
  /** Encoded SyncdPatch of each version, oldest first (patches[i] is version i + 1). */
  patches: Uint8Array[];
}

interface AppState {
  /** Keys the phone shared, by base64 key id. */
  keys: Map<string, proto.Message.IAppStateSyncKeyData>;
  collections: Map<string, Collection>;
  /** The phone's own Signal identity, for its messages to its companion devices. */
  phone: SignalParty;
}

const appStates = new WeakMap<Account, AppState>();

function appStateOf(account: Account): AppState {
  let s = appStates.get(account);
  if (!s) appStates.set(account, (s = { keys: new Map(), collections: new Map(), phone: new SignalParty() }));
  return s;
}

function collectionOf(account: Account, name: string): Collection {
  const all = appStateOf(account).collections;
  let c = all.get(name);
  if (!c) all.set(name, (c = { state: newLTHashState(), patches: [] }));
  return c;
}

/** The version of an account's app-state collection (0: nothing uploaded yet). */
export function collectionVersion(account: Account, name: string): number {
  return appStateOf(account).collections.get(name)?.state.version ?? 0;
}

/**
 * The phone shares a new app-state key with every linked device of the account (a peer
 * protocolMessage APP_STATE_SYNC_KEY_SHARE, Signal-encrypted from the phone, device 0), as a
 * phone does after linking. Resolves once every connected device answered the message (a device
 * offline gets it at its next login). Returns the key id (base64).
 */
export async function shareAppStateKey(account: Account, timeoutMs = 10_000): Promise<string> {
  const s = appStateOf(account);
  const keyId = randomBytes(6);
  const keyData: proto.Message.IAppStateSyncKeyData = {
    keyData: randomBytes(32),
    fingerprint: { rawId: randomInt(1, 2 ** 31), currentIndex: 0, deviceIndexes: [0, ...account.devices.keys()] },
    timestamp: Date.now(),
  };
  s.keys.set(keyId.toString('base64'), keyData);
  const message: proto.IMessage = {
    protocolMessage: {
      type: proto.Message.ProtocolMessage.Type.APP_STATE_SYNC_KEY_SHARE,
      appStateSyncKeyShare: { keys: [{ keyId: { keyId }, keyData }] },
    },
  };
  const plaintext = writeRandomPadMax16(proto.Message.encode(message).finish());
  const id = nextId('3EB0');
  const waiting = [];
  for (const device of account.devices.values()) {
    const { type, ciphertext } = await s.phone.encrypt(deviceAddress(account, device.id), plaintext, () => account.bundleFor(device.id));
    deliver(device, {
      tag: 'message',
      attrs: { from: account.pnJid, id, t: String(nowSeconds()), type: 'text', category: 'peer' },
      content: [{ tag: 'enc', attrs: { v: '2', type }, content: ciphertext }],
    });
    if (device.conn) waiting.push(device);
  }
  const deadline = Date.now() + timeoutMs;
  while (waiting.some((d) => d.conn && d.unreceipted.has(id))) {
    if (Date.now() > deadline) throw new Error(`emulator: the devices of ${account.phone} did not answer the app-state key share`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return keyId.toString('base64');
}

/** One change the account's phone makes to a collection: the mutation's index and value, as devices read them. */
export interface PhoneMutation {
  index: string[];
  value: proto.ISyncActionValue;
  /** The sync action's version (WhatsApp's per-action API version). */
  apiVersion: number;
  /** Default SET. */
  operation?: proto.SyncdMutation.SyncdOperation;
}

/**
 * The account's phone writes to one of its collections (what its owner changed on the handset):
 * one patch per mutation, encrypted and MAC'd (value, index, snapshot, patch) with the latest key
 * it shared (sharing one first when it has none), each the next version of the collection. Then
 * the server tells every linked device to sync the collection (`<notification type="server_sync">`
 * with the `<collection>`; a device offline gets it at its next login). Resolves with the new
 * version once every connected device acknowledged the notification (devices acknowledge it after
 * reading the patches).
 */
export async function phoneWrites(account: Account, name: WAPatchName, mutations: PhoneMutation[], timeoutMs = 10_000): Promise<number> {
  const s = appStateOf(account);
  if (!s.keys.size) await shareAppStateKey(account, timeoutMs);
  const keyId = [...s.keys.keys()].at(-1)!;
  const c = collectionOf(account, name);
  for (const m of mutations) {
    const operation = m.operation ?? proto.SyncdMutation.SyncdOperation.SET;
    const { patch, state } = await encodeSyncdPatch(
      { type: name, index: m.index, syncAction: m.value, apiVersion: m.apiVersion, operation },
      keyId,
      c.state,
      async (id) => (s.keys.get(id) as never) ?? undefined,
    );
    c.patches.push(proto.SyncdPatch.encode({ ...patch, version: { version: state.version } }).finish());
    c.state = state;
  }
  const id = nextId('SYNC');
  const waiting = [];
  for (const device of account.devices.values()) {
    deliver(device, {
      tag: 'notification',
      attrs: { from: 's.whatsapp.net', type: 'server_sync', id, t: String(nowSeconds()) },
      content: [{ tag: 'collection', attrs: { name, version: String(c.state.version) } }],
    });
    if (device.conn) waiting.push(device);
  }
  const deadline = Date.now() + timeoutMs;
  while (waiting.some((d) => d.conn && d.unreceipted.has(id))) {
    if (Date.now() > deadline) throw new Error(`emulator: the devices of ${account.phone} did not sync ${name}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return c.state.version;
}

/** `iq xmlns=w:sync:app:state type=set`: uploads (collections with `<patch>`) and reads (without). */
export async function handleAppStateIq(ctx: ServerContext, conn: Connection, iq: BinaryNode): Promise<void> {
  const account = conn.account;
  if (!account) return conn.sendIqError(iq, 401, 'not-authorized');
  const sync = getBinaryNodeChild(iq, 'sync');
  if (iq.attrs.type !== 'set' || !sync) return conn.sendIqError(iq, 400, 'bad-request');
  const answers: BinaryNode[] = [];
  for (const node of getBinaryNodeChildren(sync, 'collection')) {
    const name = node.attrs.name;
    const from = Number(node.attrs.version);
    if (!name || !Number.isInteger(from) || from < 0) return conn.sendIqError(iq, 400, 'bad-request');
    const uploads = getBinaryNodeChildren(node, 'patch');
    if (!uploads.length) {
      answers.push(patchesSince(account, name, from));
      continue;
    }
    const refused = await applyUpload(ctx, account, name, from, uploads);
    if (refused) return conn.sendIqError(iq, refused.code, refused.text);
    answers.push({ tag: 'collection', attrs: { name, version: String(collectionVersion(account, name)) } });
  }
  conn.sendIqResult(iq, [{ tag: 'sync', attrs: {}, content: answers }]);
}

function patchesSince(account: Account, name: string, from: number): BinaryNode {
  const c = appStateOf(account).collections.get(name);
  const version = c?.state.version ?? 0;
  const since = (c?.patches ?? []).slice(Math.min(from, version));
  const attrs = { name, version: String(version) };
  if (!since.length) return { tag: 'collection', attrs };
  return { tag: 'collection', attrs, content: [{ tag: 'patches', attrs: {}, content: since.map((p) => ({ tag: 'patch', attrs: {}, content: p })) }] };
}

/** Checks and applies uploaded patches one by one; the refusal when one does not hold (nothing of it applied). */
async function applyUpload(ctx: ServerContext, account: Account, name: string, from: number, uploads: BinaryNode[]): Promise<{ code: number; text: string } | undefined> {
  const s = appStateOf(account);
  const c = collectionOf(account, name);
  if (from !== c.state.version) return { code: 409, text: 'conflict' };
  for (const upload of uploads) {
    if (!(upload.content instanceof Uint8Array)) return { code: 400, text: 'bad-request' };
    let patch: proto.SyncdPatch;
    try {
      patch = proto.SyncdPatch.decode(upload.content);
    } catch {
      return { code: 400, text: 'bad-request' };
    }
    // Devices leave the version out: the patch is the one after the version they build on.
    if (patch.version?.version == null) patch.version = { version: c.state.version + 1 };
    if (Number(patch.version.version) !== c.state.version + 1 || patch.externalMutations || !patch.keyId?.id) return { code: 400, text: 'bad-request' };
    if (!s.keys.has(Buffer.from(patch.keyId.id).toString('base64'))) return { code: 400, text: 'bad-request' };
    let broken = false;
    const strict = { warn: () => void (broken = true), error: () => void (broken = true), info() {}, debug() {}, trace() {}, child: () => strict };
    let decoded: Awaited<ReturnType<typeof decodePatches>>;
    try {
      decoded = await decodePatches(name as never, [proto.SyncdPatch.decode(proto.SyncdPatch.encode(patch).finish())], c.state, async (id) => (s.keys.get(id) as never) ?? undefined, {}, c.state.version, strict as never, true);
    } catch {
      return { code: 400, text: 'bad-request' };
    }
    if (broken || decoded.state.version !== c.state.version + 1) return { code: 400, text: 'bad-request' };
    const settings = readSettings(decoded.mutationMap);
    if (settings.pushName !== undefined && !validPushName(settings.pushName)) return { code: 400, text: 'bad-request' };
    c.state = decoded.state;
    // Kept with its version, as the server hands patches out.
    c.patches.push(proto.SyncdPatch.encode(patch).finish());
    if (settings.pushName !== undefined) {
      account.name = settings.pushName;
      ctx.world.emit('profile', account, 'name');
    }
  }
  return undefined;
}

/** The settings a patch's mutations set (as devices read them: the value, whatever the operation). */
function readSettings(mutations: Record<string, { syncAction: proto.ISyncActionData }>): { pushName?: string } {
  const out: { pushName?: string } = {};
  for (const m of Object.values(mutations)) {
    const name = m.syncAction.value?.pushNameSetting?.name;
    if (typeof name === 'string') out.pushName = name;
  }
  return out;
}

function validPushName(name: string): boolean {
  return name.trim().length > 0 && [...name].length <= PUSH_NAME_MAX_CHARS;
}
