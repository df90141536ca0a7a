/**
 * The checks on a profile picture upload the DTO cannot express: the bytes are a PNG or JPEG
 * (by their signature, whatever the declared type), within the size limit, and their dimensions
 * (read from the header, before any image library decodes them) neither too small for WhatsApp
 * nor so large that decoding them would be a memory bomb.
 */

/** The largest picture accepted, in bytes (decoded). */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
/** WhatsApp shows profile pictures at 640×640; a side under 192 pixels is refused as too small. */
export const PICTURE_MIN_SIDE = 192;
/** Longest side accepted (decoding is bounded by this, not by what the header claims beyond it). */
export const PICTURE_MAX_SIDE = 8192;

export type PictureCheck = { ok: true; format: 'jpeg' | 'png'; width: number; height: number } | { ok: false; tooLarge?: boolean; problem: string };

export function checkPicture(data: Buffer): PictureCheck {
  if (data.length > PICTURE_MAX_BYTES) return { ok: false, tooLarge: true, problem: `the picture is larger than ${PICTURE_MAX_BYTES} bytes` };
  const format = isPng(data) ? 'png' : isJpeg(data) ? 'jpeg' : undefined;
  if (!format) return { ok: false, problem: 'the picture must be a JPEG or PNG image' };
  const size = format === 'png' ? pngSize(data) : jpegSize(data);
  if (!size) return { ok: false, problem: `the ${format.toUpperCase()} image is damaged (no dimensions found)` };
  const { width, height } = size;
  if (Math.min(width, height) < PICTURE_MIN_SIDE) return { ok: false, problem: `the picture is ${width}×${height}; each side must be at least ${PICTURE_MIN_SIDE} pixels` };
  if (Math.max(width, height) > PICTURE_MAX_SIDE) return { ok: false, problem: `the picture is ${width}×${height}; no side may exceed ${PICTURE_MAX_SIDE} pixels` };
  return { ok: true, format, width, height };
}

const PNG_SIGNATURE = Buffer.from('89504e470d0a1a0a', 'hex');

function isPng(b: Buffer): boolean {
  return b.length >= 8 && b.subarray(0, 8).equals(PNG_SIGNATURE);
}

function isJpeg(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

/** PNG: the first chunk is IHDR, width and height big-endian at 16 and 20. */
function pngSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/** JPEG: the dimensions are in the first start-of-frame segment (SOF0..SOF15 but DHT, JPG, DAC). */
function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    if (marker === 0xd9 || marker === 0xda) return undefined;
    i += 2 + b.readUInt16BE(i + 2);
  }
  return undefined;
}
