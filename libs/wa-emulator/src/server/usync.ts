import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import { contactsStats, profileOf } from '../world/profiles';
import type { Party, World } from '../world/world';

/** Device ids the world reports for a user: contacts have one phone (0), accounts their companions. */
function devicesNode(world: World, jid: string): BinaryNode {
  const party = world.resolve(jid);
  const devices: BinaryNode[] = [];
  if (party?.kind === 'contact') devices.push({ tag: 'device', attrs: { id: '0' } });
  if (party?.kind === 'account') {
    for (const d of party.account.devices.values()) {
      devices.push({ tag: 'device', attrs: { id: String(d.id), 'key-index': String(d.keyIndex) } });
    }
  }
  return { tag: 'devices', attrs: {}, content: [{ tag: 'device-list', attrs: {}, content: devices }] };
}

/** The about text of a user: `401` when its privacy hides it, empty content when none is set. */
function statusNode(party: Party): BinaryNode {
  const profile = profileOf(party.kind === 'account' ? party.account : party.contact);
  if (profile.aboutVisibility === 'none') return { tag: 'status', attrs: { code: '401', type: 'fail' } };
  if (!profile.about) return { tag: 'status', attrs: {} };
  return { tag: 'status', attrs: { t: String(profile.about.setAt) }, content: Buffer.from(profile.about.text) };
}

/** Answers `iq xmlns=usync` for the devices, lid, contact and status protocols (others answered empty); counted in contactsStats. */
export function answerUsync(world: World, iq: BinaryNode): BinaryNode[] {
  const usync = getBinaryNodeChild(iq, 'usync');
  const protocols = (getBinaryNodeChild(usync, 'query')?.content as BinaryNode[] | undefined)?.map((p) => p.tag) ?? [];
  const users = getBinaryNodeChildren(getBinaryNodeChild(usync, 'list'), 'user');
  const stats = contactsStats(world);
  stats.usyncQueries++;
  if (protocols.includes('contact')) {
    stats.contactQueries++;
    stats.contactQueryUsers += users.length;
  }
  const out: BinaryNode[] = [];
  for (const user of users) {
    let jid = user.attrs.jid;
    const contactChild = getBinaryNodeChild(user, 'contact');
    if (!jid && contactChild?.content) {
      const phone = Buffer.from(contactChild.content as Uint8Array).toString().replace(/[^0-9]/g, '');
      jid = `${phone}@s.whatsapp.net`;
    }
    if (!jid) continue;
    const party = world.resolve(jid);
    const isLid = jid.endsWith('@lid');
    const content: BinaryNode[] = [];
    for (const p of protocols) {
      if (p === 'devices') content.push(devicesNode(world, jid));
      else if (p === 'lid' && party && !isLid) {
        const lid = party.kind === 'account' ? party.account.lidJid : party.contact.lidJid;
        content.push({ tag: 'lid', attrs: { val: lid } });
      } else if (p === 'contact') content.push({ tag: 'contact', attrs: { type: party ? 'in' : 'out' } });
      else if (p === 'status' && party) content.push(statusNode(party));
    }
    out.push({ tag: 'user', attrs: { jid: jid.replace(/:\d+@/, '@') }, content });
  }
  return [
    {
      tag: 'usync',
      attrs: { sid: usync?.attrs.sid ?? '', index: '0', last: 'true', mode: usync?.attrs.mode ?? 'query', context: usync?.attrs.context ?? '' },
      content: [
        { tag: 'result', attrs: {} },
        { tag: 'list', attrs: {}, content: out },
      ],
    },
  ];
}
