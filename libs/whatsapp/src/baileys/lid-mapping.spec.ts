import { addTransactionCapability, initAuthCreds } from '@whiskeysockets/baileys';
import { makeLibSignalRepository } from '@whiskeysockets/baileys/lib/Signal/libsignal.js';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { LidMapping } from '../port';
import { loadAuthState, serialize } from './auth-state';
import { memoryAuthStore } from '../memory-auth-store';

const logger = pino({ level: 'silent' });
const tx = { maxCommitRetries: 1, delayBetweenTriesMs: 1 };

const PN = '15550000002@s.whatsapp.net';
const LID = '201000000000002@lid';

/**
 * Baileys' LID mapping store over the key store as the gateway builds it, with the gateway's pairs
 * (`lid_mappings`) behind it; `usync` stands in for asking WhatsApp (Baileys' fallback for a
 * number it does not know).
 */
async function engineStore(gatewayPairs: LidMapping[]) {
  const store = memoryAuthStore();
  const creds = initAuthCreds();
  await store.writeCreds(serialize(creds));
  const lookups: string[][] = [];
  const lidMappings = async (jids: string[]) => {
    lookups.push(jids);
    return gatewayPairs.filter((p) => jids.includes(p.lid) || jids.includes(p.pn));
  };
  const { keys: cached } = await loadAuthState(store, { lidMappings });
  const keys = addTransactionCapability(cached, logger as never, tx);
  const usync: string[][] = [];
  const repo = makeLibSignalRepository({ creds, keys } as never, logger as never, async (jids: string[]) => {
    usync.push(jids);
    return undefined;
  });
  return { repo, cached, store, lookups, usync };
}

describe("Baileys' LID mapping store backed by the gateway's pairs", () => {
  it('answers a pair only the gateway stored, both ways, without asking WhatsApp', async () => {
    const { repo, usync, lookups } = await engineStore([{ lid: LID, pn: PN }]);
    expect(await repo.lidMapping.getPNForLID(LID)).toBe('15550000002:0@s.whatsapp.net');
    expect(await repo.lidMapping.getLIDForPN(PN)).toBe(LID);
    // A device of the number maps to the same device of the LID.
    expect(await repo.lidMapping.getLIDForPN('15550000002:3@s.whatsapp.net')).toBe('201000000000002:3@lid');
    expect(usync).toEqual([]);
    // One look-up: Baileys keeps both directions of what it read.
    expect(lookups).toEqual([[LID]]);
  });

  it("prefers Baileys' own pairs and keeps its writes in its store; asks WhatsApp only for what neither knows", async () => {
    const { repo, usync, lookups, store, cached } = await engineStore([]);
    await repo.lidMapping.storeLIDPNMappings([{ lid: LID, pn: PN }]);
    expect(await repo.lidMapping.getPNForLID(LID)).toBe('15550000002:0@s.whatsapp.net');
    expect(lookups).toEqual([[PN]]); // the write first checks what is stored: one look-up, then Baileys' own
    expect(await repo.lidMapping.getLIDForPN('15550000009@s.whatsapp.net')).toBeNull();
    expect(usync).toEqual([['15550000009@s.whatsapp.net']]);
    expect(lookups.at(-1)).toEqual(['15550000009@s.whatsapp.net']);
    // Baileys' own write lands in its key store once committed (the gateway also gets it as a lid-mappings report).
    await cached.flushed();
    const kept = await store.readKeys('lid-mapping', ['15550000002', '201000000000002_reverse']);
    expect([...kept.values()].map((v) => JSON.parse(v))).toEqual(['201000000000002', '15550000002']);
  });

  it('a pair taught after a miss replaces the remembered miss', async () => {
    const { repo, cached } = await engineStore([]);
    expect(await repo.lidMapping.getPNForLID(LID)).toBeNull();
    // What ContactIngest does for a pair learnt elsewhere (connection.contacts.learn).
    await repo.lidMapping.storeLIDPNMappings([{ lid: LID, pn: PN }]);
    expect(await repo.lidMapping.getPNForLID(LID)).toBe('15550000002:0@s.whatsapp.net');
    await cached.flushed();
  });
});
