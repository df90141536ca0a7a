import { Confirm } from './Confirm';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { Schemas } from '../../client/src';
import { ApiError, call, errorText, type GatewayClient, type Session } from './api';
import { fullTime, jidLabel } from './format';
import { field, str, useEvents, type EventHub } from './live';
import './features.css';

type Group = Schemas['GroupDto'];
type Participant = Schemas['GroupParticipantDto'];
type Invite = Schemas['InviteDto'];
type Role = Participant['role'];

const ROLE_WORDS: Record<Role, string> = { superadmin: 'Owner', admin: 'Admin', member: 'Member' };
const ROLE_RANK: Record<Role, number> = { superadmin: 0, admin: 1, member: 2 };
const NOT_KNOWN = 'This group is not known to the session (it may have left it).';

/** "15551234567:1@s.whatsapp.net" and "15551234567@c.us" are the same person: user part and server. */
function userOf(jid: string | null | undefined): string | null {
  if (!jid) return null;
  const [user = '', server = ''] = jid.split('@');
  const id = user.split(':')[0]!.split('_')[0]!;
  return id ? `${id}@${server === 'c.us' ? 's.whatsapp.net' : server}` : null;
}

/** Whether this member is the session's own number (as far as its phone-number JID tells). */
function isSelf(p: Participant, session: Session): boolean {
  const own = userOf(session.jid) ?? (session.phoneNumber ? `${session.phoneNumber}@s.whatsapp.net` : null);
  if (!own) return false;
  return [p.phoneNumber, p.jid, p.lid].some((j) => userOf(j) === own);
}

/** Whether the `participants` of a `group.participants` event include the session's own number. */
function concernsSelf(participants: unknown, session: Session): boolean {
  if (!Array.isArray(participants)) return false;
  return participants.some((p: Partial<Participant> | null) => p && isSelf({ jid: p.jid ?? '', lid: p.lid ?? null, phoneNumber: p.phoneNumber ?? null, role: 'member' }, session));
}

function memberName(p: Participant): string {
  return jidLabel(p.phoneNumber ?? p.jid);
}

function byRole(a: Participant, b: Participant): number {
  const r = ROLE_RANK[a.role] - ROLE_RANK[b.role];
  return r || memberName(a).localeCompare(memberName(b));
}

/**
 * A group's details in place of its conversation: subject, description, settings, members and
 * their roles and, for keys with `manage`, the invite link (copy, revoke). Kept current by the
 * `group.*` events of this group.
 */
export function GroupInfo({
  client,
  hub,
  session,
  jid,
  canManage,
  onBack,
}: {
  client: GatewayClient;
  hub: EventHub;
  session: Session;
  jid: string;
  canManage: boolean;
  onBack: () => void;
}) {
  const [group, setGroup] = useState<Group | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [announce, setAnnounce] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const membersId = useId();

  const load = useCallback(async () => {
    try {
      const g = await call(client.GET('/api/v1/sessions/{session}/groups/{jid}', { params: { path: { session: session.id, jid } } }));
      setGroup(g);
      setNotFound(false);
      setError(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) {
        setNotFound(true);
        setGroup(null);
        setError(null);
      } else {
        setError(errorText(err));
      }
    }
  }, [client, session.id, jid]);

  useEffect(() => {
    void load();
    return hub.onFirstOpen(() => void load());
  }, [hub, load]);

  useEffect(() => heading.current?.focus(), []);

  // Several events often come together (a member added, then promoted): one reload for the lot.
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const [inviteEpoch, setInviteEpoch] = useState(0);
  useEffect(() => () => clearTimeout(timer.current), []);
  useEvents(
    hub,
    (event) => {
      if (event.sessionId !== session.id || !event.type.startsWith('group.')) return;
      if (str(field(event, 'jid')) !== jid) return;
      clearTimeout(timer.current);
      timer.current = setTimeout(() => void load(), 250);
      // Joining again, or a change of this session's own role, may change whether the link can be read.
      if (event.type === 'group.joined' || (event.type === 'group.participants' && concernsSelf(field(event, 'participants'), session))) setInviteEpoch((n) => n + 1);
      if (event.type === 'group.left') setAnnounce('The session is no longer a member of this group.');
      else if (event.type === 'group.updated') setAnnounce('The group was changed.');
      else if (event.type === 'group.participants') setAnnounce('The members of the group changed.');
    },
    [session, jid, load],
  );

  const members = group ? [...group.participants].sort(byRole) : [];
  const self = group?.participants.find((p) => isSelf(p, session));
  const title = group?.subject?.trim() || (notFound ? 'Group' : group ? jidLabel(group.jid) : 'Group');

  return (
    <div className="conversation group-info">
      <div className="panel-head">
        <button type="button" className="button link" onClick={onBack}>
          ← Messages
        </button>
        <h2 id="conversation-heading" ref={heading} tabIndex={-1}>
          <span className="tag">Group</span>
          {title}
        </h2>
      </div>
      <div className="feature-body">
        <p className="visually-hidden" role="status">
          {announce}
        </p>
        {notFound && <p className="empty">{NOT_KNOWN}</p>}
        {error && (
          <div className="error" role="alert">
            <p>The group could not be loaded. {error}</p>
            <button type="button" className="button secondary" onClick={() => void load()}>
              Try again
            </button>
          </div>
        )}
        {!group && !error && !notFound && (
          <p className="muted" role="status">
            Loading the group…
          </p>
        )}
        {group && (
          <>
            <p className="muted small group-facts">
              {group.size} member{group.size === 1 ? '' : 's'}
              {group.groupCreatedAt && ` · created ${fullTime(group.groupCreatedAt)}`}
              {group.owner && ` by ${jidLabel(group.owner)}`}
            </p>
            {!group.member && <p className="note">This session is no longer a member of this group: what is shown is what was last known.</p>}

            <div className="feature-section">
              <h3>Description</h3>
              {group.description?.trim() ? <p className="group-description">{group.description}</p> : <p className="muted">No description.</p>}
            </div>

            <div className="feature-section">
              <h3>Settings</h3>
              <ul className="group-settings">
                <li data-setting="announce" data-value={String(group.announce)}>
                  {group.announce ? 'Only admins can send messages.' : 'All members can send messages.'}
                </li>
                <li data-setting="locked" data-value={String(group.locked)}>
                  {group.locked ? 'Only admins can change the subject, description and settings.' : 'All members can change the subject, description and settings.'}
                </li>
              </ul>
            </div>

            {canManage && (
              <div className="feature-section">
                <h3>Invitation</h3>
                {!group.member ? (
                  <p className="muted">The session is not a member, so it cannot share an invite link.</p>
                ) : self && self.role === 'member' ? (
                  <p className="muted">Only group admins can see the invite link; this session is a member without admin rights.</p>
                ) : (
                  <InviteLink key={inviteEpoch} client={client} session={session} jid={jid} />
                )}
              </div>
            )}

            <div className="feature-section">
              <h3 id={membersId}>
                Members <span className="muted">({members.length})</span>
              </h3>
              {members.length === 0 ? (
                <p className="muted">No members are known.</p>
              ) : (
                <ul className="member-list" aria-labelledby={membersId}>
                  {members.map((p) => (
                    <Member key={p.jid} p={p} self={p === self} />
                  ))}
                </ul>
              )}
            </div>
          </>
        )}
      </div>
    </div>
  );
}

function Member({ p, self }: { p: Participant; self: boolean }) {
  const forms = [...new Set([p.phoneNumber, p.lid, p.jid].filter((j): j is string => Boolean(j)))];
  return (
    <li className="member" data-jid={p.jid} data-role={p.role}>
      <div className="member-main">
        <span className="member-name">
          {memberName(p)}
          {self && <span className="muted"> (this session)</span>}
        </span>
        <span className={`role-badge role-${p.role}`}>{ROLE_WORDS[p.role]}</span>
      </div>
      <p className="member-jids small">
        {forms.map((j) => (
          <code key={j}>{j}</code>
        ))}
      </p>
    </li>
  );
}

function InviteLink({ client, session, jid }: { client: GatewayClient; session: Session; jid: string }) {
  const [invite, setInvite] = useState<Invite | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<'load' | 'revoke' | null>('load');
  const [confirming, setConfirming] = useState(false);
  const [notice, setNotice] = useState('');
  const fieldId = useId();
  const input = useRef<HTMLInputElement>(null);
  const revokeButton = useRef<HTMLButtonElement>(null);
  const path = { params: { path: { session: session.id, jid } } };

  const load = useCallback(async () => {
    setBusy('load');
    try {
      setInvite(await call(client.GET('/api/v1/sessions/{session}/groups/{jid}/invite', { params: { path: { session: session.id, jid } } })));
      setError(null);
    } catch (err) {
      setError(`The invite link could not be read. ${errorText(err)}`);
    } finally {
      setBusy(null);
    }
  }, [client, session.id, jid]);

  useEffect(() => void load(), [load]);

  async function copy() {
    if (!invite) return;
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(invite.link);
      setNotice('Invite link copied.');
    } catch {
      // No clipboard API (an insecure context) or no permission: select it for a manual copy.
      input.current?.focus();
      input.current?.select();
      let copied = false;
      try {
        copied = document.execCommand('copy');
      } catch {
        copied = false;
      }
      setNotice(copied ? 'Invite link copied.' : 'The link is selected: copy it with Ctrl+C (⌘C on a Mac).');
    }
  }

  async function revoke() {
    setConfirming(false);
    setBusy('revoke');
    setError(null);
    try {
      setInvite(await call(client.POST('/api/v1/sessions/{session}/groups/{jid}/invite:revoke', path)));
      setNotice('The old link no longer works. A new invite link was made.');
    } catch (err) {
      setError(`The link could not be revoked. ${errorText(err)}`);
    } finally {
      setBusy(null);
      revokeButton.current?.focus();
    }
  }

  return (
    <div className="invite">
      <label htmlFor={fieldId}>Invite link</label>
      <div className="row">
        <input
          ref={input}
          id={fieldId}
          type="text"
          className="invite-field"
          readOnly
          value={invite?.link ?? ''}
          placeholder={busy === 'load' ? 'Loading…' : ''}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="button secondary" onClick={() => void copy()} disabled={!invite}>
          Copy
        </button>
        <button
          ref={revokeButton}
          type="button"
          className="button danger-outline"
          onClick={() => setConfirming(true)}
          disabled={!invite || busy !== null}
          aria-expanded={confirming}
        >
          {busy === 'revoke' ? 'Revoking…' : 'Revoke link'}
        </button>
      </div>
      {confirming && (
        <Confirm
          question="Revoke this invite link? It stops working at once for everyone who has it; a new link is made."
          confirmLabel="Revoke and make a new link"
          onConfirm={() => void revoke()}
          onCancel={() => setConfirming(false)}
          returnTo={revokeButton.current}
        />
      )}
      {error && (
        <div className="error" role="alert">
          <p>{error}</p>
          {!invite && (
            <button type="button" className="button secondary" onClick={() => void load()} disabled={busy !== null}>
              Try again
            </button>
          )}
        </div>
      )}
      <p className="visually-hidden" role="status">
        {notice}
      </p>
    </div>
  );
}
