import { Injectable } from '@nestjs/common';
import { phoneDigits } from '@app/whatsapp';
import { ConflictError } from '../common/errors';
import { newId } from '../common/ids';
import { CursorCodec, DEFAULT_LIMIT, Page } from '../common/pagination';
import { SessionEntity, SessionStatus } from './entities/session.entity';
import { SessionsRepository } from './sessions.repository';
import { SessionSupervisor } from './runtime/session-supervisor';
import { SessionAccess } from './session-access';

const REMOTE_WAIT_MS = 10_000;
/** How long GET /qr waits for the first QR of a session that is starting. */
const QR_WAIT_MS = 5_000;
const QR_POLL_MS = 100;

@Injectable()
export class SessionsService {
  constructor(
    private readonly repo: SessionsRepository,
    private readonly supervisor: SessionSupervisor,
    private readonly cursors: CursorCodec,
    private readonly access: SessionAccess,
  ) {}

  /**
   * The session of this organization, or not found (also when it belongs to another one). Its
   * runtime fields are never older than what this process knows: status changes it made that the
   * database has not taken yet (it was away) are shown over the stored row.
   */
  async get(orgId: string, id: string): Promise<SessionEntity> {
    return (await this.access.require(orgId, id)) as SessionEntity;
  }

  async list(orgId: string, limit = DEFAULT_LIMIT, cursor?: string): Promise<Page<SessionEntity>> {
    return this.cursors.page(
      { scope: `sessions:${orgId}`, limit, cursor },
      (after, n) => this.repo.listPage(orgId, n, after),
      (s) => [s.createdAt.toISOString(), s.id],
      (s) => this.supervisor.overlay(s),
    );
  }

  async create(orgId: string, name: string, start: boolean): Promise<SessionEntity> {
    if (await this.repo.nameTaken(orgId, name)) throw new ConflictError('a session with this name already exists', { name });
    const now = new Date();
    const session = Object.assign(new SessionEntity(), {
      id: newId(),
      orgId,
      name,
      status: 'stopped' as SessionStatus,
      desiredState: 'stopped' as const,
      phoneNumber: null,
      jid: null,
      lid: null,
      pushName: null,
      lastError: null,
      qr: null,
      qrExpiresAt: null,
      connectedAt: null,
      createdAt: now,
      updatedAt: now,
    });
    try {
      await this.repo.insert(session);
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new ConflictError('a session with this name already exists', { name });
      throw e;
    }
    return start ? this.start(orgId, session.id) : session;
  }

  async rename(orgId: string, id: string, name?: string, settings: { markReadOnReply?: boolean } = {}): Promise<SessionEntity> {
    await this.get(orgId, id);
    if (name !== undefined) {
      if (await this.repo.nameTaken(orgId, name, id)) throw new ConflictError('a session with this name already exists', { name });
      await this.repo.rename(id, name);
    }
    if (settings.markReadOnReply !== undefined) await this.repo.setMarkReadOnReply(id, settings.markReadOnReply);
    return this.get(orgId, id);
  }

  /** Idempotent: a running session is left as it is. */
  async start(orgId: string, id: string): Promise<SessionEntity> {
    const session = await this.get(orgId, id);
    await this.repo.applyRuntime(id, { desiredState: 'running' });
    await this.supervisor.command('start', id, session.orgId);
    return this.get(orgId, id);
  }

  /** Disconnects without unlinking; a harmless no-op when already stopped. */
  async stop(orgId: string, id: string): Promise<SessionEntity> {
    const session = await this.get(orgId, id);
    if (session.desiredState === 'stopped' && !this.supervisor.isLocal(id) && isAtRest(session.status)) return session;
    await this.repo.applyRuntime(id, { desiredState: 'stopped' });
    if ((await this.supervisor.command('stop', id, orgId)) === 'remote') await this.waitForStatus(id, ['stopped', 'logged_out', 'failed']);
    return this.get(orgId, id);
  }

  /** Unlinks the device and drops its credentials. */
  async logout(orgId: string, id: string): Promise<SessionEntity> {
    await this.get(orgId, id);
    await this.repo.applyRuntime(id, { desiredState: 'stopped' });
    if ((await this.supervisor.command('logout', id, orgId)) === 'remote') await this.waitForStatus(id, ['logged_out']);
    return this.get(orgId, id);
  }

  async remove(orgId: string, id: string): Promise<void> {
    const session = await this.get(orgId, id);
    if (session.jid) await this.logout(orgId, id);
    else await this.stop(orgId, id);
    await this.repo.delete(session);
  }

  /**
   * The current QR. Right after `:start` WhatsApp has not sent one yet: a `starting` session is
   * waited for (at most QR_WAIT_MS, less once an attempt failed) instead of answering 409 at once.
   */
  async qr(orgId: string, id: string): Promise<{ qr: string; expiresAt: Date }> {
    let session = await this.get(orgId, id);
    const deadline = Date.now() + QR_WAIT_MS;
    while (session.status === 'starting' && !session.lastError && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, QR_POLL_MS));
      session = await this.get(orgId, id);
    }
    if (session.status !== 'pairing' || !session.qr || !session.qrExpiresAt) {
      throw new ConflictError(whyNoQr(session), { status: session.status, lastError: session.lastError });
    }
    return { qr: session.qr, expiresAt: session.qrExpiresAt };
  }

  async requestPairingCode(orgId: string, id: string, phoneNumber: string): Promise<string> {
    const session = await this.get(orgId, id);
    if (session.status === 'connected') throw new ConflictError('the session is already linked', { status: session.status });
    await this.repo.applyRuntime(id, { desiredState: 'running' });
    return this.supervisor.requestPairingCode(id, orgId, phoneDigits(phoneNumber));
  }

  /** The command went to the process that runs the session: wait until it reports the result. */
  private async waitForStatus(id: string, targets: SessionStatus[]): Promise<void> {
    const deadline = Date.now() + REMOTE_WAIT_MS;
    while (Date.now() < deadline) {
      const status = await this.repo.statusOf(id);
      if (!status || targets.includes(status)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** What the session is doing instead of showing a QR, and what to do about it. */
function whyNoQr(s: Pick<SessionEntity, 'status' | 'lastError'>): string {
  switch (s.status) {
    case 'connected':
      return 'the session is connected; no QR needed';
    case 'stopped':
      return 'the session is stopped; :start it first';
    case 'starting':
      return s.lastError
        ? `the session is starting and its last attempt failed: ${s.lastError}; it tries again by itself`
        : 'the session is starting and WhatsApp has not sent a QR yet; try again in a few seconds';
    case 'reconnecting':
      return `the session is reconnecting after ${s.lastError ?? 'a dropped connection'}; it is linked, no QR needed`;
    case 'logged_out':
      return 'the session is logged out; :start it to pair again';
    case 'failed':
      return `the session failed${s.lastError ? `: ${s.lastError}` : ''}; :start it to try again`;
    default:
      return 'the session has no QR right now; try again in a few seconds';
  }
}

function isAtRest(status: SessionStatus): boolean {
  return status === 'stopped' || status === 'logged_out' || status === 'failed';
}
