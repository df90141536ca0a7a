/** The groups section of a connection: WhatsApp groups the number is in, and changing them. */

export type GroupRole = 'member' | 'admin' | 'superadmin';

/** A member. `jid` is the form WhatsApp addresses it by in this group (LID or phone number); both forms where known. */
export interface GroupParticipant {
  jid: string;
  /** Phone-number JID (`<digits>@s.whatsapp.net`). */
  phoneNumber?: string;
  /** LID (`<digits>@lid`). */
  lid?: string;
  role: GroupRole;
}

export interface GroupMetadata {
  jid: string;
  subject: string;
  /** Who set the subject, and when. */
  subjectBy?: string;
  subjectAt?: Date;
  description?: string;
  /** WhatsApp's id of the current description (a change names the one it replaces). */
  descriptionId?: string;
  /** Who created the group, and when. */
  owner?: string;
  createdAt?: Date;
  /** Only admins send messages. */
  announce: boolean;
  /** Only admins edit the group's subject, description and settings. */
  locked: boolean;
  /** How the group addresses its members: by LID (current groups) or by phone number. */
  addressingMode?: 'lid' | 'pn';
  participants: GroupParticipant[];
}

export type ParticipantAction = 'add' | 'remove' | 'promote' | 'demote';

/**
 * What happened to one participant of a request, as WhatsApp answered it (`code` is its status:
 * 200 done, 403 privacy settings (an invitation is needed), 404 not on WhatsApp, 409 already in
 * (add) or not in (remove), 401 not allowed, ...).
 */
export interface ParticipantResult {
  /** The JID WhatsApp answered with, and both forms where it said. */
  jid: string;
  phoneNumber?: string;
  lid?: string;
  code: number;
  outcome: 'done' | 'invite_required' | 'not_on_whatsapp' | 'already_member' | 'not_member' | 'not_allowed' | 'failed';
  /** With `invite_required`: the invitation WhatsApp made for this participant. */
  invite?: { code: string; expiresAt?: Date };
}

/** What changed in a group, from a notification (a subset of GroupMetadata) and who did it. */
export interface GroupChange {
  jid: string;
  subject?: string;
  description?: string | null;
  announce?: boolean;
  locked?: boolean;
  /** The invitation code was revoked (a new one exists). */
  inviteRevoked?: boolean;
  /** Who made the change (a participant JID), when WhatsApp says. */
  by?: string;
}

/** Members added, removed, promoted or demoted, from a notification, and who did it. */
export interface GroupParticipantsChange {
  jid: string;
  action: ParticipantAction;
  participants: { jid: string; phoneNumber?: string; lid?: string }[];
  by?: string;
}

/** What a connection does with groups (`connection.groups`). */
export interface GroupsPort {
  /** Every group the number is in, from WhatsApp. */
  list(): Promise<GroupMetadata[]>;
  metadata(jid: string): Promise<GroupMetadata>;
  /** Creates a group with these participants (phone-number or LID JIDs); each one's result. */
  create(subject: string, participants: string[]): Promise<{ group: GroupMetadata; results: ParticipantResult[] }>;
  updateParticipants(jid: string, action: ParticipantAction, participants: string[]): Promise<ParticipantResult[]>;
  setSubject(jid: string, subject: string): Promise<void>;
  /** `null` removes the description. */
  setDescription(jid: string, description: string | null): Promise<void>;
  setAnnounce(jid: string, announce: boolean): Promise<void>;
  setLocked(jid: string, locked: boolean): Promise<void>;
  inviteCode(jid: string): Promise<string>;
  /** Revokes the current invitation code; the new one. */
  revokeInvite(jid: string): Promise<string>;
  /** Joins by invitation code; the group's JID. */
  join(code: string): Promise<string>;
  leave(jid: string): Promise<void>;
}
