import { sentence, type Chat, type Message, type MessageStatus, type SessionStatus } from './api';

export const STATUS_WORDS: Record<SessionStatus, string> = {
  stopped: 'Stopped',
  starting: 'Starting…',
  pairing: 'Waiting for a QR scan',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  logged_out: 'Logged out',
  failed: 'Failed',
};

export const STATUS_HELP: Record<SessionStatus, string> = {
  stopped: 'Not running. Start it to connect.',
  starting: 'Connecting to WhatsApp.',
  pairing: 'Scan the QR code with the phone to link this number.',
  connected: 'Linked and connected: messages flow.',
  reconnecting: 'The connection dropped; the gateway keeps retrying.',
  logged_out: 'The device was unlinked. Start it to link again with a new QR code.',
  failed: 'The gateway gave up connecting. Start it to try again.',
};

/** Outgoing message ticks: queued → sent → delivered → read. */
export const TICKS: Record<MessageStatus, { symbol: string; words: string }> = {
  queued: { symbol: '◷', words: 'Queued' },
  sent: { symbol: '✓', words: 'Sent' },
  delivered: { symbol: '✓✓', words: 'Delivered' },
  read: { symbol: '✓✓', words: 'Read' },
  failed: { symbol: '!', words: 'Not sent' },
};

const STATUS_RANK: Record<MessageStatus, number> = { queued: 0, failed: 1, sent: 2, delivered: 3, read: 4 };

/** Statuses only move forward: an older answer never undoes a newer receipt. */
export function laterStatus(a: Message['status'], b: Message['status']): Message['status'] {
  if (!a) return b;
  if (!b) return a;
  return STATUS_RANK[b] >= STATUS_RANK[a] ? b : a;
}

export function isGroup(jid: string): boolean {
  return jid.endsWith('@g.us');
}

/** A JID as a person reads it: +15551234567, or what kind of chat it is. */
export function jidLabel(jid: string): string {
  const [user = '', server = ''] = jid.split('@');
  const digits = user.split(':')[0]!.split('_')[0]!;
  if (server === 's.whatsapp.net' || server === 'c.us') return `+${digits}`;
  if (server === 'g.us') return 'Unnamed group';
  if (server === 'newsletter') return 'Channel';
  if (server === 'lid') return 'Contact (number hidden)';
  if (server === 'broadcast') return 'Status updates';
  return jid;
}

export function chatTitle(chat: Pick<Chat, 'jid' | 'name'>): string {
  return chat.name?.trim() || jidLabel(chat.jid);
}

export function senderLabel(m: Message): string {
  if (m.fromMe) return 'You';
  const s = m.sender;
  if (s?.pushName) return s.pushName;
  const jid = s?.phoneJid ?? s?.jid ?? s?.lid;
  return jid ? jidLabel(jid) : 'Someone';
}

const timeFmt = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dayFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short' });
const fullFmt = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function shortTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const now = new Date();
  return d.toDateString() === now.toDateString() ? timeFmt.format(d) : dayFmt.format(d);
}

export function fullTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : fullFmt.format(d);
}

const MEDIA_LABELS: Record<string, string> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  sticker: 'Sticker',
};

/** What a message says, as text; media are a label and a file name for now. */
export function messageBody(m: Message): { label?: string; text?: string } {
  if (m.revokedAt) return { label: 'This message was deleted.' };
  const media = m.media as Record<string, unknown> | null | undefined;
  if (m.type in MEDIA_LABELS) {
    let label = MEDIA_LABELS[m.type]!;
    if (m.type === 'audio' && media?.voiceNote) label = 'Voice message';
    const fileName = typeof media?.fileName === 'string' ? media.fileName : undefined;
    const seconds = typeof media?.seconds === 'number' && media.seconds > 0 ? ` (${media.seconds} s)` : '';
    return { label: `${label}${fileName ? `: ${fileName}` : ''}${seconds}`, text: m.text ?? undefined };
  }
  if (m.type === 'location') {
    const loc = (m.location ?? {}) as Record<string, unknown>;
    const where = [loc.name, loc.address].filter((v) => typeof v === 'string' && v).join(', ');
    const coords = typeof loc.latitude === 'number' && typeof loc.longitude === 'number' ? `${loc.latitude.toFixed(5)}, ${loc.longitude.toFixed(5)}` : '';
    return { label: `Location: ${where || coords || 'shared'}${where && coords ? ` (${coords})` : ''}` };
  }
  if (m.type === 'contact') {
    const c = (m.contact ?? {}) as Record<string, unknown>;
    return { label: `Contact card: ${typeof c.displayName === 'string' ? c.displayName : 'unnamed'}` };
  }
  if (m.type === 'poll' && m.poll) {
    const counts = new Map((m.poll.results ?? []).map((r) => [r.option, r.count] as const));
    const lines = m.poll.options.map((o) => `• ${o}${counts.get(o) ? ` — ${counts.get(o)} vote${counts.get(o) === 1 ? '' : 's'}` : ''}`);
    return { label: `Poll: ${m.poll.name}`, text: lines.join('\n') };
  }
  if (m.type === 'text') return { text: m.text ?? '' };
  return { label: m.text ? undefined : 'A message this dashboard cannot show yet.', text: m.text ?? undefined };
}

/** Reactions grouped by emoji: [["👍", 2], ["❤️", 1]]. */
export function groupReactions(m: Message): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of m.reactions ?? []) if (r.emoji) counts.set(r.emoji, (counts.get(r.emoji) ?? 0) + 1);
  return [...counts.entries()];
}

/**
 * `lastError` as the gateway writes it is already in words ("the QR code was not scanned in
 * time", "could not connect to WhatsApp (3 attempts): timed out …"); shown as a sentence.
 */
export function lastErrorWords(lastError: string): string {
  return sentence(lastError);
}

const TYPE_WORDS: Record<string, string> = {
  image: 'Photo',
  video: 'Video',
  audio: 'Audio',
  document: 'Document',
  sticker: 'Sticker',
  location: 'Location',
  contact: 'Contact card',
  poll: 'Poll',
  reaction: 'Reaction',
};

/** The chat list's second line: "You: see you" / "Photo: the caption" / "Deleted message". */
export function chatPreview(chat: Pick<Chat, 'lastMessage'>): string {
  const m = chat.lastMessage;
  if (!m) return '';
  if (m.revoked) return 'Deleted message';
  const kind = TYPE_WORDS[m.type];
  const body = kind ? (m.preview ? `${kind}: ${m.preview}` : kind) : (m.preview ?? '');
  return m.fromMe ? `You: ${body}` : body;
}
