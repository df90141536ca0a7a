// The bare baseline of the groups benchmark: one Baileys socket with in-memory state in a plain
// Node process, opened through the project's own adapter (libs/whatsapp, compiled) exactly as the
// gateway opens it, minus Nest, PostgreSQL and the supervisor. A group's metadata is read once and
// kept in memory (the gateway keeps it in its store) for sends to the group.
//   BUILD_DIR, CREDS_FILE (JSON: one serialized creds), WA_WEBSOCKET_URL, WA_TRUST_ROOT_PUBLIC_KEY
// Prints "ready" once loaded; then, one command a line:
//   go                  opens the socket (first login), prints "connected <ms>"
//   group <jid>         reads the group's metadata once, prints "group <participants>"
//   send <jid> <n> <p>  sends n texts "<p> <i>" one after the other, each once WhatsApp acknowledged
//                       the one before (as the gateway's per-session queue does); prints "sent <n> <ms>"
//   expect <jid> <n>    prints "received <n>" once n new messages from the group have been received
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const { BaileysEngine, trustRootOverride } = await import(`${process.env.BUILD_DIR}/libs/whatsapp/src/baileys/index.js`);
trustRootOverride(Buffer.from(process.env.WA_TRUST_ROOT_PUBLIC_KEY, 'base64'));
const engine = new BaileysEngine({ webSocketUrl: process.env.WA_WEBSOCKET_URL });
let creds = JSON.parse(readFileSync(process.env.CREDS_FILE, 'utf8'));

const keys = new Map();
const store = {
  readCreds: async () => creds,
  writeCreds: async (s) => void (creds = s),
  readKeys: async (type, ids) => new Map(ids.filter((id) => keys.has(`${type}/${id}`)).map((id) => [id, keys.get(`${type}/${id}`)])),
  writeKeys: async (changes) => {
    for (const { type, id, value } of changes) value === null ? keys.delete(`${type}/${id}`) : keys.set(`${type}/${id}`, value);
  },
};

/** Group metadata read once (the gateway's store), and what was sent (for retry receipts). */
const groups = new Map();
const sent = new Map();
const received = new Map();
let expected;
let conn;

function countReceived(messages) {
  for (const m of messages) {
    if (m.fromMe || !m.chatJid.endsWith('@g.us')) continue;
    received.set(m.chatJid, (received.get(m.chatJid) ?? 0) + 1);
  }
  if (expected && (received.get(expected.jid) ?? 0) - expected.before >= expected.n) {
    process.stdout.write(`received ${(received.get(expected.jid) ?? 0) - expected.before}\n`);
    expected = undefined;
  }
}

async function open() {
  const started = performance.now();
  conn = await engine.connect({
    sessionId: 'bare-group',
    store,
    groupMetadata: async (jid) => groups.get(jid),
    getMessage: async (_chatJid, id) => sent.get(id),
  });
  conn.on('messages', ({ messages, live, hold }) => {
    hold(Promise.resolve()); // nothing to store: receipts go out as soon as the keys allow
    if (live) countReceived(messages);
  });
  await new Promise((resolve, reject) => {
    conn.on('open', resolve);
    conn.on('close', (r) => reject(new Error(`closed: ${r.kind}`)));
  });
  // Nothing reconnects here: a closed connection ends the run (the benchmark reads "failed").
  conn.on('close', (r) => process.stdout.write(`failed the connection closed: ${r.kind}\n`));
  return Math.round(performance.now() - started);
}

async function sendAll(jid, n, prefix) {
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    const messageId = '3EB0' + randomBytes(9).toString('hex').toUpperCase();
    const m = await conn.messages.send(jid, { type: 'text', text: `${prefix} ${i}` }, { messageId });
    sent.set(messageId, m.raw);
  }
  return Math.round(performance.now() - started);
}

process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const [command, ...args] = line.trim().split(' ');
  if (command === 'go') {
    process.stdout.write(`connected ${await open()}\n`);
  } else if (command === 'group') {
    const meta = await conn.groups.metadata(args[0]);
    groups.set(args[0], meta);
    process.stdout.write(`group ${meta.participants.length}\n`);
  } else if (command === 'send') {
    const n = Number(args[1]);
    sendAll(args[0], n, args[2]).then(
      (ms) => process.stdout.write(`sent ${n} ${ms}\n`),
      (err) => process.stdout.write(`failed ${String(err?.message ?? err)}\n`),
    );
  } else if (command === 'expect') {
    expected = { jid: args[0], n: Number(args[1]), before: received.get(args[0]) ?? 0 };
    countReceived([]);
  }
}
