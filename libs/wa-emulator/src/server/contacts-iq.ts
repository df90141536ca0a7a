import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { Connection } from './connection';
import type { ServerContext } from './context';
import { blocklistOf, contactsStats, profileOf } from '../world/profiles';
import type { Party } from '../world/world';

const partyOf = (p: Party) => (p.kind === 'account' ? p.account : p.contact);

/**
 * Contact iqs: profile pictures (`w:profile:picture` get), the block list (`blocklist` get/set)
 * and business profiles (`w:biz` get). Answers as WhatsApp does, errors included: a picture hidden
 * by privacy is `401 not-authorized`, none set `404 item-not-found`, a malformed block request
 * `400 bad-request`. Returns false for iqs it does not handle (the caller answers those).
 */
export function handleContactsIq(ctx: ServerContext, conn: Connection, iq: BinaryNode): boolean {
  switch (iq.attrs.xmlns) {
    case 'w:profile:picture':
      if (iq.attrs.type !== 'get') return false;
      answerPicture(ctx, conn, iq);
      return true;
    case 'blocklist':
      answerBlocklist(ctx, conn, iq);
      return true;
    case 'w:biz':
      if (!getBinaryNodeChild(iq, 'business_profile')) return false;
      answerBusiness(ctx, conn, iq);
      return true;
    default:
      return false;
  }
}

function answerPicture(ctx: ServerContext, conn: Connection, iq: BinaryNode): void {
  contactsStats(ctx.world).pictureQueries++;
  const target = iq.attrs.target;
  const request = getBinaryNodeChild(iq, 'picture');
  if (!target || !request) return conn.sendIqError(iq, 400, 'bad-request');
  const party = ctx.world.resolve(target);
  // Groups and channels have pictures of their own: none modelled.
  if (!party) return conn.sendIqError(iq, 404, 'item-not-found');
  const profile = profileOf(partyOf(party));
  const self = party.kind === 'account' && party.account === conn.account;
  if (!self && profile.pictureVisibility === 'none') return conn.sendIqError(iq, 401, 'not-authorized');
  if (!profile.picture) return conn.sendIqError(iq, 404, 'item-not-found');
  const { id, url, directPath } = profile.picture;
  conn.sendIqResult(iq, [{ tag: 'picture', attrs: { id, url, direct_path: directPath, type: request.attrs.type ?? 'preview' } }]);
}

function answerBlocklist(ctx: ServerContext, conn: Connection, iq: BinaryNode): void {
  const account = conn.account;
  if (!account) return conn.sendIqError(iq, 401, 'not-authorized');
  const blocked = blocklistOf(account);
  if (iq.attrs.type === 'get') {
    const items = [...blocked].map(([lid, pn]) => ({ tag: 'item', attrs: { jid: `${lid}@lid`, pn_jid: `${pn}@s.whatsapp.net` } }));
    return conn.sendIqResult(iq, [{ tag: 'list', attrs: {}, content: items }]);
  }
  if (iq.attrs.type !== 'set') return conn.sendIqError(iq, 400, 'bad-request');
  const items = getBinaryNodeChildren(iq, 'item');
  if (items.length !== 1) return conn.sendIqError(iq, 400, 'bad-request');
  const { action, jid, pn_jid: pnJid } = items[0].attrs;
  // WhatsApp names the blocked user by its LID; a block also carries the phone number.
  if ((action !== 'block' && action !== 'unblock') || !jid?.endsWith('@lid')) return conn.sendIqError(iq, 400, 'bad-request');
  const party = ctx.world.resolve(jid);
  if (!party) return conn.sendIqError(iq, 404, 'item-not-found');
  const user = partyOf(party);
  if (action === 'block') {
    const pnParty = pnJid?.endsWith('@s.whatsapp.net') ? ctx.world.resolve(pnJid) : undefined;
    if (!pnParty || partyOf(pnParty) !== user) return conn.sendIqError(iq, 400, 'bad-request');
    blocked.set(user.lid, user.phone);
  } else {
    blocked.delete(user.lid);
  }
  ctx.world.emit('blocklist', account, user, action);
  conn.sendIqResult(iq);
}

function answerBusiness(ctx: ServerContext, conn: Connection, iq: BinaryNode): void {
  const query = getBinaryNodeChild(iq, 'business_profile');
  const profiles: BinaryNode[] = [];
  for (const p of getBinaryNodeChildren(query, 'profile')) {
    const party = ctx.world.resolve(p.attrs.jid);
    const business = party ? profileOf(partyOf(party)).business : undefined;
    if (!party || !business) continue;
    const content: BinaryNode[] = [{ tag: 'description', attrs: {}, content: Buffer.from(business.description) }];
    if (business.category) content.push({ tag: 'categories', attrs: {}, content: [{ tag: 'category', attrs: { id: '1' }, content: Buffer.from(business.category) }] });
    if (business.email) content.push({ tag: 'email', attrs: {}, content: Buffer.from(business.email) });
    if (business.website) content.push({ tag: 'website', attrs: {}, content: Buffer.from(business.website) });
    profiles.push({ tag: 'profile', attrs: { jid: p.attrs.jid.replace(/:\d+@/, '@') }, content });
  }
  conn.sendIqResult(iq, [{ tag: 'business_profile', attrs: { v: query?.attrs.v ?? '244' }, content: profiles }]);
}

