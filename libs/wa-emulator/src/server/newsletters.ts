import { QueryIds, XWAPaths, proto, type BinaryNode } from '@whiskeysockets/baileys';
import { deliver, type Channel, type World } from '../world/world';
import type { Connection } from './connection';
import { nextId, nowSeconds, type ServerContext } from './context';

function metadata(ch: Channel, viewer?: string) {
  const role = viewer && ch.owner === viewer ? 'OWNER' : viewer && ch.followers.has(viewer) ? 'SUBSCRIBER' : 'GUEST';
  return {
    id: ch.jid,
    state: { type: 'ACTIVE' },
    thread_metadata: {
      name: { text: ch.name, id: '1', update_time: String(ch.creationTime) },
      description: { text: ch.description, id: '1', update_time: String(ch.creationTime) },
      creation_time: String(ch.creationTime),
      invite: ch.invite,
      subscribers_count: String(ch.followers.size),
      verification: 'UNVERIFIED',
      picture: { id: '', type: 'IMAGE', direct_path: '' },
      preview: { id: '', type: 'PREVIEW', direct_path: '' },
      settings: { reaction_codes: { value: 'ALL' } },
    },
    viewer_metadata: { mute: 'OFF', role },
  };
}

function findChannel(world: World, key: string | undefined): Channel | undefined {
  if (!key) return undefined;
  return world.channels.get(key) ?? [...world.channels.values()].find((c) => c.invite === key);
}

/** Answers the `w:mex` (GraphQL over XMPP) newsletter queries with JSON results. */
export function answerMex(ctx: ServerContext, conn: Connection, query: BinaryNode | undefined): BinaryNode[] {
  const queryId = query?.attrs.query_id;
  let variables: Record<string, any> = {};
  try {
    variables = JSON.parse(Buffer.from(query?.content as Uint8Array).toString()).variables ?? {};
  } catch {
    /* empty variables */
  }
  const viewer = conn.account?.phone;
  const world = ctx.world;
  const result = (path: string, value: unknown) => [
    { tag: 'result', attrs: {}, content: Buffer.from(JSON.stringify({ data: { [path]: value } })) },
  ];
  const notFound = () => [
    {
      tag: 'result',
      attrs: {},
      content: Buffer.from(JSON.stringify({ errors: [{ message: 'Not found', extensions: { error_code: 404 } }] })),
    },
  ];
  switch (queryId) {
    case QueryIds.METADATA: {
      const ch = findChannel(world, variables.input?.key);
      return ch ? result(XWAPaths.xwa2_newsletter_metadata, metadata(ch, viewer)) : notFound();
    }
    case QueryIds.CREATE: {
      const ch = world.addChannel(variables.input?.name ?? 'Channel', variables.input?.description ?? '', viewer);
      if (viewer) ch.followers.add(viewer);
      world.emit('channel', ch);
      return result(XWAPaths.xwa2_newsletter_create, metadata(ch, viewer));
    }
    case QueryIds.FOLLOW:
    case QueryIds.UNFOLLOW: {
      const ch = findChannel(world, variables.newsletter_id);
      if (!ch || !viewer) return notFound();
      if (queryId === QueryIds.FOLLOW) ch.followers.add(viewer);
      else ch.followers.delete(viewer);
      world.emit('follow', ch, viewer, queryId === QueryIds.FOLLOW);
      const path = queryId === QueryIds.FOLLOW ? XWAPaths.xwa2_newsletter_join_v2 : XWAPaths.xwa2_newsletter_leave_v2;
      return result(path, { id: ch.jid });
    }
    case QueryIds.MUTE:
    case QueryIds.UNMUTE: {
      const path = queryId === QueryIds.MUTE ? XWAPaths.xwa2_newsletter_mute_v2 : XWAPaths.xwa2_newsletter_unmute_v2;
      return result(path, { id: variables.newsletter_id, mute: queryId === QueryIds.MUTE ? 'ON' : 'OFF' });
    }
    case QueryIds.SUBSCRIBERS: {
      const ch = findChannel(world, variables.newsletter_id);
      return result(XWAPaths.xwa2_newsletter_subscribers, { subscribers_count: String(ch?.followers.size ?? 0) });
    }
    case QueryIds.REACHOUT_TIMELOCK:
      return result(XWAPaths.xwa2_fetch_account_reachout_timelock, { is_active: false, time_enforcement_ends: '0' });
    default:
      return result('unknown', {});
  }
}

/** Pushes a channel post to every connected device of every follower (queued for offline ones). */
export function publishPost(world: World, ch: Channel, message: proto.IMessage): { id: string; serverId: number } {
  const post = { serverId: ch.nextServerId++, id: nextId('NL'), message, t: nowSeconds() };
  ch.posts.push(post);
  const bytes = proto.Message.encode(message).finish();
  const type = message.conversation || message.extendedTextMessage ? 'text' : 'media';
  for (const phone of ch.followers) {
    const acc = world.accounts.get(phone);
    if (!acc) continue;
    for (const d of acc.devices.values()) {
      const node: BinaryNode = {
        tag: 'message',
        attrs: { from: ch.jid, id: post.id, server_id: String(post.serverId), t: String(post.t), type },
        content: [{ tag: 'plaintext', attrs: {}, content: bytes }],
      };
      deliver(d, node);
    }
  }
  world.emit('channel-post', ch, post);
  return { id: post.id, serverId: post.serverId };
}
