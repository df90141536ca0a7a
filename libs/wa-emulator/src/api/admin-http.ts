import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WaEmulator } from '../emulator';
import { GroupError, type GroupSetting, type ParticipantAction } from '../server/group-ops';
import { partyIds, type Group } from '../world/group';
import type { Account, Channel, Contact } from '../world/world';

type Body = Record<string, any>;
type Handler = (emu: WaEmulator, params: string[], body: Body) => unknown | Promise<unknown>;

const accountView = (a: Account) => ({
  phone: a.phone,
  lid: a.lid,
  name: a.name,
  devices: [...a.devices.values()].map((d) => ({ id: d.id, connected: !!d.conn, queued: d.offline.length })),
});
const contactView = (c: Contact) => ({
  phone: c.phone,
  lid: c.lid,
  name: c.name,
  received: c.inbox.length,
  retryReceiptsSent: c.retryReceiptsSent,
  nacksSent: c.nacksSent,
  retryReceiptsReceived: c.retryReceiptsReceived,
  resendsSent: c.resendsSent,
});
const channelView = (c: Channel) => ({ jid: c.jid, name: c.name, followers: [...c.followers], posts: c.posts.length });
const groupView = (g: Group) => ({
  jid: g.jid,
  subject: g.subject,
  description: g.description?.text,
  announce: g.announce,
  locked: g.locked,
  inviteCode: g.inviteCode,
  participants: [...g.members.values()].map((m) => ({ ...partyIds(m.party), role: m.role })),
});

/** A group change made by participant `by` (a phone number): `{ by, action, subject | text | setting | participants }`. */
function groupAction(e: WaEmulator, jid: string, b: Body): unknown {
  const actor = e.groupsAs(String(b.by));
  try {
    switch (b.action) {
      case 'subject':
        return actor.setSubject(jid, String(b.subject)), { ok: true };
      case 'description':
        return actor.setDescription(jid, String(b.text ?? '')), { ok: true };
      case 'setting':
        return actor.setSetting(jid, b.setting as GroupSetting), { ok: true };
      case 'add':
      case 'remove':
      case 'promote':
      case 'demote':
        return { results: actor.updateParticipants(jid, (b.participants ?? []).map(String), b.action as ParticipantAction).map(({ jid, code, addRequest }) => ({ jid, code, addRequest })) };
      case 'revoke-invite':
        return { code: actor.revokeInvite(jid) };
      case 'leave':
        return actor.leave(jid), { ok: true };
      default:
        throw Object.assign(new Error(`unknown group action ${b.action}`), { status: 400 });
    }
  } catch (err) {
    // A refusal keeps WhatsApp's code as the HTTP status (401, 403, 404, 406, 409, 410).
    if (err instanceof GroupError) throw Object.assign(err, { status: err.code });
    throw err;
  }
}

/** Admin routes: METHOD + path regex -> handler. Loopback only, JSON in and out, no auth (test tool). */
const ROUTES: [string, RegExp, Handler][] = [
  ['GET', /^\/admin\/health$/, () => ({ ok: true })],
  [
    'GET',
    /^\/admin\/state$/,
    (e) => ({
      url: e.url,
      stats: e.stats(),
      accounts: [...e.world.accounts.values()].map(accountView),
      contacts: [...e.world.contacts.values()].map(contactView),
      channels: [...e.world.channels.values()].map(channelView),
      groups: [...e.world.groups.values()].map(groupView),
    }),
  ],
  ['GET', /^\/admin\/trust$/, (e) => ({ rootPublicKey: e.rootPublicKey.toString('base64'), mediaCaPem: e.mediaCaPem })],
  ['POST', /^\/admin\/accounts$/, (e, _, b) => accountView(e.addAccount(b))],
  ['POST', /^\/admin\/contacts$/, (e, _, b) => contactView(e.addContact(b))],
  ['POST', /^\/admin\/channels$/, (e, _, b) => channelView(e.createChannel(b as { name: string }))],
  ['POST', /^\/admin\/channels\/([^/]+)\/posts$/, (e, [jid], b) => e.postToChannel(jid, b.message ?? b.text)],
  [
    'POST',
    /^\/admin\/groups$/,
    (e, _, b) => groupView(e.createGroup({ ...(b as { subject: string; creator: string; participants: string[] }), participants: (b.participants ?? []).map(String) })),
  ],
  ['POST', /^\/admin\/groups\/([^/]+)\/actions$/, (e, [jid], b) => groupAction(e, jid, b)],
  [
    'POST',
    /^\/admin\/groups\/([^/]+)\/messages$/,
    async (e, [jid], b) => {
      try {
        return await e.contact(String(b.from)).sendGroupMessage(jid, b.message ?? { conversation: String(b.text) });
      } catch (err) {
        if (err instanceof GroupError) throw Object.assign(err, { status: err.code });
        throw err;
      }
    },
  ],
  ['POST', /^\/admin\/refuse$/, (e, _, b) => (e.refuseConnections(Number(b.ms ?? 0)), { refusedForMs: Number(b.ms ?? 0) })],
  ['POST', /^\/admin\/phones\/(\d+)\/scan$/, async (e, [p], b) => ({ deviceId: await e.phone(p).scanQr(b.qr) })],
  ['POST', /^\/admin\/phones\/(\d+)\/pairing-code$/, async (e, [p], b) => ({ deviceId: await e.phone(p).enterPairingCode(b.code) })],
  ['POST', /^\/admin\/phones\/(\d+)\/unlink$/, (e, [p], b) => (e.phone(p).unlink(b.deviceId), { ok: true })],
  [
    'POST',
    /^\/admin\/phones\/(\d+)\/kick$/,
    (e, [p], b) => ({ kicked: b.silent ? e.phone(p).drop(b.deviceId) : e.phone(p).kick(Number(b.code ?? 503), b.deviceId) }),
  ],
  ['GET', /^\/admin\/contacts\/(\d+)\/inbox$/, (e, [c]) => e.contact(c).inbox],
  [
    'POST',
    /^\/admin\/contacts\/(\d+)\/messages$/,
    async (e, [c], b) => {
      const api = e.contact(c);
      const to = String(b.to);
      switch (b.type ?? 'text') {
        case 'text':
          return api.sendText(to, String(b.text));
        case 'image':
          return api.sendImage(to, { data: Buffer.from(b.base64, 'base64'), mimetype: b.mimetype, caption: b.caption });
        case 'document':
          return api.sendDocument(to, { data: Buffer.from(b.base64, 'base64'), mimetype: b.mimetype, fileName: b.fileName });
        case 'location':
          return api.sendLocation(to, b as { latitude: number; longitude: number });
        case 'contact':
          return api.sendContactCard(to, b as { displayName: string });
        case 'reaction':
          return api.sendReaction(to, String(b.messageId), String(b.emoji));
        default:
          throw Object.assign(new Error(`unknown message type ${b.type}`), { status: 400 });
      }
    },
  ],
  [
    'POST',
    /^\/admin\/contacts\/(\d+)\/receipts$/,
    (e, [c], b) => {
      const api = e.contact(c);
      if (b.type === 'read') api.markRead(String(b.to), b.ids);
      else api.markDelivered(String(b.to), b.ids);
      return { ok: true };
    },
  ],
  ['POST', /^\/admin\/contacts\/(\d+)\/auto-receipts$/, (e, [c], b) => (e.contact(c).setAutoReceipts(b), { ok: true })],
  [
    'POST',
    /^\/admin\/contacts\/(\d+)\/forget-session$/,
    (e, [c], b) => ({ dropped: e.contact(c).forgetSession(String(b.to), b.deviceId === undefined ? undefined : Number(b.deviceId)) }),
  ],
  ['POST', /^\/admin\/counters\/reset$/, (e) => (e.resetCounters(), { ok: true })],
  ['GET', /^\/admin\/receipts\/([^/]+)$/, (e, [id]) => e.receipt(id) ?? { delivered: false, read: false }],
];

function readBody(req: IncomingMessage): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {});
      } catch (err) {
        reject(Object.assign(err as Error, { status: 400 }));
      }
    });
  });
}

export async function handleAdminRequest(emu: WaEmulator, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = (req.url ?? '').split('?')[0];
  const send = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  for (const [method, re, handler] of ROUTES) {
    const m = re.exec(path);
    if (!m || req.method !== method) continue;
    try {
      const body = req.method === 'POST' ? await readBody(req) : {};
      return send(200, await handler(emu, m.slice(1).map(decodeURIComponent), body));
    } catch (err) {
      const e = err as Error & { status?: number };
      return send(e.status ?? (/unknown|no client|not .*valid/.test(e.message) ? 404 : 500), { error: e.message });
    }
  }
  send(404, { error: 'not found' });
}
