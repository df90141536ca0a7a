import { addTransactionCapability, Curve, generateSignalPubKey, initAuthCreds, type AuthenticationCreds } from '@whiskeysockets/baileys';
import { makeLibSignalRepository } from '@whiskeysockets/baileys/lib/Signal/libsignal.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { loadAuthState, serialize } from './auth-state';
import { silenceLibsignal } from './quiet-libsignal';
import { memoryAuthStore } from '../memory-auth-store';

const logger = pino({ level: 'silent' });
const tx = { maxCommitRetries: 1, delayBetweenTriesMs: 1 };


/** One side: creds, the key store as the gateway builds it, and Baileys' Signal repository over it. */
async function party(creds: AuthenticationCreds) {
  const store = memoryAuthStore();
  await store.writeCreds(serialize(creds));
  const { keys: cached } = await loadAuthState(store);
  const keys = addTransactionCapability(cached, logger as never, tx);
  const repo = makeLibSignalRepository({ creds, keys } as never, logger as never);
  return { creds, keys, cached, repo };
}

const GATEWAY = '15550000001@s.whatsapp.net';
const CONTACT = '15550000002@s.whatsapp.net';

/** A pre-key bundle of `p` as WhatsApp hands it out, with one fresh one-time pre-key. */
async function bundle(p: Awaited<ReturnType<typeof party>>, id: number) {
  const preKey = Curve.generateKeyPair();
  await p.keys.set({ 'pre-key': { [String(id)]: preKey } });
  return {
    registrationId: p.creds.registrationId,
    identityKey: generateSignalPubKey(p.creds.signedIdentityKey.public),
    signedPreKey: {
      keyId: p.creds.signedPreKey.keyId,
      publicKey: generateSignalPubKey(p.creds.signedPreKey.keyPair.public),
      signature: p.creds.signedPreKey.signature,
    },
    preKey: { keyId: id, publicKey: generateSignalPubKey(preKey.public) },
  };
}

/**
 * libsignal tries an incoming message on each session it has with the sender until one decrypts
 * it, and stores the record afterwards. Each try used to step the tried session's ratchet in
 * place, so a message decrypted by an older session left the open one with a new sending key
 * under its old base key: everything the gateway sent next was "Bad MAC" for the contact, who
 * answered with retry receipts (seen after a crash, when messages sent before it arrive late).
 * Our patch of libsignal (patches/) tries each session on a copy and keeps only the one that worked.
 */
describe('a message that an older Signal session decrypts', () => {
  it('leaves the open session as it was: what is sent on it next still decrypts', async () => {
    silenceLibsignal();
    const gw = await party(initAuthCreds());
    const contact = await party(initAuthCreds());
    const send = async (from: typeof gw, to: typeof gw, toJid: string, fromJid: string, text: string) => {
      const { type, ciphertext } = await from.repo.encryptMessage({ jid: toJid, data: Buffer.from(text) });
      return () => to.repo.decryptMessage({ jid: fromJid, type, ciphertext }).then((b: Uint8Array) => Buffer.from(b).toString());
    };

    // The contact writes first: session A, answered.
    await contact.repo.injectE2ESession({ jid: GATEWAY, session: await bundle(gw, 1) });
    expect(await (await send(contact, gw, GATEWAY, CONTACT, 'hello'))()).toBe('hello');
    expect(await (await send(gw, contact, CONTACT, GATEWAY, 'hi'))()).toBe('hi');
    // The gateway starts a session of its own (B), as after a retry receipt with keys; libsignal
    // tries the most recently used session first, by millisecond: B, once a millisecond has passed.
    await new Promise((r) => setTimeout(r, 5));
    await gw.repo.injectE2ESession({ jid: CONTACT, session: await bundle(contact, 1) });
    const first = await send(gw, contact, CONTACT, GATEWAY, 'first on B');
    // Meanwhile the contact wrote again on A, not having seen B yet: delivered late.
    const late = await send(contact, gw, GATEWAY, CONTACT, 'late on A');
    expect(await first()).toBe('first on B');
    expect(await late()).toBe('late on A');

    // The gateway goes on sending on B: the contact can read it.
    expect(await (await send(gw, contact, CONTACT, GATEWAY, 'second on B'))()).toBe('second on B');
    expect(await (await send(contact, gw, GATEWAY, CONTACT, 'answer'))()).toBe('answer');
    expect(await (await send(gw, contact, CONTACT, GATEWAY, 'third'))()).toBe('third');
  });
});
