import { getBinaryNodeChild, getBinaryNodeChildren, type BinaryNode } from '@whiskeysockets/baileys';
import type { Party } from '../world/world';
import type { Connection } from './connection';
import type { ServerContext } from './context';
import { groupNode } from './group-nodes';
import {
  acceptAddRequest,
  createGroup,
  findGroup,
  GroupError,
  groupByInvite,
  inviteCode,
  joinByInvite,
  leaveGroup,
  resultNode,
  revokeInvite,
  setDescription,
  setEphemeral,
  setSetting,
  setSubject,
  updateParticipants,
  type GroupSetting,
  type ParticipantAction,
} from './group-ops';

const text = (n: BinaryNode | undefined) => (n?.content instanceof Uint8Array ? Buffer.from(n.content).toString() : typeof n?.content === 'string' ? n.content : '');

/**
 * `<iq xmlns="w:g2">`, the group iqs Baileys sends (Socket/groups.js). Addressed to `@g.us`: create,
 * participating (all groups of the account), leave, invite info / join by code. Addressed to a
 * group: query (metadata), add/remove/promote/demote, subject, description, announcement /
 * not_announcement / locked / unlocked, ephemeral / not_ephemeral, invite (get the code; set:
 * reset it), accept (a 403 add's invite). The answer comes `from` the addressed jid; a refusal is
 * `<error code text>` (see GroupError). Anything else gets an empty result.
 */
export function handleGroupIq(ctx: ServerContext, conn: Connection, iq: BinaryNode): void {
  const account = conn.account;
  if (!account) return conn.sendIqError(iq, 401, 'not-authorized');
  const me: Party = { kind: 'account', account };
  const child = Array.isArray(iq.content) ? (iq.content[0] as BinaryNode | undefined) : undefined;
  let content: BinaryNode[] | undefined;
  try {
    content = iq.attrs.to === '@g.us' ? serverIq(ctx, me, iq, child) : groupIq(ctx, me, iq, child);
  } catch (err) {
    if (err instanceof GroupError) return conn.sendIqError(iq, err.code, err.text);
    throw err;
  }
  conn.sendNode({ tag: 'iq', attrs: { id: iq.attrs.id, type: 'result', from: iq.attrs.to }, content });
}

function serverIq(ctx: ServerContext, me: Party, iq: BinaryNode, child: BinaryNode | undefined): BinaryNode[] | undefined {
  const world = ctx.world;
  switch (child?.tag) {
    case 'participating': {
      const groups = [...world.groups.values()].filter((g) => g.member(me)).map((g) => groupNode(g));
      return [{ tag: 'groups', attrs: {}, content: groups }];
    }
    case 'create': {
      const jids = getBinaryNodeChildren(child, 'participant').map((p) => p.attrs.jid);
      const { group, results } = createGroup(world, me, child.attrs.subject ?? '', jids, {
        key: child.attrs.key,
        announce: !!getBinaryNodeChild(child, 'announcement'),
        locked: !!getBinaryNodeChild(child, 'locked'),
        ephemeral: Number(getBinaryNodeChild(child, 'ephemeral')?.attrs.expiration ?? 0),
      });
      // Participants that could not be added are listed with their error (and invite, for 403).
      return [groupNode(group, results.filter((r) => r.code !== 200).map(resultNode))];
    }
    case 'leave':
      for (const g of getBinaryNodeChildren(child, 'group')) leaveGroup(world, findGroup(world, g.attrs.id), me);
      return undefined;
    case 'invite': {
      const code = child.attrs.code ?? '';
      if (iq.attrs.type === 'get') return [groupNode(groupByInvite(world, code))];
      const group = joinByInvite(world, me, code);
      return [{ tag: 'group', attrs: { jid: group.jid } }];
    }
    default:
      return undefined;
  }
}

function groupIq(ctx: ServerContext, me: Party, iq: BinaryNode, child: BinaryNode | undefined): BinaryNode[] | undefined {
  const world = ctx.world;
  const group = findGroup(world, iq.attrs.to);
  const tag = child?.tag;
  switch (tag) {
    case 'query':
      if (!group.member(me)) throw new GroupError(403, 'forbidden');
      group.metadataQueries++;
      return [groupNode(group)];
    case 'add':
    case 'remove':
    case 'promote':
    case 'demote': {
      const jids = getBinaryNodeChildren(child, 'participant').map((p) => p.attrs.jid);
      const results = updateParticipants(world, group, me, tag as ParticipantAction, jids);
      return [{ tag, attrs: {}, content: results.map(resultNode) }];
    }
    case 'subject':
      setSubject(world, group, me, text(child));
      return undefined;
    case 'description': {
      const body = child!.attrs.delete === 'true' ? undefined : text(getBinaryNodeChild(child, 'body'));
      setDescription(world, group, me, body, { id: child!.attrs.id, prev: child!.attrs.prev });
      return undefined;
    }
    case 'announcement':
    case 'not_announcement':
    case 'locked':
    case 'unlocked':
      setSetting(world, group, me, tag as GroupSetting);
      return undefined;
    case 'ephemeral':
      setEphemeral(world, group, me, Number(child!.attrs.expiration ?? 0));
      return undefined;
    case 'not_ephemeral':
      setEphemeral(world, group, me, 0);
      return undefined;
    case 'invite': {
      const code = iq.attrs.type === 'set' ? revokeInvite(world, group, me) : inviteCode(group, me);
      return [{ tag: 'invite', attrs: { code } }];
    }
    case 'accept':
      acceptAddRequest(world, group, me, child!.attrs.code ?? '');
      return undefined;
    default:
      // membership approval, member add mode, sub groups...: not modelled.
      return undefined;
  }
}
