/**
 * Emulator benchmark: how many logged-in clients the emulator holds, and how many encrypted
 * contact messages per second it pushes to them. The emulator must never be the bottleneck of
 * the gateway benchmarks. Clients are light raw Noise clients (Baileys' own Noise initiator and
 * login payload, no Signal), in this same process: their cost is included in the figures.
 *
 *   npm run bench:emulator                  # 200 clients, 10,000 messages
 *   BENCH_SCALE=full npm run bench:emulator # 1,000 clients, 20,000 messages
 * Writes bench/results/emulator.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { makeRawDeviceKeys, RawClient, WaEmulator, type Account, type PreparedMessage } from '../libs/wa-emulator/src/index';

const full = process.env.BENCH_SCALE === 'full';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? (full ? 1000 : 200));
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? (full ? 20_000 : 10_000));
const CONTACTS = 20;
const CONNECT_CONCURRENCY = 50;

const mb = (n: number) => Math.round(n / 1024 / 1024);
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);

async function main(): Promise<void> {
  const emulator = await WaEmulator.start({ admin: false });
  const contacts = Array.from({ length: CONTACTS }, () => emulator.addContact());
  const clients: RawClient[] = [];
  const accounts: Account[] = [];

  // 1. Connect and log in CLIENTS devices.
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  for (let i = 0; i < CLIENTS; i += CONNECT_CONCURRENCY) {
    await Promise.all(
      Array.from({ length: Math.min(CONNECT_CONCURRENCY, CLIENTS - i) }, async () => {
        const account = emulator.addAccount();
        const { keys, noise } = makeRawDeviceKeys(Math.ceil(MESSAGES / CLIENTS / CONTACTS) + 2);
        const deviceId = emulator.phone(account).registerDevice(keys);
        const client = new RawClient(emulator.url, noise, `${account.phone}:${deviceId}@s.whatsapp.net`);
        await client.connect();
        clients.push(client);
        accounts.push(account);
      }),
    );
  }
  const connectMs = performance.now() - t0;
  const connectedClients = emulator.stats().loggedIn;
  const rssPerClientKb = Math.round((process.memoryUsage().rss - rssBefore) / 1024 / Math.max(1, connectedClients));
  console.log(`connected ${connectedClients}/${CLIENTS} clients in ${Math.round(connectMs)} ms (${rate(connectedClients, connectMs)}/s, ~${rssPerClientKb} KB RSS each incl. client)`);

  // 2. Pre-encrypt MESSAGES contact -> account messages (Signal pkmsg first, then msg).
  const prepared: PreparedMessage[] = [];
  const t1 = performance.now();
  for (let i = 0; i < MESSAGES; i++) {
    const contact = contacts[i % CONTACTS];
    const account = accounts[Math.floor(i / CONTACTS) % accounts.length];
    prepared.push(await emulator.contact(contact).prepare(account, { conversation: `bench message ${i}` }));
  }
  const encryptMs = performance.now() - t1;
  console.log(`encrypted ${MESSAGES} messages in ${Math.round(encryptMs)} ms (${rate(MESSAGES, encryptMs)}/s on one core)`);

  // 3. Push them all and wait until the clients received every stanza.
  const total = prepared.length;
  const received = () => clients.reduce((n, c) => n + c.received, 0);
  const done = new Promise<void>((resolve) => {
    const check = () => received() >= total && resolve();
    for (const c of clients) c.onMessage = check;
  });
  const t2 = performance.now();
  const BATCH = 500;
  for (let i = 0; i < total; i += BATCH) {
    for (const p of prepared.slice(i, i + BATCH)) emulator.contact(contacts[0]).push(p);
    await new Promise((r) => setImmediate(r)); // let socket I/O flow between batches
  }
  await done;
  const pushMs = performance.now() - t2;
  const pushedPerSec = rate(total, pushMs);
  console.log(`pushed ${total} messages to ${connectedClients} clients in ${Math.round(pushMs)} ms: ${pushedPerSec} msg/s`);

  // 4. Live path (encrypt + push per message, what contact.sendText does), over 2 s.
  const liveStart = received();
  const t3 = performance.now();
  let live = 0;
  while (performance.now() - t3 < 2000) {
    const account = accounts[live % accounts.length];
    await emulator.contact(contacts[live % CONTACTS]).sendText(account, `live ${live}`);
    live++;
  }
  const liveMs = performance.now() - t3;
  await new Promise<void>((resolve) => {
    const check = () => received() - liveStart >= live && resolve();
    for (const c of clients) c.onMessage = check;
    check();
  });
  const livePerSec = rate(live, liveMs);
  console.log(`live sendText (encrypt + push): ${livePerSec} msg/s`);

  // 5. Baseline without Signal: a channel post fanned out to every client (plaintext stanzas).
  const channel = emulator.createChannel({ name: 'bench', followers: accounts });
  const posts = Math.max(1, Math.floor(MESSAGES / connectedClients));
  const baseStart = received();
  const t4 = performance.now();
  const baseDone = new Promise<void>((resolve) => {
    const check = () => received() - baseStart >= posts * connectedClients && resolve();
    for (const c of clients) c.onMessage = check;
  });
  for (let i = 0; i < posts; i++) {
    emulator.postToChannel(channel, `post ${i}`);
    await new Promise((r) => setImmediate(r));
  }
  await baseDone;
  const baselineMs = performance.now() - t4;
  const fanoutPerSec = rate(posts * connectedClients, baselineMs);
  console.log(`baseline (plaintext channel fan-out, no Signal): ${fanoutPerSec} stanzas/s`);

  const result = {
    connectedClients,
    pushedPerSec,
    scale: full ? 'full' : 'default',
    messages: total,
    connectMs: Math.round(connectMs),
    encryptPerSec: rate(MESSAGES, encryptMs),
    liveSendPerSec: livePerSec,
    baselineFanoutPerSec: fanoutPerSec,
    rssMb: mb(process.memoryUsage().rss),
    node: process.version,
    at: new Date().toISOString(),
  };
  const out = resolve('bench/results/emulator.json'); // scripts run from the repository root
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(result, null, 2) + '\n');
  console.log(JSON.stringify(result));
  for (const c of clients) c.close();
  await emulator.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
