import { generateMessageIDV2, getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode, type GroupMetadata as BaileysGroup, type WASocket } from '@whiskeysockets/baileys';
// Baileys' own parser of a <group> answer (not exported by the package's index).
import { extractGroupMetadata } from '@whiskeysockets/baileys/lib/Socket/groups.js';
import { EngineError, GroupChange, GroupMetadata, GroupParticipant, GroupsPort, isLidJid, isUserJid, ParticipantAction, ParticipantResult } from '../port';
import { engineCall } from './engine-error';

/** The groups section of a Baileys connection. */
export class BaileysGroups implements GroupsPort {
  constructor(private readonly socket: WASocket) {}

  async list(): Promise<GroupMetadata[]> {
    const all = await engineCall(() => this.socket.groupFetchAllParticipating());
    return Object.values(all).map(toGroupMetadata);
  }

  async metadata(jid: string): Promise<GroupMetadata> {
    return toGroupMetadata(await engineCall(() => this.socket.groupMetadata(jid)));
  }

  /**
   * As Baileys' groupCreate, keeping WhatsApp's answer: a participant it could not add comes back
   * with an `error` code (and, for privacy settings, the invitation it made).
   */
  async create(subject: string, participants: string[]): Promise<{ group: GroupMetadata; results: ParticipantResult[] }> {
    const answer = await engineCall(() =>
      this.socket.query({
        tag: 'iq',
        attrs: { type: 'set', xmlns: 'w:g2', to: '@g.us' },
        content: [{ tag: 'create', attrs: { subject, key: generateMessageIDV2() }, content: participants.map((jid) => ({ tag: 'participant', attrs: { jid } })) }],
      }),
    );
    const group = toGroupMetadata(extractGroupMetadata(answer));
    const nodes = getBinaryNodeChildren(getBinaryNodeChild(answer, 'group'), 'participant');
    const results = participants.map((jid) => {
      const node = nodes.find((n) => n.attrs.jid === jid || n.attrs.phone_number === jid || n.attrs.lid === jid);
      if (node) return participantResult('add', node);
      const member = group.participants.find((p) => p.jid === jid || p.phoneNumber === jid || p.lid === jid);
      return member ? { jid: member.jid, phoneNumber: member.phoneNumber, lid: member.lid, code: 200, outcome: 'done' as const } : { jid, code: 0, outcome: 'failed' as const };
    });
    // Errored participants are no members, whatever the parser made of their nodes.
    const refused = new Set(results.filter((r) => r.outcome !== 'done').map((r) => r.jid));
    group.participants = group.participants.filter((p) => ![p.jid, p.phoneNumber, p.lid].some((j) => j && refused.has(j)));
    return { group, results };
  }

  async updateParticipants(jid: string, action: ParticipantAction, participants: string[]): Promise<ParticipantResult[]> {
    const answer = await engineCall(() => this.socket.groupParticipantsUpdate(jid, participants, action));
    return answer.map((a) => participantResult(action, a.content));
  }

  async setSubject(jid: string, subject: string): Promise<void> {
    await engineCall(() => this.socket.groupUpdateSubject(jid, subject));
  }

  async setDescription(jid: string, description: string | null): Promise<void> {
    await engineCall(() => this.socket.groupUpdateDescription(jid, description ?? undefined));
  }

  async setAnnounce(jid: string, announce: boolean): Promise<void> {
    await engineCall(() => this.socket.groupSettingUpdate(jid, announce ? 'announcement' : 'not_announcement'));
  }

  async setLocked(jid: string, locked: boolean): Promise<void> {
    await engineCall(() => this.socket.groupSettingUpdate(jid, locked ? 'locked' : 'unlocked'));
  }

  async inviteCode(jid: string): Promise<string> {
    const code = await engineCall(() => this.socket.groupInviteCode(jid));
    if (!code) throw new EngineError('rejected', 'WhatsApp gave no invitation code');
    return code;
  }

  async revokeInvite(jid: string): Promise<string> {
    const code = await engineCall(() => this.socket.groupRevokeInvite(jid));
    if (!code) throw new EngineError('rejected', 'WhatsApp gave no new invitation code');
    return code;
  }

  async join(code: string): Promise<string> {
    const jid = await engineCall(() => this.socket.groupAcceptInvite(code));
    if (!jid) throw new EngineError('rejected', 'WhatsApp did not say which group was joined');
    return jid;
  }

  async leave(jid: string): Promise<void> {
    await engineCall(() => this.socket.groupLeave(jid));
  }
}

/** A participant's node in WhatsApp's answer to an add, remove, promote or demote. */
function participantResult(action: ParticipantAction, node: BinaryNode): ParticipantResult {
  const id = participantIds(node);
  const code = Number(node.attrs.error ?? 200) || 0;
  const result = (outcome: ParticipantResult['outcome'], more: Partial<ParticipantResult> = {}): ParticipantResult => ({ ...id, code, outcome, ...more });
  if (code === 200) return result('done');
  if (code === 403 && action === 'add') {
    const request = getBinaryNodeChild(node, 'add_request');
    const expiration = Number(request?.attrs.expiration);
    const invite = request?.attrs.code ? { code: request.attrs.code, expiresAt: Number.isFinite(expiration) && expiration > 0 ? new Date(expiration * 1000) : undefined } : undefined;
    return result('invite_required', invite ? { invite } : {});
  }
  if (code === 409) return result(action === 'add' ? 'already_member' : 'failed');
  if (code === 404) return result(action === 'add' ? 'not_on_whatsapp' : 'not_member');
  if (code === 401 || code === 403) return result('not_allowed');
  return result('failed');
}

/** A participant node's JID and both forms (`jid` is a LID or a phone number; `phone_number` / `lid` the other). */
function participantIds(node: BinaryNode): Pick<ParticipantResult, 'jid' | 'phoneNumber' | 'lid'> {
  const jid = node.attrs.jid;
  const phoneNumber = isUserJid(jid) ? jid : node.attrs.phone_number && isUserJid(node.attrs.phone_number) ? node.attrs.phone_number : undefined;
  const lid = isLidJid(jid) ? jid : node.attrs.lid && isLidJid(node.attrs.lid) ? node.attrs.lid : undefined;
  return { jid, ...(phoneNumber ? { phoneNumber } : {}), ...(lid ? { lid } : {}) };
}

/** Baileys' group metadata in the port's terms (each participant with both JID forms where known). */
export function toGroupMetadata(g: BaileysGroup): GroupMetadata {
  return {
    jid: g.id,
    subject: g.subject ?? '',
    subjectBy: g.subjectOwnerPn ?? g.subjectOwner ?? undefined,
    subjectAt: g.subjectTime ? new Date(g.subjectTime * 1000) : undefined,
    description: g.desc ?? undefined,
    descriptionId: g.descId ?? undefined,
    owner: g.ownerPn ?? g.owner ?? undefined,
    createdAt: g.creation ? new Date(g.creation * 1000) : undefined,
    announce: Boolean(g.announce),
    locked: Boolean(g.restrict),
    addressingMode: g.addressingMode === 'lid' ? 'lid' : g.addressingMode === 'pn' ? 'pn' : undefined,
    participants: (g.participants ?? []).map(toParticipant),
  };
}

function toParticipant(p: BaileysGroup['participants'][number]): GroupParticipant {
  return {
    jid: p.id,
    phoneNumber: isUserJid(p.id) ? p.id : p.phoneNumber && isUserJid(p.phoneNumber) ? p.phoneNumber : undefined,
    lid: isLidJid(p.id) ? p.id : p.lid && isLidJid(p.lid) ? p.lid : undefined,
    role: p.admin === 'superadmin' ? 'superadmin' : p.admin === 'admin' ? 'admin' : 'member',
  };
}

/** The port's metadata back in Baileys' shape (for `cachedGroupMetadata`: what a send to the group needs). */
export function toBaileysGroup(g: GroupMetadata): BaileysGroup {
  return {
    id: g.jid,
    subject: g.subject,
    owner: g.owner,
    creation: g.createdAt ? Math.floor(g.createdAt.getTime() / 1000) : undefined,
    desc: g.description,
    descId: g.descriptionId,
    announce: g.announce,
    restrict: g.locked,
    addressingMode: g.addressingMode as BaileysGroup['addressingMode'],
    size: g.participants.length,
    participants: g.participants.map((p) => ({
      id: p.jid,
      phoneNumber: p.phoneNumber,
      lid: p.lid,
      admin: p.role === 'member' ? null : p.role,
    })),
  };
}

/** A `groups.update` of Baileys (from a group notification) as the port's change. */
export function toGroupChange(u: Partial<BaileysGroup>): GroupChange {
  return {
    jid: u.id!,
    ...(u.subject !== undefined ? { subject: u.subject } : {}),
    ...('desc' in u ? { description: u.desc ?? null } : {}),
    ...(u.announce !== undefined ? { announce: Boolean(u.announce) } : {}),
    ...(u.restrict !== undefined ? { locked: Boolean(u.restrict) } : {}),
    ...(u.inviteCode !== undefined ? { inviteRevoked: true } : {}),
    by: u.authorPn ?? u.author ?? undefined,
  };
}
