import { getBinaryNodeChild, type BinaryNode } from '@whiskeysockets/baileys';
import { profileOf } from '../world/profiles';
import type { Account, World } from '../world/world';
import type { Connection } from './connection';
import { nowSeconds, type ServerContext } from './context';

/** The longest about text WhatsApp takes (in characters). */
export const ABOUT_MAX_CHARS = 139;
/** The largest profile picture a client may upload: clients resize to 640×640 before sending. */
export const PICTURE_MAX_SIDE = 640;
export const PICTURE_MAX_BYTES = 1024 * 1024;

/** Picture ids: increasing numbers, as WhatsApp's are. */
let pictureSeq = 1_700_000_000;

/**
 * A device changes its own account's profile (what `world/profiles` keeps and contacts see:
 * usync `status`, `w:profile:picture` get in contacts-iq).
 *
 * `iq xmlns=status type=set`: the about text (`<status>`, UTF-8). Refused with 400 `bad-request`
 * when it is longer than WhatsApp allows.
 */
export function handleStatusIq(ctx: ServerContext, conn: Connection, iq: BinaryNode): void {
  const account = conn.account;
  const node = getBinaryNodeChild(iq, 'status');
  if (!account) return conn.sendIqError(iq, 401, 'not-authorized');
  if (iq.attrs.type !== 'set' || !node) return conn.sendIqError(iq, 400, 'bad-request');
  const text = node.content === undefined ? '' : Buffer.from(node.content as Uint8Array | string).toString('utf8');
  if ([...text].length > ABOUT_MAX_CHARS) return conn.sendIqError(iq, 400, 'bad-request');
  profileOf(account).about = { text, setAt: nowSeconds() };
  ctx.world.emit('profile', account, 'about');
  conn.sendIqResult(iq);
}

/**
 * `iq xmlns=w:profile:picture type=set` without a target (or targeting the account itself):
 * `<picture type="image">` with a JPEG sets the picture, no `<picture>` removes it. Anything but a
 * JPEG of at most 640×640 pixels and 1 MB is refused (400 `bad-request`): clients resize before
 * uploading. The JPEG is then served from the media host. Returns false for what it does not
 * handle (gets, answered in contacts-iq; a group's picture, not modelled).
 */
export function handleProfilePictureSet(ctx: ServerContext, conn: Connection, iq: BinaryNode): boolean {
  const account = conn.account;
  if (iq.attrs.type !== 'set' || !account) return false;
  if (iq.attrs.target && !isSelf(ctx.world, account, iq.attrs.target)) return false;
  const profile = profileOf(account);
  const node = getBinaryNodeChild(iq, 'picture');
  if (!node) {
    profile.picture = undefined;
    ctx.world.emit('profile', account, 'picture');
    conn.sendIqResult(iq);
    return true;
  }
  const jpeg = node.content instanceof Uint8Array ? Buffer.from(node.content) : undefined;
  const size = jpeg ? jpegSize(jpeg) : undefined;
  if (!jpeg || node.attrs.type !== 'image' || jpeg.length > PICTURE_MAX_BYTES || !size || size.width > PICTURE_MAX_SIDE || size.height > PICTURE_MAX_SIDE) {
    conn.sendIqError(iq, 400, 'bad-request');
    return true;
  }
  const { directPath, url } = ctx.media.put(jpeg, 'pp');
  const id = String(++pictureSeq);
  profile.picture = { id, directPath, url, bytes: jpeg };
  ctx.world.emit('profile', account, 'picture');
  conn.sendIqResult(iq, [{ tag: 'picture', attrs: { id } }]);
  return true;
}

function isSelf(world: World, account: Account, jid: string): boolean {
  const party = world.resolve(jid);
  return party?.kind === 'account' && party.account === account;
}

/** Width and height of a baseline or progressive JPEG (its SOF segment); undefined for anything else. */
export function jpegSize(b: Buffer): { width: number; height: number } | undefined {
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return undefined;
    const marker = b[i + 1];
    if (marker === 0xff) {
      i++;
      continue;
    }
    const length = b.readUInt16BE(i + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
    if (marker === 0xd9 || marker === 0xda) return undefined;
    i += 2 + length;
  }
  return undefined;
}
