// The bare baseline: N Baileys sockets with in-memory state in a plain Node process, opened
// through the project's own adapter (libs/whatsapp, compiled) exactly as the gateway opens them,
// minus Nest, PostgreSQL and the supervisor.
//   BUILD_DIR, CREDS_FILE (JSON array of serialized creds), WA_WEBSOCKET_URL, WA_TRUST_ROOT_PUBLIC_KEY, CONCURRENCY
// Prints "ready" once loaded; on "go" opens every socket (first login) and prints "connected <ms>";
// on "restore" closes and reopens them from their in-memory state and prints "restored <ms>";
// on "expect <n>" prints "received <n>" once the sockets have received n new messages in all.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

const { BaileysEngine, trustRootOverride } = await import(`${process.env.BUILD_DIR}/libs/whatsapp/src/baileys/index.js`);
trustRootOverride(Buffer.from(process.env.WA_TRUST_ROOT_PUBLIC_KEY, 'base64'));
const engine = new BaileysEngine({ webSocketUrl: process.env.WA_WEBSOCKET_URL });
const creds = JSON.parse(readFileSync(process.env.CREDS_FILE, 'utf8'));
const concurrency = Number(process.env.CONCURRENCY ?? 10);

function memoryStore(serializedCreds) {
  let c = serializedCreds;
  const keys = new Map();
  return {
    readCreds: async () => c,
    writeCreds: async (s) => void (c = s),
    readKeys: async (type, ids) => new Map(ids.filter((id) => keys.has(`${type}/${id}`)).map((id) => [id, keys.get(`${type}/${id}`)])),
    writeKeys: async (changes) => {
      for (const { type, id, value } of changes) value === null ? keys.delete(`${type}/${id}`) : keys.set(`${type}/${id}`, value);
    },
  };
}

const connections = new Map();
let received = 0;
let expected = Infinity;
async function open(i) {
  const store = stores[i];
  const conn = await engine.connect({ sessionId: `bare-${i}`, store });
  connections.set(i, conn);
  conn.on('messages', ({ messages, live, hold }) => {
    hold(Promise.resolve()); // nothing to store: receipts go out as soon as the keys allow
    if (!live) return;
    received += messages.length;
    if (received >= expected) {
      process.stdout.write(`received ${received}\n`);
      expected = Infinity;
    }
  });
  await new Promise((resolve, reject) => {
    conn.on('open', resolve);
    conn.on('close', (r) => reject(new Error(`session ${i} closed: ${r.kind}`)));
  });
}
const stores = creds.map((c) => memoryStore(c));

async function openAll() {
  const started = performance.now();
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < creds.length) await open(next++);
  }));
  return Math.round(performance.now() - started);
}

process.stdout.write('ready\n');
const rl = createInterface({ input: process.stdin });
for await (const line of rl) {
  const command = line.trim();
  if (command === 'go') {
    // First login: uploads pre-keys, as the gateway's first start does.
    process.stdout.write(`connected ${await openAll()}\n`);
  } else if (command === 'restore') {
    // Reconnect every socket from the state kept in memory.
    await Promise.all([...connections.values()].map((c) => c.close()));
    connections.clear();
    process.stdout.write(`restored ${await openAll()}\n`);
  } else if (command.startsWith('expect ')) {
    expected = Number(command.slice(7));
  }
}
