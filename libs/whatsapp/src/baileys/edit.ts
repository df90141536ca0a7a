import { generateWAMessageFromContent, proto, WAMessage } from '@whiskeysockets/baileys';
import { EditTarget } from '../port';

const CAPTION_FIELD = { image: 'imageMessage', video: 'videoMessage', document: 'documentMessage' } as const;

/**
 * An edit as WhatsApp clients send it: a MESSAGE_EDIT protocolMessage naming the session's own
 * message, with the new content (a text; for media, the same media type carrying only the new
 * caption) and the edit's time in milliseconds. Sent with the stanza attribute `edit="1"`.
 */
export function toEditMessage(target: EditTarget, text: string, userJid: string, messageId: string): WAMessage {
  const editedMessage: proto.IMessage = target.type === 'text' ? { conversation: text } : { [CAPTION_FIELD[target.type]]: { caption: text } };
  return generateWAMessageFromContent(
    target.chatJid,
    {
      protocolMessage: {
        key: { remoteJid: target.chatJid, fromMe: true, id: target.waMessageId },
        type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
        editedMessage,
        timestampMs: Date.now(),
      },
    },
    { userJid, messageId },
  );
}

/** Stanza attributes of an edit (what Baileys' own `edit` option sets). */
export const EDIT_ATTRS = { edit: '1' } as const;
