import type { ServerContext } from '../server/context';
import {
  acceptAddRequest,
  createGroup,
  groupByInvite,
  inviteCode,
  joinByInvite,
  leaveGroup,
  revokeInvite,
  setDescription,
  setEphemeral,
  setSetting,
  setSubject,
  updateParticipants,
  type CreateOptions,
  type GroupSetting,
  type ParticipantAction,
  type ParticipantResult,
} from '../server/group-ops';
import type { Group } from '../world/group';
import { Account, Contact, type Party, type World } from '../world/world';

export type GroupRef = Group | string;
/** An account or contact, or a jid / phone number of one. */
export type PartyRef = Account | Contact | string;

export function toParty(world: World, ref: PartyRef): Party {
  if (ref instanceof Account) return { kind: 'account', account: ref };
  if (ref instanceof Contact) return { kind: 'contact', contact: ref };
  const p = world.resolve(ref.includes('@') ? ref : `${ref.replace(/^\+/, '')}@s.whatsapp.net`);
  if (!p) throw new Error(`unknown party ${ref}`);
  return p;
}

/**
 * What a participant does to groups from its phone (an emulated contact, or an account's own
 * phone): the same rules and `w:g2` notifications as the iqs of a linked device. Refusals throw a
 * GroupError (`code` 401 not an admin, 403 not a participant, 404 no such group, ...).
 */
export class GroupActor {
  constructor(
    private readonly ctx: ServerContext,
    readonly actor: Party,
  ) {}

  private get world(): World {
    return this.ctx.world;
  }

  private group(ref: GroupRef): Group {
    return this.world.group(ref);
  }

  /** Creates a group with this party as its creator (superadmin); see `emulator.createGroup` for `opts`. */
  create(subject: string, participants: PartyRef[], opts: CreateOptions = {}): { group: Group; results: ParticipantResult[] } {
    return createGroup(this.world, this.actor, subject, participants.map((p) => toParty(this.world, p)), opts);
  }

  updateParticipants(group: GroupRef, participants: PartyRef[], action: ParticipantAction): ParticipantResult[] {
    // Jids and numbers stay strings: one the world does not know gets its 404 result.
    const targets = participants.map((p) =>
      typeof p !== 'string' ? toParty(this.world, p) : p.includes('@') ? p : `${p.replace(/^\+/, '')}@s.whatsapp.net`,
    );
    return updateParticipants(this.world, this.group(group), this.actor, action, targets);
  }

  add(group: GroupRef, participants: PartyRef[]) {
    return this.updateParticipants(group, participants, 'add');
  }

  remove(group: GroupRef, participants: PartyRef[]) {
    return this.updateParticipants(group, participants, 'remove');
  }

  promote(group: GroupRef, participants: PartyRef[]) {
    return this.updateParticipants(group, participants, 'promote');
  }

  demote(group: GroupRef, participants: PartyRef[]) {
    return this.updateParticipants(group, participants, 'demote');
  }

  setSubject(group: GroupRef, subject: string): void {
    setSubject(this.world, this.group(group), this.actor, subject);
  }

  /** An empty text deletes the description. */
  setDescription(group: GroupRef, text: string): void {
    const g = this.group(group);
    setDescription(this.world, g, this.actor, text, { prev: g.description?.id });
  }

  /** announcement (only admins send) / not_announcement / locked (only admins edit info) / unlocked. */
  setSetting(group: GroupRef, setting: GroupSetting): void {
    setSetting(this.world, this.group(group), this.actor, setting);
  }

  /** Disappearing messages: 0 (off), 86400, 604800 or 7776000 seconds. */
  setEphemeral(group: GroupRef, seconds: number): void {
    setEphemeral(this.world, this.group(group), this.actor, seconds);
  }

  inviteCode(group: GroupRef): string {
    return inviteCode(this.group(group), this.actor);
  }

  /** Resets the invite link; returns the new code. */
  revokeInvite(group: GroupRef): string {
    return revokeInvite(this.world, this.group(group), this.actor);
  }

  /** The group an invite code opens (410 reset, 406 unknown). */
  inviteInfo(code: string): Group {
    return groupByInvite(this.world, code);
  }

  /** Joins through an invite link (members get an `add` with reason `invite`). */
  join(code: string): Group {
    return joinByInvite(this.world, this.actor, code);
  }

  /** Accepts the invite of a 403 add result (`addRequest.code`). */
  acceptInvite(group: GroupRef, code: string): void {
    acceptAddRequest(this.world, this.group(group), this.actor, code);
  }

  leave(group: GroupRef): void {
    leaveGroup(this.world, this.group(group), this.actor);
  }
}
