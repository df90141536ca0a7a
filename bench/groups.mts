/**
 * Groups benchmark (numbers, not pass/fail), against the emulator on loopback. One group of
 * MEMBERS members: the linked account and 255 emulated contacts.
 *   groupSendsPerSec          SENDS texts through POST .../messages with `to` = the group (a gateway
 *                             process on the real PostgreSQL server, pacing off), first POST → the
 *                             emulator has fanned the last one out to every member
 *   bareGroupSendsPerSec      the same sends through our adapter (libs/whatsapp, compiled) in a plain
 *                             Node process with in-memory state (bench/support/bare-group.mjs), linked
 *                             to another account in an identical group, one after the other as the
 *                             gateway's per-session queue sends them, the group's metadata kept in memory
 *   groupInboundPerSec        INBOUND texts from SENDERS contacts to the group, pre-encrypted, pushed;
 *                             the clock stops when the gateway has stored them all
 *   bareGroupInboundPerSec    the same stream to the bare socket; the clock stops when it received all
 *   metadataQueriesPer1000Sends  metadata queries the gateway made of the group (the emulator's
 *                             per-group counter) during its sends (warm-up included), per 1,000 sends
 * Before each timed run one warm-up send gives every member the sender's key (a pairwise message
 * per member device, after fetching their devices and key bundles); its time is reported apart.
 * Members: one strict contact decrypts everything (its inbox checks that every send arrived); the
 * other 254 take group messages without decrypting them (the emulator's skipGroupDecryption: its
 * contacts verify each sender-key signature in pure JS, ~10 ms, which would make the emulator the
 * bottleneck) and still answer each send with a delivery receipt, as members' phones do.
 *
 *   npm run bench:groups    # BENCH_GROUP_SENDS=300 BENCH_GROUP_INBOUND=2000 BENCH_GROUP_SENDERS=8 BENCH_TIMEOUT_MS=1800000
 * Writes bench/results/groups.json. Stops by itself: a watchdog writes the partial figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { BufferJSON, initAuthCreds } from '@whiskeysockets/baileys';
import pg from 'pg';
import { WaEmulator, type Account, type Contact, type Group, type PreparedMessage } from '../libs/wa-emulator/src/index';
import { buildGateway } from '../test/support/gateway-process';
import { linkSessions, sleep, startBenchGateway, until, type BenchGateway } from './support/gateway-bench';
import { cpuSeconds } from './support/process-probe';

const MEMBERS = 256;
const SENDS = Number(process.env.BENCH_GROUP_SENDS ?? 300);
const INBOUND = Number(process.env.BENCH_GROUP_INBOUND ?? 2000);
const SENDERS = Number(process.env.BENCH_GROUP_SENDERS ?? 8);
/** The whole run, build included. */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 1_800_000);
const ROOT = process.cwd(); // npm runs scripts from the package root
const FILE = resolve(ROOT, 'bench/results/groups.json');
const rate = (n: number, ms: number) => Math.round((n * 1000) / ms);
const round = (x: number) => Math.round(x * 10) / 10;

/** The figures as they come in; the watchdog writes whatever is there. */
const figures = {
  groupSendsPerSec: null as number | null,
  bareGroupSendsPerSec: null as number | null,
  groupInboundPerSec: null as number | null,
  bareGroupInboundPerSec: null as number | null,
  metadataQueriesPer1000Sends: null as number | null,
};
const details: Record<string, unknown> = {};
const cleanups: (() => Promise<unknown> | unknown)[] = [];

function write(complete: boolean, error?: string): void {
  const result = {
    members: MEMBERS,
    ...figures,
    complete,
    ...(error ? { error } : {}),
    sends: SENDS,
    inbound: INBOUND,
    senders: SENDERS,
    details,
    note:
      'Sends: one after the other per session (the gateway queue; the bare process awaits each acknowledgement), pacing off; done = the emulator has handed the message to every member device (its group-message event), first POST (bare: first send) → last done; warm-up send apart (firstSendMs). Inbound: pre-encrypted texts from several contacts, pushed at once; gateway = stored (rows), bare = received by the adapter. One strict member decrypts everything; 254 members do not decrypt (emulator skipGroupDecryption) but send delivery receipts. cpuMsPer*: CPU time of the gateway / bare process / benchmark process (emulator) over the timed part, per message. The gateway runs as its own process on PostgreSQL; bare = our adapter with in-memory state in a plain Node process.',
    node: process.version,
    at: new Date().toISOString(),
  };
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(FILE, JSON.stringify(result, null, 2) + '\n');
  const shown = Object.fromEntries(Object.entries(result).slice(0, 7));
  process.stdout.write(`${JSON.stringify(shown, null, 2)}\n${complete ? '' : 'PARTIAL figures: '}written to ${FILE}\n`);
}

/** Times when the emulator finished fanning out a device's message to the group, by message id. */
function fanOutWatch(emulator: WaEmulator, group: Group): { done: Map<string, number>; off: () => void } {
  const done = new Map<string, number>();
  const on = (g: Group, id: string, sender: { kind: string }) => {
    if (g === group && sender.kind === 'device' && !done.has(id)) done.set(id, performance.now());
  };
  emulator.world.on('group-message', on);
  return { done, off: () => emulator.world.off('group-message', on) };
}

/**
 * INBOUND texts from the SENDERS contacts, round-robin, to the group, pre-encrypted. The strict
 * member, there to check the sends, skips them (it will receive nothing from these senders again).
 */
async function prepareInbound(emulator: WaEmulator, group: Group, senders: Contact[], strict: Contact, prefix: string): Promise<PreparedMessage[]> {
  const out: PreparedMessage[] = [];
  emulator.contact(strict).skipGroupDecryption();
  try {
    for (let i = 0; i < INBOUND; i++) {
      out.push(await emulator.contact(senders[i % senders.length]).prepareGroupMessage(group, { conversation: `${prefix} ${i}` }));
      // Encrypting never waits for I/O: let the emulator serve its connections (keep-alives) meanwhile.
      await new Promise((r) => setImmediate(r));
    }
  } finally {
    emulator.contact(strict).skipGroupDecryption(false);
  }
  return out;
}

function texts(contact: Contact, group: Group, prefix: string): number {
  const seen = new Set<string>();
  for (const m of contact.inbox) {
    const text = m.message.conversation ?? m.message.extendedTextMessage?.text ?? '';
    if (m.group === group.jid && text.startsWith(`${prefix} `)) seen.add(text);
  }
  return seen.size;
}

/** Our adapter in a process of its own, state in memory, storing nothing; its group is made in the emulator world. */
async function bareRun(emulator: WaEmulator, account: Account, contacts: Contact[], strict: Contact, senders: Contact[], gatewayMain: string): Promise<void> {
  const creds = initAuthCreds();
  emulator.phone(account).linkCreds(creds);
  const credsFile = join(mkdtempSync(join(tmpdir(), 'wgw-bare-')), 'creds.json');
  writeFileSync(credsFile, JSON.stringify(JSON.stringify(creds, BufferJSON.replacer)));
  const child: ChildProcess = spawn(process.execPath, [resolve(ROOT, 'bench/support/bare-group.mjs')], {
    env: {
      ...process.env,
      BUILD_DIR: resolve(dirname(gatewayMain), '..'),
      CREDS_FILE: credsFile,
      WA_WEBSOCKET_URL: emulator.url,
      WA_TRUST_ROOT_PUBLIC_KEY: emulator.rootPublicKey.toString('base64'),
    },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  cleanups.push(() => child.kill('SIGKILL'));
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  const find = (re: RegExp) => out.split('\n').map((l) => re.exec(l)).find((m) => m !== null);
  /** The bare process's answer to the last command (its output is read from there on). */
  const answer = async (re: RegExp, timeoutMs: number, what: string): Promise<RegExpExecArray> => {
    await until(() => !!find(re) || /^failed /m.test(out), timeoutMs, what, 5);
    const m = find(re);
    if (!m) throw new Error(`bare process: ${/^failed (.*)$/m.exec(out)?.[1]}`);
    out = '';
    return m;
  };
  try {
    await answer(/^ready$/, 60_000, 'the bare process to start');
    child.stdin!.write('go\n');
    await answer(/^connected \d+/, 120_000, 'the bare socket to connect');
    const group = emulator.createGroup({ subject: 'Bench bare', creator: account, participants: contacts });
    child.stdin!.write(`group ${group.jid}\n`);
    const [, size] = await answer(/^group (\d+)/, 60_000, 'the bare process to read the group');
    if (Number(size) !== MEMBERS) throw new Error(`the bare group has ${size} members`);
    const watch = fanOutWatch(emulator, group);
    cleanups.push(watch.off);

    let started = performance.now();
    child.stdin!.write(`send ${group.jid} 1 bare-warm\n`);
    await until(() => watch.done.size >= 1, 300_000, 'the bare warm-up send', 5);
    details.bareFirstSendMs = Math.round(performance.now() - started);
    await answer(/^sent 1 /, 60_000, 'the bare warm-up send to return');

    const cpu = cpuSeconds(child.pid!);
    const own = process.cpuUsage();
    started = performance.now();
    child.stdin!.write(`send ${group.jid} ${SENDS} bare-out\n`);
    await until(() => watch.done.size >= SENDS + 1, 600_000, 'the bare sends to fan out', 5);
    const ms = performance.now() - started;
    figures.bareGroupSendsPerSec = rate(SENDS, ms);
    details.bareSendCpuMsPerSend = round(((cpuSeconds(child.pid!) - cpu) * 1000) / SENDS);
    details.emulatorCpuMsPerBareSend = round(cpuMs(process.cpuUsage(own)) / SENDS);
    await answer(/^sent \d+ /, 60_000, 'the bare sends to return');
    await until(() => texts(strict, group, 'bare-out') >= SENDS, 30_000, 'the strict member to have every bare send', 20);
    process.stdout.write(`bare: ${SENDS} group sends in ${Math.round(ms)} ms (${figures.bareGroupSendsPerSec}/s), first send ${details.bareFirstSendMs} ms\n`);

    const stream = await prepareInbound(emulator, group, senders, strict, 'bare-in');
    await sleep(500); // the sends' receipts and acks settle
    child.stdin!.write(`expect ${group.jid} ${INBOUND}\n`);
    await sleep(200);
    const inCpu = cpuSeconds(child.pid!);
    const inOwn = process.cpuUsage();
    started = performance.now();
    for (const p of stream) emulator.contact(senders[0]).push(p);
    await answer(/^received \d+/, 600_000, 'the bare socket to receive the stream');
    const inMs = performance.now() - started;
    figures.bareGroupInboundPerSec = rate(INBOUND, inMs);
    details.bareInboundCpuMsPerMessage = round(((cpuSeconds(child.pid!) - inCpu) * 1000) / INBOUND);
    details.emulatorCpuMsPerBareInbound = round(cpuMs(process.cpuUsage(inOwn)) / INBOUND);
    process.stdout.write(`bare: ${INBOUND} inbound group messages in ${Math.round(inMs)} ms (${figures.bareGroupInboundPerSec}/s)\n`);
    watch.off();
  } finally {
    child.kill('SIGKILL');
  }
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function gatewayRun(emulator: WaEmulator, account: Account, contacts: Contact[], strict: Contact, senders: Contact[], main: string): Promise<void> {
  const g: BenchGateway = await startBenchGateway(emulator, { SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '0', RATE_LIMIT_PER_SECOND: '0' }, main);
  cleanups.push(() => g.close());
  const client = new pg.Client({ connectionString: g.db.url });
  await client.connect();
  cleanups.push(() => client.end());
  const count = async (sql: string, params: unknown[] = []) => Number((await client.query(sql, params)).rows[0].n);
  const pid = g.gw.child.pid!;
  try {
    const [session] = await linkSessions(g, emulator, [account]);
    // The group, made through the API: the gateway stores it from WhatsApp's answer.
    const created = await g.call('POST', `/sessions/${session}/groups`, { subject: 'Bench', participants: contacts.map((c) => c.phone) });
    const jid: string | undefined = created?.group?.jid;
    if (!jid) throw new Error(`creating the group failed: ${JSON.stringify(created).slice(0, 500)}`);
    const notDone = (created.participants as { result: string }[]).filter((p) => p.result !== 'done').length;
    if (notDone) throw new Error(`${notDone} participants were not added`);
    await until(async () => (await g.call('GET', `/sessions/${session}/groups/${jid}`)).size === MEMBERS, 30_000, 'the gateway to store the group', 100);
    const group = emulator.group(jid);
    const watch = fanOutWatch(emulator, group);
    cleanups.push(watch.off);
    const post = (text: string) => g.call('POST', `/sessions/${session}/messages`, { to: jid, type: 'text', text });

    const queriesBefore = group.metadataQueries;
    let started = performance.now();
    const warm = await post('gw-warm');
    if (!warm?.id) throw new Error(`the warm-up send was refused: ${JSON.stringify(warm).slice(0, 500)}`);
    await until(() => watch.done.size >= 1, 300_000, 'the gateway warm-up send', 5);
    details.firstSendMs = Math.round(performance.now() - started);

    const cpu = cpuSeconds(pid);
    const own = process.cpuUsage();
    started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next < SENDS) {
          const i = next++;
          const res = await post(`gw-out ${i}`);
          if (!res?.id) throw new Error(`a send was refused: ${JSON.stringify(res).slice(0, 500)}`);
        }
      }),
    );
    details.postsMs = Math.round(performance.now() - started);
    await until(() => watch.done.size >= SENDS + 1, 600_000, 'the gateway sends to fan out', 5);
    const ms = performance.now() - started;
    figures.groupSendsPerSec = rate(SENDS, ms);
    details.gatewayCpuMsPerSend = round(((cpuSeconds(pid) - cpu) * 1000) / SENDS);
    details.emulatorCpuMsPerGatewaySend = round(cpuMs(process.cpuUsage(own)) / SENDS);
    const queries = group.metadataQueries - queriesBefore;
    details.metadataQueriesDuringSends = queries;
    figures.metadataQueriesPer1000Sends = round((queries * 1000) / (SENDS + 1));
    await until(() => texts(strict, group, 'gw-out') >= SENDS, 30_000, 'the strict member to have every gateway send', 20);
    process.stdout.write(`gateway: ${SENDS} group sends in ${Math.round(ms)} ms (${figures.groupSendsPerSec}/s), first send ${details.firstSendMs} ms, ${queries} metadata queries\n`);
    await until(async () => (await count(`SELECT count(*) AS n FROM messages WHERE from_me AND chat_jid = $1 AND status = 'queued'`, [jid])) === 0, 30_000, 'the send rows to leave queued', 100);
    details.gatewaySendStatuses = Object.fromEntries(
      (await client.query(`SELECT status, count(*)::int AS n FROM messages WHERE from_me AND chat_jid = $1 GROUP BY status`, [jid])).rows.map((r) => [r.status, r.n]),
    );

    const stream = await prepareInbound(emulator, group, senders, strict, 'gw-in');
    await sleep(500); // the sends' receipts and acks settle
    const inQueriesBefore = group.metadataQueries;
    const stored = () => count(`SELECT count(*) AS n FROM messages WHERE NOT from_me AND chat_jid = $1 AND text LIKE 'gw-in %'`, [jid]);
    const inCpu = cpuSeconds(pid);
    const inOwn = process.cpuUsage();
    started = performance.now();
    for (const p of stream) emulator.contact(senders[0]).push(p);
    await until(async () => (await stored()) >= INBOUND, 600_000, 'the gateway to store the stream', 50);
    const inMs = performance.now() - started;
    figures.groupInboundPerSec = rate(INBOUND, inMs);
    details.gatewayInboundCpuMsPerMessage = round(((cpuSeconds(pid) - inCpu) * 1000) / INBOUND);
    details.emulatorCpuMsPerGatewayInbound = round(cpuMs(process.cpuUsage(inOwn)) / INBOUND);
    details.metadataQueriesDuringInbound = group.metadataQueries - inQueriesBefore;
    // Sender keys as stored (Baileys skips one chain step per message it encrypts and keeps the skipped key: they grow).
    const keyRows = await client.query(`SELECT key_id, length(data)::int AS bytes FROM wa_auth_keys WHERE type = 'sender-key'`);
    details.gatewaySenderKeyBytes = {
      own: keyRows.rows.find((r) => r.key_id.includes(account.lid))?.bytes ?? null,
      contactsMax: Math.max(0, ...keyRows.rows.filter((r) => !r.key_id.includes(account.lid)).map((r) => r.bytes)),
    };
    details.inboundSenders = await count(`SELECT count(DISTINCT sender_jid) AS n FROM messages WHERE NOT from_me AND chat_jid = $1 AND text LIKE 'gw-in %'`, [jid]);
    process.stdout.write(`gateway: ${INBOUND} inbound group messages stored in ${Math.round(inMs)} ms (${figures.groupInboundPerSec}/s)\n`);
    watch.off();
  } finally {
    await client.end();
    await g.close();
  }
}

async function main(): Promise<void> {
  const began = Date.now();
  process.stdout.write(`groups benchmark: ${MEMBERS} members, ${SENDS} sends, ${INBOUND} inbound from ${SENDERS} contacts\n`);
  // Last resort: whatever hangs, the partial figures are written and the process ends.
  const watchdog = setTimeout(async () => {
    process.stdout.write('watchdog: the run took too long; writing the partial figures\n');
    write(false, 'watchdog');
    for (const c of cleanups.reverse()) await Promise.race([Promise.resolve().then(c), sleep(10_000)]).catch(() => undefined);
    process.exit(2);
  }, TIMEOUT_MS);
  watchdog.unref();
  const emulator = await WaEmulator.start({ admin: false });
  emulator.trustInThisProcess();
  cleanups.push(() => emulator.stop());
  try {
    const main = buildGateway();
    const contacts = Array.from({ length: MEMBERS - 1 }, () => emulator.addContact());
    // One strict member checks every message; the others only answer with receipts (see the header).
    const [strict, ...others] = contacts;
    for (const c of others) emulator.contact(c).skipGroupDecryption();
    const senders = others.slice(0, SENDERS);
    await bareRun(emulator, emulator.addAccount(), contacts, strict, senders, main);
    await gatewayRun(emulator, emulator.addAccount(), contacts, strict, senders, main);
    const s = emulator.stats();
    details.emulator = { retryReceipts: s.retryReceipts, nacks: s.nacks, retryReceiptsFromDevices: s.retryReceiptsFromDevices, contactResends: s.contactResends };
    details.load = loadavg().map((x) => round(x));
    details.seconds = Math.round((Date.now() - began) / 1000);
    write(true);
  } catch (e) {
    details.load = loadavg().map((x) => round(x));
    write(false, (e as Error).message);
    for (const c of cleanups.reverse()) await Promise.race([Promise.resolve().then(c), sleep(10_000)]).catch(() => undefined);
    clearTimeout(watchdog);
    process.exit(1);
  }
  clearTimeout(watchdog);
  await emulator.stop();
  process.exit(0);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
