import { randomBytes } from 'node:crypto';
import type { BinaryNode } from '@whiskeysockets/baileys';
import { newInviteCode, partyIds, type Group } from '../world/group';
import type { Party, World } from '../world/world';
import { nowSeconds } from './context';
import { contactAddress } from './delivery';
import { groupNode, participantNode } from './group-nodes';
import { notifyGroup } from './group-notify';

/**
 * What WhatsApp answers a refused group iq with (`<error code text>`): 401 not-authorized (a member
 * without the admin rights the change needs), 403 forbidden (not a participant), 404 item-not-found
 * (no such group), 406 not-acceptable (bad subject, malformed invite code), 409 conflict (stale
 * description id), 410 gone (an invite code that was reset), 400 bad-request.
 */
export class GroupError extends Error {
  constructor(
    readonly code: number,
    readonly text: string,
  ) {
    super(`group iq refused: ${code} ${text}`);
  }
}

const notAuthorized = () => new GroupError(401, 'not-authorized');
const forbidden = () => new GroupError(403, 'forbidden');
const notAcceptable = () => new GroupError(406, 'not-acceptable');

/** Subject and description limits of current WhatsApp clients (longer ones are refused, 406). */
export const SUBJECT_MAX = 100;
export const DESCRIPTION_MAX = 2048;
/** Disappearing-message timers a group accepts (off, 24 h, 7 days, 90 days); others: 400. */
export const EPHEMERAL_TIMERS = [0, 86_400, 604_800, 7_776_000];
/** How long the invite handed back with a 403 (privacy) add result stays valid: 3 days. */
export const ADD_REQUEST_TTL_S = 3 * 24 * 3600;

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';
export type GroupSetting = 'announcement' | 'not_announcement' | 'locked' | 'unlocked';

/**
 * One participant's outcome in a create or add/remove/promote/demote answer: 200, or 403 (their
 * privacy refuses adds; `addRequest` is the invite an admin can send them instead), 404 (not on
 * WhatsApp / not a participant), 409 (already a participant).
 */
export interface ParticipantResult {
  jid: string;
  code: number;
  party?: Party;
  addRequest?: { code: string; expiration: number };
}

export function findGroup(world: World, jid: string | undefined): Group {
  const g = jid ? world.groups.get(jid) : undefined;
  if (!g) throw new GroupError(404, 'item-not-found');
  return g;
}

function requireMember(group: Group, actor: Party): void {
  if (!group.member(actor)) throw forbidden();
}

function requireAdmin(group: Group, actor: Party): void {
  requireMember(group, actor);
  if (!group.isAdmin(actor)) throw notAuthorized();
}

/** Subject, description and timer: any member, unless the group is `locked` (admins only). */
function requireInfoEditor(group: Group, actor: Party): void {
  requireMember(group, actor);
  if (group.locked && !group.isAdmin(actor)) throw notAuthorized();
}

function validSubject(subject: string): string {
  const s = subject.trim();
  if (!s || [...s].length > SUBJECT_MAX) throw notAcceptable();
  return s;
}

const refusesAdds = (p: Party) => (p.kind === 'account' ? p.account.refusesGroupAdds : p.contact.refusesGroupAdds);

/** The result node of one participant, as in create / add answers. */
export function resultNode(r: ParticipantResult): BinaryNode {
  if (!r.party) return { tag: 'participant', attrs: { jid: r.jid, error: String(r.code) } };
  const attrs: Record<string, string> = r.code === 200 ? {} : { error: String(r.code) };
  const content = r.addRequest
    ? [{ tag: 'add_request', attrs: { code: r.addRequest.code, expiration: String(r.addRequest.expiration) } }]
    : undefined;
  return participantNode(r.party, undefined, attrs, content);
}

/** Adds one party (WhatsApp's per-participant checks) and returns its result. */
function tryAdd(world: World, group: Group, jid: string, party: Party | undefined): ParticipantResult {
  if (!party) return { jid, code: 404 };
  if (group.member(party)) return { jid, code: 409, party };
  if (refusesAdds(party)) {
    const addRequest = { code: randomBytes(12).toString('base64url'), expiration: nowSeconds() + ADD_REQUEST_TTL_S };
    group.addRequests.set(addRequest.code, { lid: partyIds(party).lid, expiration: addRequest.expiration });
    return { jid, code: 403, party, addRequest };
  }
  group.members.set(partyIds(party).lid, { party, role: 'member', since: nowSeconds() });
  return { jid, code: 200, party };
}

const resolveTarget = (world: World, t: string | Party): { jid: string; party?: Party } =>
  typeof t === 'string' ? { jid: t, party: world.resolve(t) } : { jid: partyIds(t).lid, party: t };

/** Settings a group can be created with (a create iq may carry `<announcement/>`, `<locked/>`, `<ephemeral>`). */
export interface CreateOptions {
  /** The client's create key, echoed in the `create` notification. */
  key?: string;
  announce?: boolean;
  locked?: boolean;
  ephemeral?: number;
  description?: string;
  /** TEST SETUP: participants that are admins from the start (WhatsApp would need a promote). */
  admins?: Party[];
}

/**
 * Creates a group: the creator is its `superadmin`, the others are added as by an admin (per
 * participant results: the iq answer lists the failed ones with their error inside `<group>`),
 * and every member gets a `create` notification carrying the whole group.
 */
export function createGroup(
  world: World,
  creator: Party,
  subject: string,
  participants: (string | Party)[],
  opts: CreateOptions = {},
): { group: Group; results: ParticipantResult[] } {
  if (opts.ephemeral !== undefined && !EPHEMERAL_TIMERS.includes(opts.ephemeral)) throw new GroupError(400, 'bad-request');
  const group = world.addGroup(validSubject(subject), creator, nowSeconds());
  group.members.set(partyIds(creator).lid, { party: creator, role: 'superadmin', since: group.creation });
  const results: ParticipantResult[] = [];
  for (const t of participants) {
    const { jid, party } = resolveTarget(world, t);
    if (party && partyIds(party).lid === partyIds(creator).lid) continue; // the creator is in already
    if (party && group.member(party)) continue; // listed twice
    results.push(tryAdd(world, group, jid, party));
  }
  group.announce = !!opts.announce;
  group.locked = !!opts.locked;
  group.ephemeral = opts.ephemeral ?? 0;
  if (opts.description) group.description = { text: opts.description, id: randomBytes(8).toString('hex').toUpperCase(), by: creator, t: group.creation };
  for (const a of opts.admins ?? []) {
    const m = group.member(a);
    if (m && m.role === 'member') m.role = 'admin';
  }
  const attrs: Record<string, string> = { type: 'new' };
  if (opts.key) attrs.key = opts.key;
  notifyGroup(world, group, creator, { tag: 'create', attrs, content: [groupNode(group)] });
  world.emit('group-created', group);
  return { group, results };
}

/** Add / remove / promote / demote (admins only), per participant results; one notification for the ones that changed. */
export function updateParticipants(
  world: World,
  group: Group,
  actor: Party,
  action: ParticipantAction,
  targets: (string | Party)[],
): ParticipantResult[] {
  requireAdmin(group, actor);
  const results: ParticipantResult[] = [];
  const removed: Party[] = [];
  for (const t of targets) {
    const { jid, party } = resolveTarget(world, t);
    if (action === 'add') {
      results.push(tryAdd(world, group, jid, party));
      continue;
    }
    const member = party ? group.member(party) : undefined;
    if (!party || !member) {
      results.push({ jid, code: 404, party });
      continue;
    }
    if (action === 'remove') {
      group.members.delete(partyIds(party).lid);
      removed.push(party);
    } else if (action === 'promote') {
      if (member.role === 'member') member.role = 'admin';
    } else {
      member.role = 'member';
    }
    results.push({ jid, code: 200, party });
  }
  const changed = results.filter((r) => r.code === 200 && r.party).map((r) => r.party!);
  if (changed.length) {
    notifyGroup(world, group, actor, { tag: action, attrs: {}, content: changed.map((p) => participantNode(p)) }, { also: removed });
  }
  if (removed.length) afterDeparture(world, group);
  return results;
}

/** A participant leaves: a `remove` notification whose author is the leaver (Baileys reports it as a leave). */
export function leaveGroup(world: World, group: Group, party: Party): void {
  requireMember(group, party);
  group.members.delete(partyIds(party).lid);
  notifyGroup(world, group, party, { tag: 'remove', attrs: {}, content: [participantNode(party)] }, { also: [party] });
  afterDeparture(world, group);
}

/**
 * After someone left or was removed: the contacts still in the group drop their sender key (the
 * next message distributes a new one, which the departed member never gets), as WhatsApp clients
 * do; and a group without admins gets one (the longest-standing member), as WhatsApp does when the
 * last admin leaves.
 */
function afterDeparture(world: World, group: Group): void {
  for (const p of group.parties()) {
    if (p.kind !== 'contact') continue;
    p.contact.senderKeys.forget(group.jid, contactAddress(p.contact));
    p.contact.keyDistributedTo.delete(group.jid);
  }
  const members = [...group.members.values()];
  if (!members.length || members.some((m) => m.role !== 'member')) return;
  const heir = members.sort((a, b) => a.since - b.since)[0];
  heir.role = 'admin';
  notifyGroup(world, group, undefined, { tag: 'promote', attrs: {}, content: [participantNode(heir.party)] });
}

export function setSubject(world: World, group: Group, actor: Party, subject: string): void {
  requireInfoEditor(group, actor);
  group.subject = validSubject(subject);
  group.subjectBy = actor;
  group.subjectTime = nowSeconds();
  const { lid, pn } = partyIds(actor);
  notifyGroup(world, group, actor, {
    tag: 'subject',
    attrs: { subject: group.subject, s_t: String(group.subjectTime), s_o: lid, s_o_pn: pn },
  });
}

/**
 * Sets (or with an empty text deletes) the description. `prev` names the description id the
 * client replaces: a stale one (someone changed it meanwhile) is refused with 409.
 */
export function setDescription(world: World, group: Group, actor: Party, text: string | undefined, opts: { id?: string; prev?: string } = {}): void {
  requireInfoEditor(group, actor);
  if (opts.prev && group.description && opts.prev !== group.description.id) throw new GroupError(409, 'conflict');
  const id = opts.id ?? randomBytes(8).toString('hex').toUpperCase();
  if (!text) {
    group.description = undefined;
    notifyGroup(world, group, actor, { tag: 'description', attrs: { id }, content: [{ tag: 'delete', attrs: {} }] });
    return;
  }
  if ([...text].length > DESCRIPTION_MAX) throw notAcceptable();
  group.description = { text, id, by: actor, t: nowSeconds() };
  notifyGroup(world, group, actor, { tag: 'description', attrs: { id }, content: [{ tag: 'body', attrs: {}, content: Buffer.from(text) }] });
}

/** announcement / not_announcement / locked / unlocked: admins only; no notification when nothing changes. */
export function setSetting(world: World, group: Group, actor: Party, setting: GroupSetting): void {
  requireAdmin(group, actor);
  const on = setting === 'announcement' || setting === 'locked';
  const key = setting.endsWith('announcement') ? 'announce' : 'locked';
  if (group[key] === on) return;
  group[key] = on;
  notifyGroup(world, group, actor, { tag: setting, attrs: { v_id: String(Date.now()) } });
}

/** Disappearing messages (`ephemeral expiration` / `not_ephemeral`): like the group info, admins only when locked. */
export function setEphemeral(world: World, group: Group, actor: Party, seconds: number): void {
  requireInfoEditor(group, actor);
  if (!EPHEMERAL_TIMERS.includes(seconds)) throw new GroupError(400, 'bad-request');
  group.ephemeral = seconds;
  const child: BinaryNode = seconds ? { tag: 'ephemeral', attrs: { expiration: String(seconds) } } : { tag: 'not_ephemeral', attrs: {} };
  notifyGroup(world, group, actor, child);
}

/** The invite code (admins only, 401 for other members). */
export function inviteCode(group: Group, actor: Party): string {
  requireAdmin(group, actor);
  return group.inviteCode;
}

/** Resets the invite link: the old code is gone (410), members get an `invite` notification with the new one. */
export function revokeInvite(world: World, group: Group, actor: Party): string {
  requireAdmin(group, actor);
  group.revokedCodes.add(group.inviteCode);
  group.inviteCode = newInviteCode();
  notifyGroup(world, group, actor, { tag: 'invite', attrs: { code: group.inviteCode } });
  return group.inviteCode;
}

/** The group an invite code opens: 410 for a code that was reset, 406 for one that never existed. */
export function groupByInvite(world: World, code: string): Group {
  for (const g of world.groups.values()) if (g.inviteCode === code) return g;
  for (const g of world.groups.values()) if (g.revokedCodes.has(code)) throw new GroupError(410, 'gone');
  throw notAcceptable();
}

/**
 * Joins through an invite link. The members' notification is an `add` with `reason="invite"`, and
 * like WhatsApp's it names no author (`notify="invite"` instead). A participant joins once.
 */
export function joinByInvite(world: World, party: Party, code: string): Group {
  const group = groupByInvite(world, code);
  if (group.member(party)) return group;
  group.members.set(partyIds(party).lid, { party, role: 'member', since: nowSeconds() });
  notifyGroup(world, group, undefined, { tag: 'add', attrs: { reason: 'invite' }, content: [participantNode(party)] }, { attrs: { notify: 'invite' } });
  return group;
}

/**
 * Accepts the invite an admin sent after a 403 add (Baileys `groupAcceptInviteV4`): valid for the
 * invited participant until it expires (then 410).
 */
export function acceptAddRequest(world: World, group: Group, party: Party, code: string): void {
  const req = group.addRequests.get(code);
  if (!req || req.lid !== partyIds(party).lid) throw notAcceptable();
  if (req.expiration < nowSeconds()) throw new GroupError(410, 'gone');
  group.addRequests.delete(code);
  if (group.member(party)) return;
  group.members.set(req.lid, { party, role: 'member', since: nowSeconds() });
  notifyGroup(world, group, party, { tag: 'add', attrs: {}, content: [participantNode(party)] });
}
