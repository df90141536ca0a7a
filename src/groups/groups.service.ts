import { Injectable } from '@nestjs/common';
import { isGroupJid, ParticipantAction, ParticipantResult, WhatsAppConnection } from '@app/whatsapp';
import { onWhatsApp } from '../common/engine-errors';
import { NotFoundError, ValidationError } from '../common/errors';
import { CursorCodec, DEFAULT_LIMIT, Page } from '../common/pagination';
import { SessionAccess } from '../sessions';
import { CreateGroupDto, InviteDto, ParticipantResultDto, UpdateGroupDto } from './dto/group.dto';
import { GroupEntity } from './entities/group.entity';
import { GroupEvents } from './group-events';
import { GroupsRepository } from './groups.repository';
import { userJid } from '../common/jid';

const INVITE_LINK = 'https://chat.whatsapp.com/';
const INVITE_CODE_RE = /^[0-9A-Za-z_-]{6,64}$/;

/**
 * Groups of a session. Reads come from the store (kept by GroupIngest from WhatsApp's
 * notifications, and by every change made here); changes go to WhatsApp, then the group is read
 * again whole and stored. The events of a change come from WhatsApp's notification of it (every
 * member receives one, the session included), recorded once by GroupIngest.
 */
@Injectable()
export class GroupsService {
  constructor(
    private readonly sessions: SessionAccess,
    private readonly repo: GroupsRepository,
    private readonly events: GroupEvents,
    private readonly cursors: CursorCodec,
  ) {}

  async list(orgId: string, sessionId: string, query: { limit?: number; cursor?: string; refresh?: boolean }): Promise<Page<GroupEntity>> {
    if (query.refresh) await this.refreshAll(orgId, sessionId);
    else await this.sessions.require(orgId, sessionId);
    return this.cursors.page(
      { scope: `groups:${sessionId}`, limit: query.limit ?? DEFAULT_LIMIT, cursor: query.cursor },
      (after, n) => this.repo.page(sessionId, n, after),
      (g) => [g.createdAt.toISOString(), g.id],
    );
  }

  /** The stored copy; a group not stored yet is read from WhatsApp when the session is connected here. */
  async get(orgId: string, sessionId: string, jid: string): Promise<GroupEntity> {
    checkGroupJid(jid);
    await this.sessions.require(orgId, sessionId);
    const stored = await this.repo.find(sessionId, jid);
    if (stored) return stored;
    const connection = this.sessions.connection(sessionId);
    if (!connection) throw new NotFoundError('group not found', { jid });
    return this.reread(orgId, sessionId, connection, jid);
  }

  async create(orgId: string, sessionId: string, dto: CreateGroupDto): Promise<{ group: GroupEntity; participants: ParticipantResultDto[] }> {
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const given = dto.participants.map((p) => ({ given: p, jid: userJid(p)! }));
    const { group, results } = await onWhatsApp('creating the group', () => connection.groups.create(dto.subject, given.map((g) => g.jid)));
    if (dto.description) await onWhatsApp('setting the description', () => connection.groups.setDescription(group.jid, dto.description!));
    const [stored] = await this.repo.saveWhole(orgId, sessionId, [dto.description ? { ...group, description: dto.description } : group], (before, after) =>
      this.events.joined(orgId, sessionId, before, after),
    );
    return { group: stored, participants: resultsFor(given, results) };
  }

  /**
   * The group an earlier attempt with the same Idempotency-Key created before it died: answered
   * from the store (WhatsApp's per-participant answers were not kept: the members are in the group).
   */
  async created(orgId: string, sessionId: string, id: string): Promise<{ group: GroupEntity; participants: ParticipantResultDto[] }> {
    await this.sessions.require(orgId, sessionId);
    const group = await this.repo.findById(sessionId, id);
    if (!group) throw new NotFoundError('group not found');
    return { group, participants: [] };
  }

  async update(orgId: string, sessionId: string, jid: string, dto: UpdateGroupDto): Promise<GroupEntity> {
    checkGroupJid(jid);
    if (dto.subject === undefined && dto.description === undefined && dto.announce === undefined && dto.locked === undefined) {
      throw new ValidationError('request is invalid', { body: ['give at least one of subject, description, announce, locked'] });
    }
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const groups = connection.groups;
    const call = (what: string, fn: () => Promise<void>) => onWhatsApp(what, fn, 'group not found');
    if (dto.subject !== undefined) await call('changing the subject', () => groups.setSubject(jid, dto.subject!));
    if (dto.description !== undefined) await call('changing the description', () => groups.setDescription(jid, dto.description || null));
    if (dto.announce !== undefined) await call('changing who may send', () => groups.setAnnounce(jid, dto.announce!));
    if (dto.locked !== undefined) await call('changing who may edit the group', () => groups.setLocked(jid, dto.locked!));
    return this.reread(orgId, sessionId, connection, jid);
  }

  async participants(orgId: string, sessionId: string, jid: string, action: ParticipantAction, participants: string[]): Promise<{ group: GroupEntity; participants: ParticipantResultDto[] }> {
    checkGroupJid(jid);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const given = participants.map((p) => ({ given: p, jid: userJid(p)! }));
    const results = await onWhatsApp(`${action === 'add' ? 'adding' : action === 'remove' ? 'removing' : action === 'promote' ? 'promoting' : 'demoting'} participants`, () =>
      connection.groups.updateParticipants(jid, action, given.map((g) => g.jid)),
      'group not found',
    );
    return { group: await this.reread(orgId, sessionId, connection, jid), participants: resultsFor(given, results) };
  }

  async invite(orgId: string, sessionId: string, jid: string, revoke: boolean): Promise<InviteDto> {
    checkGroupJid(jid);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const code = await onWhatsApp(revoke ? 'revoking the invitation' : 'reading the invitation', () => (revoke ? connection.groups.revokeInvite(jid) : connection.groups.inviteCode(jid)), 'group not found');
    return { code, link: `${INVITE_LINK}${code}` };
  }

  async join(orgId: string, sessionId: string, codeOrLink: string): Promise<GroupEntity> {
    const code = codeOrLink.trim().startsWith(INVITE_LINK) ? codeOrLink.trim().slice(INVITE_LINK.length) : codeOrLink.trim();
    if (!INVITE_CODE_RE.test(code)) throw new ValidationError('request is invalid', { code: [`must be an invitation code or ${INVITE_LINK}<code>`] });
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const jid = await onWhatsApp('joining the group', () => connection.groups.join(code), 'no group has this invitation code');
    return this.reread(orgId, sessionId, connection, jid);
  }

  async leave(orgId: string, sessionId: string, jid: string): Promise<GroupEntity> {
    checkGroupJid(jid);
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    await onWhatsApp('leaving the group', () => connection.groups.leave(jid), 'group not found');
    const left = await this.repo.markLeft(sessionId, jid, (g) => this.events.left(orgId, sessionId, g, undefined));
    if (!left) throw new NotFoundError('group not found', { jid });
    return left;
  }

  /** Reads every group from WhatsApp: stores them, and marks the ones no longer listed as left. */
  private async refreshAll(orgId: string, sessionId: string): Promise<void> {
    const { connection } = await this.sessions.requireConnection(orgId, sessionId);
    const groups = await onWhatsApp('reading the groups', () => connection.groups.list());
    await this.repo.saveWhole(orgId, sessionId, groups, (before, after) => this.events.joined(orgId, sessionId, before, after));
    for (const jid of await this.repo.notListed(sessionId, groups.map((g) => g.jid))) {
      await this.repo.markLeft(sessionId, jid, (g) => this.events.left(orgId, sessionId, g, undefined));
    }
  }

  private async reread(orgId: string, sessionId: string, connection: WhatsAppConnection, jid: string): Promise<GroupEntity> {
    const meta = await onWhatsApp('reading the group', () => connection.groups.metadata(jid), 'group not found');
    const [stored] = await this.repo.saveWhole(orgId, sessionId, [meta], (before, after) => this.events.joined(orgId, sessionId, before, after));
    return stored;
  }
}

function checkGroupJid(jid: string): void {
  if (!isGroupJid(jid) || !/^[0-9-]{6,40}@g\.us$/.test(jid)) throw new ValidationError('request is invalid', { jid: ['must be a group JID like 120363000000000042@g.us'] });
}

/** Each participant of the request with what WhatsApp answered for it (matched on any JID form). */
function resultsFor(given: { given: string; jid: string }[], results: ParticipantResult[]): ParticipantResultDto[] {
  return given.map(({ given: participant, jid }) => {
    const r = results.find((x) => x.jid === jid || x.phoneNumber === jid || x.lid === jid);
    if (!r) return { participant, jid, phoneNumber: null, lid: null, result: 'failed', code: 0 };
    return {
      participant,
      jid: r.jid,
      phoneNumber: r.phoneNumber ?? null,
      lid: r.lid ?? null,
      result: r.outcome,
      code: r.code,
      ...(r.invite ? { invite: { code: r.invite.code, expiresAt: r.invite.expiresAt?.toISOString() ?? null } } : {}),
    };
  });
}
