import type { BaileysEventMap, WAMessage, WAMessageKey, WASocket } from '@whiskeysockets/baileys';
import type { ChatState, OwnPresence, PresencePort, PresenceUpdate, ReadMark } from '../port';
import { EngineError } from '../port';
import { deserialize } from './auth-state';
import { engineCall } from './engine-error';

/** `connection.presence` over Baileys. */
export class BaileysPresence implements PresencePort {
  /** The account's name from WhatsApp's login answer (Baileys keeps one only after app-state sync). */
  private displayName?: string;

  constructor(private readonly socket: WASocket) {
    socket.ws.on('CB:success', (node: { attrs?: Record<string, string> }) => {
      this.displayName = node.attrs?.display_name || undefined;
    });
  }

  async setOwn(state: OwnPresence): Promise<void> {
    const me = this.socket.authState.creds.me;
    if (me?.name) {
      await engineCall(() => this.socket.sendPresenceUpdate(state));
      return;
    }
    // Baileys silently skips a presence without the push name, which a number linked by QR has
    // only after app-state sync: send the same stanza with the name WhatsApp gave at login.
    const name = this.displayName?.replace(/@/g, '');
    if (!name) throw new EngineError('unknown', "the account's name is not known yet; WhatsApp needs it with the presence");
    await engineCall(() => this.socket.sendNode({ tag: 'presence', attrs: { name, type: state } }));
  }

  async sendChatState(chatJid: string, state: ChatState): Promise<void> {
    await engineCall(() => this.socket.sendPresenceUpdate(state, chatJid));
  }

  async subscribe(jid: string): Promise<void> {
    await engineCall(() => this.socket.presenceSubscribe(jid));
  }

  async markRead(messages: ReadMark[]): Promise<void> {
    if (!messages.length) return;
    const keys: WAMessageKey[] = messages.map((m) => {
      const key = m.raw ? deserialize<WAMessage>(m.raw).key : undefined;
      return {
        remoteJid: key?.remoteJid ?? m.chatJid,
        id: m.waMessageId,
        fromMe: false,
        participant: key?.participant ?? m.senderJid ?? undefined,
      };
    });
    await engineCall(() => this.socket.readMessages(keys));
  }
}

/** Baileys' `presence.update` as the port's updates. */
export function toPresenceUpdates(u: BaileysEventMap['presence.update']): PresenceUpdate[] {
  const out: PresenceUpdate[] = [];
  for (const [jid, p] of Object.entries(u.presences ?? {})) {
    const state = p.lastKnownPresence === 'paused' ? 'available' : p.lastKnownPresence;
    if (state !== 'available' && state !== 'unavailable' && state !== 'composing' && state !== 'recording') continue;
    const update: PresenceUpdate = { jid: jid.replace(/:\d+@/, '@'), chatJid: u.id, state };
    if (state === 'unavailable' && typeof p.lastSeen === 'number' && p.lastSeen > 0) update.lastSeen = new Date(p.lastSeen * 1000);
    out.push(update);
  }
  return out;
}
