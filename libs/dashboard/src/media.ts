import type { Schemas } from '../../client/src';
import { ApiError, call, type GatewayClient, type Message } from './api';

/**
 * The largest file the composer sends. The gateway refuses media above MEDIA_MAX_BYTES (16 MiB
 * unless configured otherwise; see src/config/config.ts) and reads a send body of up to that as
 * base64 (4/3 of the bytes) plus 64 KiB: a file this size always fits.
 */
export const SEND_MAX_BYTES = 16 * 1024 * 1024;

/** Media up to this size load on their own when shown; larger ones wait for a click. */
export const AUTO_LOAD_MAX_BYTES = 8 * 1024 * 1024;

export type MediaKind = 'image' | 'sticker' | 'video' | 'audio' | 'document';
export type SendMediaType = 'image' | 'video' | 'audio' | 'document';

/** `message.media` as the API describes it. */
export type MediaInfo = Schemas['MessageMediaDto'];

const KINDS: readonly string[] = ['image', 'sticker', 'video', 'audio', 'document'];

export function mediaKind(m: Message): MediaKind | null {
  return KINDS.includes(m.type) ? (m.type as MediaKind) : null;
}

/** The media description of a message, each field checked (stored records may carry numbers as strings, or empty strings). */
export function mediaInfo(m: Message): MediaInfo | null {
  const raw = m.media as Record<string, unknown> | null | undefined;
  if (!raw || typeof raw !== 'object') return null;
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const num = (v: unknown) => {
    const n = typeof v === 'string' ? Number(v) : v;
    return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
  };
  return {
    mimetype: text(raw.mimetype),
    fileName: text(raw.fileName),
    fileLength: num(raw.fileLength),
    caption: text(raw.caption),
    seconds: num(raw.seconds),
    voiceNote: raw.voiceNote === true,
    width: num(raw.width),
    height: num(raw.height),
  };
}

/** 1536 → "1.5 KB"; 3 → "3 bytes". */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} byte${n === 1 ? '' : 's'}`;
  const units = ['KB', 'MB', 'GB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 10 ? Math.round(v) : Math.round(v * 10) / 10} ${units[i]}`;
}

/** 75 → "1:15". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

const MIME = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;

/** A file's type as the send DTO accepts it (lower case, type/subtype); unknown → octet-stream. */
export function fileMimetype(file: File): string {
  const t = file.type.toLowerCase().split(';')[0]!.trim();
  return MIME.test(t) ? t : 'application/octet-stream';
}

/**
 * How a file is sent: as a photo, video or audio when WhatsApp shows that type inline, else as a
 * document (which carries any file).
 */
export function sendTypeFor(mimetype: string): SendMediaType {
  if (['image/jpeg', 'image/png', 'image/webp', 'image/gif'].includes(mimetype)) return 'image';
  if (['video/mp4', 'video/3gpp', 'video/quicktime'].includes(mimetype)) return 'video';
  if (mimetype.startsWith('audio/')) return 'audio';
  return 'document';
}

export const SEND_TYPE_WORDS: Record<SendMediaType, string> = { image: 'photo', video: 'video', audio: 'audio', document: 'document' };

/** Why a file cannot be sent, in words; null when it can. */
export function fileProblem(file: File): string | null {
  if (file.size === 0) return `“${file.name}” is empty: choose another file.`;
  if (file.size > SEND_MAX_BYTES) {
    return `“${file.name}” is ${formatBytes(file.size)}: the gateway takes files of up to ${formatBytes(SEND_MAX_BYTES)}. Choose a smaller file.`;
  }
  return null;
}

/** The file's bytes as base64 (without the data: prefix). */
export function fileToBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(new Error('the file could not be read; it may have been moved or changed'));
    reader.readAsDataURL(file);
  });
}

// --- Downloaded media, per message --------------------------------------------------------------

/** Keep at most this many bytes of downloaded media in memory (least recently used go first). */
const CACHE_MAX_BYTES = 64 * 1024 * 1024;
const blobs = new Map<string, Blob>();
let cachedBytes = 0;
/** Answers that will not change (404: not kept, 410: deleted for everyone). */
const failures = new Map<string, ApiError>();
const inFlight = new Map<string, Promise<Blob>>();

function cacheKey(sessionId: string, messageId: string): string {
  return `${sessionId}/${messageId}`;
}

/** The media of a message when it was downloaded already. */
export function cachedMedia(sessionId: string, messageId: string): Blob | undefined {
  const key = cacheKey(sessionId, messageId);
  const blob = blobs.get(key);
  if (blob) {
    // Most recently used last.
    blobs.delete(key);
    blobs.set(key, blob);
  }
  return blob;
}

/** A failure of this media that a retry would not change. */
export function knownMediaFailure(sessionId: string, messageId: string): ApiError | undefined {
  return failures.get(cacheKey(sessionId, messageId));
}

/**
 * Downloads the bytes of a message's media (GET .../messages/{id}/media, with the key), once per
 * message: concurrent asks share one request, and the bytes are kept for the next time.
 */
export function loadMedia(client: GatewayClient, sessionId: string, messageId: string): Promise<Blob> {
  const key = cacheKey(sessionId, messageId);
  const cached = cachedMedia(sessionId, messageId);
  if (cached) return Promise.resolve(cached);
  const failed = failures.get(key);
  if (failed) return Promise.reject(failed);
  let pending = inFlight.get(key);
  if (pending) return pending;
  pending = call(
    client.GET('/api/v1/sessions/{session}/messages/{id}/media', {
      params: { path: { session: sessionId, id: messageId } },
      parseAs: 'blob',
    }),
  ).then(
    (data) => {
      const blob = data as unknown;
      if (!(blob instanceof Blob)) throw new Error('the gateway answered without the media');
      remember(key, blob);
      return blob;
    },
    (err: unknown) => {
      if (err instanceof ApiError && (err.status === 404 || err.status === 410)) failures.set(key, err);
      throw err;
    },
  );
  pending.then(
    () => inFlight.delete(key),
    () => inFlight.delete(key),
  );
  inFlight.set(key, pending);
  return pending;
}

function remember(key: string, blob: Blob): void {
  if (blob.size > CACHE_MAX_BYTES) return;
  blobs.set(key, blob);
  cachedBytes += blob.size;
  for (const [k, b] of blobs) {
    if (cachedBytes <= CACHE_MAX_BYTES) break;
    blobs.delete(k);
    cachedBytes -= b.size;
  }
}

/** Keep bytes this dashboard already has (a file it just sent) as the media of that message. */
export function primeMedia(sessionId: string, messageId: string, blob: Blob): void {
  const key = cacheKey(sessionId, messageId);
  if (!blobs.has(key)) remember(key, blob);
}

/** Forget a message's media (it was deleted for everyone). */
export function forgetMedia(sessionId: string, messageId: string): void {
  const key = cacheKey(sessionId, messageId);
  const blob = blobs.get(key);
  if (blob) {
    blobs.delete(key);
    cachedBytes -= blob.size;
  }
}
