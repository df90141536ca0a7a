import { proto, type BinaryNode } from '@whiskeysockets/baileys';
import type { Contact, ReceivedMessage } from '../world/world';

/**
 * WhatsApp lets the author edit a message for 15 minutes after sending it; a client receiving an
 * edit later ignores it (the message stays as it was). The emulated contacts apply the same limit,
 * measured from the original's server time to the edit's.
 */
export const EDIT_WINDOW_SECONDS = 15 * 60;

/** Media whose caption an edit may change (the new caption comes in the same media type). */
const CAPTIONED = ['imageMessage', 'videoMessage', 'documentMessage'] as const;

/** Why a contact did not apply an edit it received (kept in `Contact.ignoredEdits`). */
export type IgnoredEditReason = 'not_marked_edit' | 'unknown_target' | 'not_author' | 'window_passed' | 'type_mismatch' | 'empty';

/**
 * A message an account's device sent to a contact: if it is an edit (protocolMessage MESSAGE_EDIT,
 * bare as Baileys sends it or in the `editedMessage` wrapper phones use), the contact applies it
 * to the message it names, like a phone showing "edited", or ignores it as a strict client does:
 * - the stanza must carry `edit="1"` (what WhatsApp clients put on an edit);
 * - the target must be a 1:1 message this contact received from the same account, named as the
 *   author's own (`key.fromMe`), itself no change;
 * - the edit must come within EDIT_WINDOW_SECONDS of the target;
 * - a text is edited by a text, a caption by the same media type carrying the new caption.
 * Returns undefined when the message is no edit at all.
 */
export function applyEditToContact(contact: Contact, received: ReceivedMessage, stanza: BinaryNode): { applied: boolean; reason?: IgnoredEditReason } | undefined {
  const p = received.message.protocolMessage ?? received.message.editedMessage?.message?.protocolMessage;
  if (!p || p.type !== proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) return undefined;
  const ignore = (reason: IgnoredEditReason) => {
    contact.ignoredEdits.push({ id: received.id, targetId: p.key?.id ?? '', reason });
    return { applied: false, reason };
  };
  if (stanza.attrs.edit !== '1') return ignore('not_marked_edit');
  const target = contact.inbox.find((m) => m.id === p.key?.id && !m.group);
  if (!target || isChange(target.message)) return ignore('unknown_target');
  if (target.from !== received.from || p.key?.fromMe !== true) return ignore('not_author');
  if (received.t - target.t > EDIT_WINDOW_SECONDS) return ignore('window_passed');
  const text = newText(target.message, p.editedMessage ?? undefined);
  if (text === undefined) return ignore('type_mismatch');
  if (!text.trim()) return ignore('empty');
  target.edits = [...(target.edits ?? []), { id: received.id, text, t: received.t, timestampMs: Number(p.timestampMs ?? 0) }];
  return { applied: true };
}

/** The text a message shows now: its last applied edit, else its own text or caption. */
export function currentText(m: ReceivedMessage): string | undefined {
  return m.edits?.at(-1)?.text ?? textOf(m.message);
}

function textOf(m: proto.IMessage): string | undefined {
  return m.conversation ?? m.extendedTextMessage?.text ?? m.imageMessage?.caption ?? m.videoMessage?.caption ?? m.documentMessage?.caption ?? undefined;
}

/** The edit's new text if its shape fits the target's kind, else undefined. */
function newText(target: proto.IMessage, edited: proto.IMessage | undefined): string | undefined {
  if (!edited) return undefined;
  if (target.conversation != null || target.extendedTextMessage) return edited.conversation ?? edited.extendedTextMessage?.text ?? undefined;
  for (const field of CAPTIONED) {
    if (target[field]) return edited[field]?.caption ?? undefined;
  }
  return undefined;
}

function isChange(m: proto.IMessage): boolean {
  return Boolean(m.protocolMessage || m.editedMessage || m.reactionMessage || m.pollUpdateMessage);
}
