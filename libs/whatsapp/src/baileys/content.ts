import { AnyMessageContent, WAMessage } from '@whiskeysockets/baileys';
import { OutboundContent } from '../port';

/** The port's outbound content in Baileys' terms. */
export function toBaileysContent(c: OutboundContent): AnyMessageContent {
  switch (c.type) {
    case 'text':
      return { text: c.text, ...(c.mentions?.length ? { mentions: c.mentions } : {}) };
    case 'image':
      return { image: c.data, mimetype: c.mimetype, caption: c.caption, ...(c.mentions?.length ? { mentions: c.mentions } : {}) };
    case 'video':
      return { video: c.data, mimetype: c.mimetype, caption: c.caption, ...(c.mentions?.length ? { mentions: c.mentions } : {}) };
    case 'audio':
      return { audio: c.data, mimetype: c.mimetype, ptt: Boolean(c.voiceNote) };
    case 'document':
      return { document: c.data, mimetype: c.mimetype, fileName: c.fileName ?? 'file', caption: c.caption, ...(c.mentions?.length ? { mentions: c.mentions } : {}) };
    case 'sticker':
      return { sticker: c.data, mimetype: c.mimetype };
    case 'location':
      return { location: { degreesLatitude: c.latitude, degreesLongitude: c.longitude, name: c.name, address: c.address } };
    case 'contact':
      return { contacts: { displayName: c.displayName, contacts: [{ displayName: c.displayName, vcard: c.vcard }] } };
    case 'reaction':
      return {
        react: {
          text: c.emoji,
          key: { remoteJid: c.targetChatJid, id: c.targetId, fromMe: c.targetFromMe, participant: c.targetSender },
        },
      };
    case 'poll':
      return { poll: { name: c.name, values: c.options, selectableCount: c.selectableCount ?? 1 } };
  }
}

export type { WAMessage };
