import { randomBytes } from 'node:crypto';
import type { Party } from './world';

/** A participant's rank: the creator is `superadmin`, admins `admin`; plain members carry no type. */
export type GroupRole = 'member' | 'admin' | 'superadmin';

export interface GroupMember {
  party: Party;
  role: GroupRole;
  /** When the participant joined (seconds). */
  since: number;
}

export interface GroupDescription {
  text: string;
  /** Changes each time: a client names the one it replaces (`prev`). */
  id: string;
  by: Party;
  t: number;
}

/** The LID jid, phone-number jid and push name of a party: groups address participants by LID. */
export function partyIds(p: Party): { lid: string; pn: string; name: string } {
  const x = p.kind === 'account' ? p.account : p.contact;
  return { lid: x.lidJid, pn: x.pnJid, name: x.name };
}

/** Invite codes are 22 characters of base64url, as in `chat.whatsapp.com/<code>` links. */
export const newInviteCode = () => randomBytes(16).toString('base64url').slice(0, 22);

/**
 * A WhatsApp group as the server keeps it. Groups are LID-addressed: participants are known by
 * their LID (`<lid>@lid`), with their phone number alongside (`phone_number`), and members' devices
 * are addressed as `<lid>:<device>@lid`.
 */
export class Group {
  /** Participants by LID jid (`<lid>@lid`), in join order. */
  readonly members = new Map<string, GroupMember>();
  subjectBy?: Party;
  subjectTime: number;
  description?: GroupDescription;
  /** `announcement`: only admins may send messages. */
  announce = false;
  /** `locked`: only admins may edit the group info (subject, description, disappearing timer). */
  locked = false;
  /** Disappearing-messages timer in seconds (0 = off). */
  ephemeral = 0;
  inviteCode = newInviteCode();
  /** Metadata queries (`<query request="interactive"/>`) devices made of this group: a client that caches metadata makes few. */
  metadataQueries = 0;
  /** Codes that were reset: looking one up answers 410 (gone), unlike an unknown code (406). */
  readonly revokedCodes = new Set<string>();
  /** Invites handed back with 403 (privacy) add results, by code: for that participant, until `expiration`. */
  readonly addRequests = new Map<string, { lid: string; expiration: number }>();

  constructor(
    /** The digits before `@g.us`. */
    readonly id: string,
    readonly creator: Party,
    public subject: string,
    readonly creation: number,
  ) {
    this.subjectBy = creator;
    this.subjectTime = creation;
  }

  get jid(): string {
    return `${this.id}@g.us`;
  }

  member(p: Party): GroupMember | undefined {
    return this.members.get(partyIds(p).lid);
  }

  isAdmin(p: Party): boolean {
    const role = this.member(p)?.role;
    return role === 'admin' || role === 'superadmin';
  }

  parties(): Party[] {
    return [...this.members.values()].map((m) => m.party);
  }
}
