/**
 * `npm run demo`: the gateway against an emulated WhatsApp, no phone needed. DEMO / TEST ONLY.
 *
 * In this process: the WhatsApp emulator (libs/wa-emulator) with a small world that stays the same
 * across runs (one account = the demo's phone, two contacts who answer what they receive, a group
 * "Demo Team" of the three where both contacts answer too, one channel that posts every few
 * seconds). As a child process: the gateway (dist/ when it is up to date, as `npm start` leaves
 * it; otherwise built by `nest build` into a private folder), on the embedded database, configured
 * (by environment, only here) to trust the emulator's root key instead of WhatsApp's. It boots while the emulator starts. Then an organization key, a session
 * linked by scanning its QR with the emulated phone, and the lines to copy. Ana's welcome message
 * is sent on the first run only; the contacts answer like people (see answerTo).
 *
 * Everything lives under DEMO_DIR (default data/demo): emulator keys and world, the gateway's
 * data, the key and session id, gateway.log. Running it again reuses them. Ctrl-C stops it all.
 *   DEMO_DIR=...        where to keep the demo's data (default data/demo)
 *   DEMO_PORT=3000      the gateway's port (0 = any free port)
 *   DEMO_POST_EVERY_MS  interval of the channel's posts (default 3000)
 * package.json runs it as `exec node --import tsx scripts/demo.mts`, so that Ctrl-C reaches this
 * process directly: without `exec`, npm's `sh -c` dies at once and npm returns to the prompt before
 * the demo has stopped; under the `tsx` command, tsx SIGKILLs its child when it does not report the
 * signal within 30 ms, which a busy demo can miss.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { Curve } from '@whiskeysockets/baileys';
import { Channel, Group, WaEmulator, type Account, type Contact, type ContactApi, type ReceivedMessage } from '../libs/wa-emulator/src/index';
import { createMediaTls } from '../libs/wa-emulator/src/media/media-ca';

// argv[1] is this file (node --import tsx scripts/demo.mts); import.meta is out of reach of the project's tsconfig.
const ROOT = resolve(dirname(resolve(process.argv[1])), '..');
const DEMO_DIR = resolve(ROOT, process.env.DEMO_DIR ?? 'data/demo');
const EMU_DIR = join(DEMO_DIR, 'emulator');
const GATEWAY_DIR = join(DEMO_DIR, 'gateway');
const STATE_FILE = join(DEMO_DIR, 'demo.json');
const LOG_FILE = join(DEMO_DIR, 'gateway.log');
const BUILD_ROOT = join(ROOT, 'node_modules', '.cache', 'wgw-demo-gateway');
const PORT = process.env.DEMO_PORT ?? '3000';
const POST_EVERY_MS = Number(process.env.DEMO_POST_EVERY_MS ?? 3000);
const ORG = 'demo';
const SESSION_NAME = 'demo';
const GROUP_SUBJECT = 'Demo Team';

const say = (line = '') => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const shown = (p: string) => (relative(ROOT, p).startsWith('..') ? p : relative(ROOT, p));

// ---------------------------------------------------------------- the emulated world, persisted

interface WorldFile {
  account: { phone: string; lid: string; name: string };
  contacts: { phone: string; lid: string; name: string }[];
  channel: { jid: string; name: string; description: string; nextServerId: number };
  /** The group "Demo Team" (phone numbers), once created on the first run: its JID stays the same. */
  group?: { jid: string; subject: string; creator: string; participants: string[]; creation: number };
}

const DEFAULT_WORLD: WorldFile = {
  account: { phone: '15550001000', lid: '201000000001000', name: 'Demo Phone' },
  contacts: [
    { phone: '15559001001', lid: '209000000001001', name: 'Ana' },
    { phone: '15559001002', lid: '209000000001002', name: 'Ben' },
  ],
  channel: { jid: '120363000000001000@newsletter', name: 'Gateway Demo News', description: 'Posts every few seconds', nextServerId: 100 },
};

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/** The emulator's Noise root key and media CA, kept so the gateway's trust settings stay valid. */
function loadOrCreateTrust(): { rootKey: { public: Buffer; private: Buffer }; mediaCa: { caPem: string; caKeyPem: string }; caFile: string } {
  mkdirSync(EMU_DIR, { recursive: true });
  const rootFile = join(EMU_DIR, 'root-key.json');
  const caFile = join(EMU_DIR, 'media-ca.pem');
  const caKeyFile = join(EMU_DIR, 'media-ca.key.pem');
  let root = readJson<{ public: string; private: string }>(rootFile);
  if (!root) {
    const kp = Curve.generateKeyPair();
    root = { public: Buffer.from(kp.public).toString('base64'), private: Buffer.from(kp.private).toString('base64') };
    writeFileSync(rootFile, JSON.stringify(root), { mode: 0o600 });
  }
  if (!existsSync(caFile) || !existsSync(caKeyFile)) {
    const tls = createMediaTls();
    writeFileSync(caFile, tls.caPem);
    writeFileSync(caKeyFile, tls.caKeyPem, { mode: 0o600 });
  }
  return {
    rootKey: { public: Buffer.from(root.public, 'base64'), private: Buffer.from(root.private, 'base64') },
    mediaCa: { caPem: readFileSync(caFile, 'utf8'), caKeyPem: readFileSync(caKeyFile, 'utf8') },
    caFile,
  };
}

/**
 * The same account, contacts and channel on every run (numbers, LIDs and channel JID fixed, the
 * channel's post counter carried on), so the gateway's stored chats and channel stay the same.
 * The group is created once, after the first pairing (see ensureDemoGroup); later runs put it back
 * as it was saved (same JID, creator, members; no notification: the gateway has it stored).
 * The emulator keeps no linked devices across restarts: on a rerun the session is re-paired.
 */
function buildWorld(emulator: WaEmulator, file: string): { world: WorldFile; account: Account; contacts: Contact[]; channel: Channel; group?: Group } {
  const world = readJson<WorldFile>(file) ?? DEFAULT_WORLD;
  writeFileSync(file, JSON.stringify(world, null, 2));
  const account = emulator.addAccount(world.account);
  const contacts = world.contacts.map((c) => emulator.addContact(c));
  for (const c of contacts) emulator.contact(c).setAutoReceipts({ delivered: true, read: true });
  const channel = new Channel(world.channel.jid, world.channel.name, world.channel.description);
  channel.nextServerId = world.channel.nextServerId;
  channel.followers.add(account.phone);
  emulator.world.channels.set(channel.jid, channel);
  const group = world.group ? restoreGroup(emulator, world.group) : undefined;
  return { world, account, contacts, channel, group };
}

type Party = Group['creator'];

/** A group as saved in world.json, back in the emulator's world: the creator its superadmin, the others members. */
function restoreGroup(emulator: WaEmulator, saved: NonNullable<WorldFile['group']>): Group {
  const party = (phone: string): Party => {
    const account = emulator.world.accounts.get(phone);
    if (account) return { kind: 'account', account };
    const contact = emulator.world.contacts.get(phone);
    if (contact) return { kind: 'contact', contact };
    throw new Error(`the saved group ${saved.jid} names ${phone}, who is not in the demo world`);
  };
  const lidOf = (p: Party) => (p.kind === 'account' ? p.account.lidJid : p.contact.lidJid);
  const creator = party(saved.creator);
  const group = new Group(saved.jid.replace(/@g\.us$/, ''), creator, saved.subject, saved.creation);
  group.members.set(lidOf(creator), { party: creator, role: 'superadmin', since: saved.creation });
  for (const phone of saved.participants) {
    const p = party(phone);
    if (!group.members.has(lidOf(p))) group.members.set(lidOf(p), { party: p, role: 'member', since: saved.creation });
  }
  emulator.world.groups.set(group.jid, group);
  return group;
}

// ---------------------------------------------------------------- the gateway process

/** The emulator's media CA added to the CAs this shell already adds (NODE_EXTRA_CA_CERTS takes one file). */
function caBundle(mediaCaFile: string): string {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra || !existsSync(extra)) return mediaCaFile;
  const bundle = join(EMU_DIR, 'ca-bundle.pem');
  writeFileSync(bundle, `${readFileSync(extra, 'utf8').trimEnd()}\n${readFileSync(mediaCaFile, 'utf8')}`);
  return bundle;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * `nest build` into a private folder (never dist/, which `npm start` may be running), one folder
 * per state of the sources: built under a temporary name and renamed into place, so two demos (or
 * the demo test next to a running demo) never delete each other's build while it runs.
 */
/**
 * The dashboard the gateway serves from dist/dashboard (under its working folder): built by
 * `vite build` when missing or older than its sources. False (and said) when it cannot be built.
 */
async function buildDashboard(): Promise<boolean> {
  if ((await run(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.cjs'), '--check-dashboard'])).code === 0) return true;
  say('Building the dashboard (vite build)…');
  const out = await run(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'libs/dashboard/vite.config.ts', '--logLevel', 'warn']);
  if (out.code !== 0) say(`The dashboard could not be built; the demo goes on without it:\n${out.output.slice(-2000)}`);
  return out.code === 0;
}

async function buildGateway(): Promise<string> {
  // `npm start` (or `npm run apikey`) built dist/ and nothing changed since: run that, no build.
  const distMain = join(ROOT, 'dist', 'src', 'main.js');
  if ((await run(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.cjs'), '--check'])).code === 0 && existsSync(distMain)) return distMain;
  const sources = Math.max(
    newestMtime(join(ROOT, 'src')),
    newestMtime(join(ROOT, 'libs', 'whatsapp')),
    ...['package-lock.json', 'tsconfig.json', 'tsconfig.build.json'].map((f) => statSync(join(ROOT, f)).mtimeMs),
  );
  const dir = join(BUILD_ROOT, `build-${Math.floor(sources)}`);
  const main = join(dir, 'src', 'main.js');
  if (existsSync(main)) return main;
  say('Building the gateway (nest build)…');
  mkdirSync(BUILD_ROOT, { recursive: true });
  const tmp = `${dir}.tmp-${process.pid}`;
  const tsconfig = `${tmp}.tsconfig.json`;
  writeFileSync(tsconfig, JSON.stringify({ extends: join(ROOT, 'tsconfig.build.json'), compilerOptions: { outDir: tmp, rootDir: ROOT } }));
  try {
    const out = await run(join(ROOT, 'node_modules', '.bin', 'nest'), ['build', '-p', relative(ROOT, tsconfig)]);
    if (out.code !== 0 || !existsSync(join(tmp, 'src', 'main.js'))) throw new Error(`nest build failed:\n${out.output}`);
    try {
      renameSync(tmp, dir);
    } catch {
      if (!existsSync(main)) throw new Error(`could not move the build to ${dir}`);
      // Another demo finished the same build first: use theirs.
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(tsconfig, { force: true });
  }
  // Keep this build and the previous one (a demo may still run it); older ones go.
  const builds = readdirSync(BUILD_ROOT).filter((n) => /^build-\d+$/.test(n)).sort((a, b) => Number(b.slice(6)) - Number(a.slice(6)));
  for (const old of builds.slice(2)) rmSync(join(BUILD_ROOT, old), { recursive: true, force: true });
  return main;
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ code: number; stdout: string; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let output = '';
    child.stdout.on('data', (c) => ((stdout += c), (output += c)));
    child.stderr.on('data', (c) => (output += c));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code: code ?? 1, stdout, output }));
  });
}

interface Gateway {
  child: ChildProcess;
  baseUrl: string;
  trustWarning: boolean;
  tail(): string;
}

/** A loopback port free right now (the emulator takes it a moment later). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolvePromise) => server.listen(0, '127.0.0.1', resolvePromise));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolvePromise) => server.close(resolvePromise));
  return port;
}

/** Spawns the gateway at once; `listening` resolves when it says where it listens. */
function launchGateway(main: string, env: NodeJS.ProcessEnv, log: WriteStream): { gateway: Gateway; listening: Promise<void> } {
  // Its own process group: Ctrl-C reaches only the demo, which then stops the gateway once,
  // in order (a second SIGINT during Nest's shutdown would kill it half-way).
  // Its stdin stays open while the demo lives: demo-watchdog.cjs stops the gateway when it closes.
  const watchdog = join(ROOT, 'scripts', 'demo-watchdog.cjs');
  const child = spawn(process.execPath, ['--require', watchdog, main], { cwd: ROOT, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  let recent = '';
  const gateway: Gateway = { child, baseUrl: '', trustWarning: false, tail: () => recent.split('\n').slice(-30).join('\n') };
  const onData = (chunk: Buffer) => {
    log.write(chunk);
    recent = (recent + chunk.toString()).slice(-20_000);
    if (!gateway.trustWarning && recent.includes('trusts a WhatsApp EMULATOR')) gateway.trustWarning = true;
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const listening = new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start within 45 s:\n${gateway.tail()}`)), 45_000);
    const check = () => {
      const m = /listening on (http:\/\/\S+)/.exec(recent);
      if (m) {
        clearTimeout(timer);
        child.stdout!.off('data', check);
        child.off('exit', onExit);
        gateway.baseUrl = m[1];
        resolvePromise();
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      const busy = /EADDRINUSE/.test(recent) ? `\nPort ${PORT} is taken: run DEMO_PORT=<another port> npm run demo` : '';
      reject(new Error(`the gateway exited with ${code} during start:\n${gateway.tail()}${busy}`));
    };
    child.stdout!.on('data', check);
    child.once('exit', onExit);
  });
  listening.catch(() => undefined); // awaited later; never an unhandled rejection meanwhile
  return { gateway, listening };
}

// ---------------------------------------------------------------- the gateway's API

interface DemoState {
  apiKey?: string;
  sessionId?: string;
  /** Ana's welcome was sent (once, on the first run: it is stored with the chat). */
  welcomed?: boolean;
}

function api(baseUrl: string, key: string) {
  return async (method: string, path: string, json?: unknown): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      body: json === undefined ? undefined : JSON.stringify(json),
    });
    const text = await res.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: res.status, body };
  };
}

/** The demo's organization key: reused while it works, else created with the apikey CLI. */
async function ensureApiKey(baseUrl: string, env: NodeJS.ProcessEnv, state: DemoState, gatewayMain: string): Promise<string> {
  if (state.apiKey && (await api(baseUrl, state.apiKey)('GET', '/sessions?limit=1')).status === 200) return state.apiKey;
  // The CLI attaches to the running gateway's embedded database (DATA_DIR/embedded-postgres.json).
  const cli = join(dirname(gatewayMain), 'cli', 'apikey.js');
  const out = await run(process.execPath, [cli, 'create', '--org', ORG, '--name', 'npm run demo', '--capabilities', 'send,manage,admin'], env);
  const key = out.stdout.trim();
  if (out.code !== 0 || !key.startsWith('wgw_')) throw new Error(`could not create an API key:\n${out.output}`);
  return key;
}

async function ensureSession(call: ReturnType<typeof api>, state: DemoState): Promise<string> {
  if (state.sessionId && (await call('GET', `/sessions/${state.sessionId}`)).status === 200) return state.sessionId;
  const created = await call('POST', '/sessions', { name: SESSION_NAME });
  if (created.status === 201) return created.body.id;
  if (created.status === 409) {
    const list = await call('GET', '/sessions?limit=200');
    const found = list.body?.items?.find((s: { name: string }) => s.name === SESSION_NAME);
    if (found) return found.id;
  }
  throw new Error(`could not create the demo session: ${created.status} ${JSON.stringify(created.body)}`);
}

/**
 * Brings the session to `connected` on the emulated phone: starts it, scans each QR it shows.
 * On a rerun the stored device is unknown to the fresh emulator (401 → logged_out), so it pairs again.
 */
async function ensureLinked(call: ReturnType<typeof api>, sessionId: string, emulator: WaEmulator, account: Account): Promise<void> {
  const deadline = Date.now() + 60_000;
  const scanned = new Set<string>();
  let lastStatus = '';
  while (Date.now() < deadline) {
    const { body: s } = await call('GET', `/sessions/${sessionId}`);
    lastStatus = s?.status;
    if (s?.status === 'connected' && emulator.phone(account).isConnected()) return;
    if (s?.status === 'pairing') {
      const qr = await call('GET', `/sessions/${sessionId}/qr`);
      if (qr.status === 200 && !scanned.has(qr.body.qr)) {
        scanned.add(qr.body.qr);
        await emulator.phone(account).scanQr(qr.body.qr).catch(() => undefined);
      }
    } else if (['stopped', 'logged_out', 'failed'].includes(s?.status)) {
      await call('POST', `/sessions/${sessionId}:start`);
    }
    await sleep(200);
  }
  throw new Error(`the session did not connect within 60 s (status ${lastStatus})`);
}

// ---------------------------------------------------------------- the live demo world

/** A contact that can also vote in polls (when the emulator models poll votes). */
type Replier = ContactApi & { votePoll?: (to: Account, poll: ReceivedMessage, optionNames: string[]) => Promise<unknown> };

/**
 * How a demo contact answers what the demo phone sent, like a person would: a text to a text,
 * a word (or a smile) to media, a vote to a poll, and nothing at all to what is not a message to
 * answer (reactions, revokes, edits and other protocol messages, votes).
 */
function answerTo(m: ReceivedMessage, name: string): { text: string } | { react: string } | { vote: string } | undefined {
  const msg = m.message;
  const text = msg.conversation ?? msg.extendedTextMessage?.text ?? undefined;
  if (text !== undefined && text !== null) return { text: `${name} here (demo contact). You said: "${text}"` };
  if (msg.imageMessage) return { text: msg.imageMessage.caption ? `Nice picture! "${msg.imageMessage.caption}", indeed.` : 'Nice picture!' };
  if (msg.videoMessage) return { text: 'Nice video, thanks!' };
  if (msg.audioMessage) return { text: msg.audioMessage.ptt ? "Thanks for the voice note, I'll listen to it in a moment." : 'Thanks for the audio!' };
  if (msg.documentMessage) return { text: `Got your document${msg.documentMessage.fileName ? ` "${msg.documentMessage.fileName}"` : ''}, thanks.` };
  if (msg.stickerMessage) return { react: '😄' };
  if (msg.locationMessage) return { text: `Thanks, see you ${msg.locationMessage.name ? `at ${msg.locationMessage.name}` : 'there'}!` };
  if (msg.contactMessage) return { text: `Thanks, I saved ${msg.contactMessage.displayName ?? 'the contact'}.` };
  const poll = msg.pollCreationMessage ?? msg.pollCreationMessageV2 ?? msg.pollCreationMessageV3;
  const first = poll?.options?.find((o) => o.optionName)?.optionName;
  if (first) return { vote: first };
  return undefined;
}

/**
 * Demo contacts answer what they receive from the demo phone (see answerTo): in the 1:1 chat, and
 * in the demo group (`demoGroup()`: its JID, once it exists) in that group, one after the other.
 * Messages to other groups get no answer.
 */
function startAutoReplies(emulator: WaEmulator, account: Account, contacts: Contact[], demoGroup: () => string | undefined): void {
  const mine = new Set(contacts.map((c) => c.phone));
  // A message Baileys re-sends to the whole group (after someone's retry receipt) reaches every
  // member again: each contact answers it once.
  const answeredInGroup = new Set<string>();
  emulator.world.on('contact-message', (contact: Contact, m: ReceivedMessage) => {
    if (!mine.has(contact.phone) || m.from !== account.phone) return;
    if (m.group !== undefined) {
      if (m.group !== demoGroup() || answeredInGroup.has(`${contact.phone} ${m.id}`)) return;
      answeredInGroup.add(`${contact.phone} ${m.id}`);
      if (answeredInGroup.size > 10_000) answeredInGroup.delete(answeredInGroup.values().next().value!);
      answerInGroup(emulator, account, contact, m, 500 * (1 + contacts.findIndex((c) => c.phone === contact.phone)));
      return;
    }
    const answer = answerTo(m, contact.name);
    if (!answer) return;
    const api: Replier = emulator.contact(contact);
    setTimeout(() => {
      const sent =
        'text' in answer
          ? api.sendText(account, answer.text)
          : 'react' in answer
            ? api.sendReaction(account, m.id, answer.react)
            : api.votePoll
              ? api.votePoll(account, m, [answer.vote])
              : Promise.resolve(undefined);
      sent.catch((e: unknown) => process.stderr.write(`[demo] ${contact.name} could not answer: ${(e as Error).message}\n`));
    }, 500);
  });
}

/** A demo contact answers in the group what the demo phone posted there, as it would in a 1:1 chat (see answerTo). */
function answerInGroup(emulator: WaEmulator, account: Account, contact: Contact, m: ReceivedMessage, delayMs: number): void {
  const answer = answerTo(m, contact.name);
  if (!answer || !m.group) return;
  const group = m.group;
  const api = emulator.contact(contact);
  setTimeout(() => {
    Promise.resolve()
      .then(() =>
        'text' in answer
          ? api.sendGroupText(group, answer.text)
          : 'react' in answer
            ? api.sendGroupMessage(group, {
                // Written from the reacting contact's point of view: the phone's message in the group.
                reactionMessage: { key: { remoteJid: group, fromMe: false, id: m.id, participant: account.lidJid }, text: answer.react, senderTimestampMs: Date.now() },
              })
            : api.voteGroupPoll(group, m, [answer.vote]),
      )
      .catch((e: unknown) => process.stderr.write(`[demo] ${contact.name} could not answer in the group: ${(e as Error).message}\n`));
  }, delayMs);
}

/**
 * The group "Demo Team": created on the first run, once the session is linked, by the first
 * contact (Ana) with the demo phone and the other contacts, so that the gateway gets WhatsApp's
 * notification of it (and stores it) like any group its number is added to. Saved in world.json:
 * later runs restore it (buildWorld).
 */
function ensureDemoGroup(emulator: WaEmulator, world: WorldFile, account: Account, contacts: Contact[], saveWorld: () => void, restored?: Group): Group {
  if (restored) return restored;
  const [creator, ...others] = contacts;
  const group = emulator.createGroup({ subject: GROUP_SUBJECT, creator, participants: [account, ...others] });
  world.group = { jid: group.jid, subject: group.subject, creator: creator.phone, participants: [account.phone, ...others.map((c) => c.phone)], creation: group.creation };
  saveWorld();
  return group;
}

/**
 * Waits until the gateway lists the group (stored from the `create` notification on the first
 * run, kept from earlier runs after that); when it does not within a few seconds, has it read the
 * groups from WhatsApp (`GET /groups?refresh=true`).
 */
async function ensureGroupStored(call: ReturnType<typeof api>, sessionId: string, jid: string): Promise<void> {
  const started = Date.now();
  let lastRefresh = 0;
  while (Date.now() - started < 30_000) {
    const list = await call('GET', `/sessions/${sessionId}/groups?limit=200`).catch(() => undefined);
    if (list?.status === 200 && list.body?.items?.some((g: { jid: string; member: boolean }) => g.jid === jid && g.member)) return;
    if (Date.now() - started > 3000 && Date.now() - lastRefresh > 3000) {
      lastRefresh = Date.now();
      await call('GET', `/sessions/${sessionId}/groups?refresh=true&limit=1`).catch(() => undefined);
    }
    await sleep(200);
  }
  process.stderr.write(`[demo] the gateway does not list the group ${jid} yet: GET /groups?refresh=true reads it from WhatsApp\n`);
}

// ---------------------------------------------------------------- main

async function main(): Promise<void> {
  const started = Date.now();
  mkdirSync(GATEWAY_DIR, { recursive: true });
  say(`WhatsApp Gateway demo: an emulated WhatsApp, no phone needed (data in ${shown(DEMO_DIR)})`);

  // The emulator's root key and port are known before it starts, so the gateway boots (a few
  // seconds) while the emulator starts in this process.
  const trust = loadOrCreateTrust();
  const emulatorPort = await freePort();
  const gatewayMain = await buildGateway();
  const dashboard = await buildDashboard();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // Everything the demo's gateway needs is here: a .env in the project folder must not leak in.
    ENV_FILE: 'none',
    DATA_DIR: GATEWAY_DIR,
    HOST: '127.0.0.1',
    PORT,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    // The only place the gateway is told to trust the emulator instead of WhatsApp.
    WA_WEBSOCKET_URL: `ws://127.0.0.1:${emulatorPort}/ws/chat`,
    WA_TRUST_ROOT_PUBLIC_KEY: trust.rootKey.public.toString('base64'),
    NODE_EXTRA_CA_CERTS: caBundle(trust.caFile),
    WA_RECONCILE_INTERVAL_MS: '1000',
    // Webhooks to a receiver on this machine are fine in a demo.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1,::1,localhost',
  };
  delete env.DATABASE_URL; // always the embedded database under DEMO_DIR
  let emulator: WaEmulator | undefined;
  let saveWorld = () => {};

  const log = createWriteStream(LOG_FILE, { flags: 'a' });
  log.write(`\n--- npm run demo ${new Date().toISOString()} ---\n`);
  let gateway: Gateway | undefined;
  let postTimer: NodeJS.Timeout | undefined;
  let stopping = false;

  const stopGateway = async () => {
    const child = gateway?.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    clearInterval(postTimer);
    if (code === 0) say('\nStopping the gateway and the emulator…');
    setTimeout(() => process.exit(code || 1), 25_000).unref();
    await stopGateway();
    saveWorld();
    await emulator?.stop();
    await new Promise((r) => log.end(r));
    if (code === 0) say(`Stopped. Data kept in ${shown(DEMO_DIR)}: npm run demo continues where you left off (delete the folder to start over).`);
    process.exit(code);
  };
  // A second signal from npm/tsx relaying the same Ctrl-C is ignored (shutdown runs once).
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // Whatever happens, never leave the gateway running on its own.
  process.on('exit', () => {
    if (gateway?.child.pid && gateway.child.exitCode === null) {
      try {
        process.kill(gateway.child.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });

  try {
    const launched = launchGateway(gatewayMain, env, log);
    gateway = launched.gateway;
    const emu = await WaEmulator.start({ port: emulatorPort, mediaPort: 0, rootKey: trust.rootKey, mediaCa: trust.mediaCa });
    emulator = emu;
    if (emu.url !== env.WA_WEBSOCKET_URL) throw new Error(`the emulator listens on ${emu.url}, not ${env.WA_WEBSOCKET_URL}`);
    const worldFile = join(EMU_DIR, 'world.json');
    const { world, account, contacts, channel, group: restoredGroup } = buildWorld(emu, worldFile);
    let group = restoredGroup;
    saveWorld = () => {
      world.channel.nextServerId = channel.nextServerId;
      writeFileSync(worldFile, JSON.stringify(world, null, 2));
    };
    await launched.listening;
    gateway.child.once('exit', (code) => {
      if (stopping) return;
      process.stderr.write(`\nThe gateway exited unexpectedly (${code}). Last lines of ${shown(LOG_FILE)}:\n${gateway!.tail()}\n`);
      void shutdown(1);
    });
    const state: DemoState = readJson<DemoState>(STATE_FILE) ?? {};
    state.apiKey = await ensureApiKey(gateway.baseUrl, env, state, gatewayMain);
    writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
    const call = api(gateway.baseUrl, state.apiKey);
    state.sessionId = await ensureSession(call, state);
    writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });

    startAutoReplies(emu, account, contacts, () => group?.jid);
    await ensureLinked(call, state.sessionId, emu, account);
    // Follow through the gateway as a user would (the emulated phone already follows it).
    await call('POST', `/sessions/${state.sessionId}/channels/${channel.jid}:follow`).catch(() => undefined);
    group = ensureDemoGroup(emu, world, account, contacts, saveWorld, group);
    await ensureGroupStored(call, state.sessionId, group.jid);

    const post = () => {
      if (!emu.phone(account).isConnected()) return;
      const { serverId } = emu.postToChannel(channel, `Demo post #${channel.nextServerId} at ${new Date().toISOString().slice(11, 19)} UTC`);
      world.channel.nextServerId = serverId + 1;
      saveWorld();
    };
    post();
    postTimer = setInterval(post, POST_EVERY_MS);
    const [ana] = contacts;
    if (!state.welcomed) {
      await emu.contact(ana).sendText(account, `Hi, ${ana.name} here (demo contact). Send me a message and I will answer.`);
      state.welcomed = true;
      writeFileSync(STATE_FILE, JSON.stringify(state, null, 2), { mode: 0o600 });
    }

    const base = gateway.baseUrl;
    const auth = `-H 'Authorization: Bearer ${state.apiKey}'`;
    const session = `${base}/api/v1/sessions/${state.sessionId}`;
    const sendBody = JSON.stringify({ to: ana.phone, type: 'text', text: 'Hello from the demo!' });
    const groupSendBody = JSON.stringify({ to: group.jid, type: 'text', text: 'Hello, team!' });
    const checkBody = JSON.stringify({ phoneNumbers: [ana.phone] });
    const typingBody = JSON.stringify({ to: ana.phone, type: 'text', text: 'Typed like a person', typingMs: 3000 });
    const names = (list: string[]) => (list.length > 1 ? `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}` : list.join(''));
    const groupContacts = names(contacts.map((c) => c.name));
    say();
    say(`Ready in ${Math.round((Date.now() - started) / 1000)} s. The gateway trusts the emulator only because the demo configured it${gateway.trustWarning ? ' (see the warning in its log)' : ''}.`);
    say(`  Swagger UI : ${base}/docs   (Authorize with the API key)`);
    if (dashboard) say(`  Dashboard  : ${base}/dashboard/   (sign in with the API key)`);
    say(`  API key    : ${state.apiKey}`);
    say(`  Session    : ${state.sessionId}   (linked as +${account.phone})`);
    say(`  Group      : ${group.jid}   ("${group.subject}": +${account.phone}, ${groupContacts})`);
    say(`  Gateway log: ${shown(LOG_FILE)}`);
    say();
    say(`Send a message to ${ana.name}, a demo contact (she answers), list that chat's messages, list the demo channel's posts (one every ${Math.round(POST_EVERY_MS / 1000)} s):`);
    say(`  curl -sS --fail-with-body -X POST ${session}/messages ${auth} -H 'Content-Type: application/json' -d '${sendBody}'`);
    say(`  curl -sS --fail-with-body '${session}/chats/${ana.pnJid}/messages?limit=5' ${auth}`);
    say(`  curl -sS --fail-with-body '${session}/channels/${channel.jid}/messages?limit=5' ${auth}`);
    say();
    say(`Send a message to the group "${group.subject}" (${groupContacts} answer there), list the group's messages:`);
    say(`  curl -sS --fail-with-body -X POST ${session}/messages ${auth} -H 'Content-Type: application/json' -d '${groupSendBody}'`);
    say(`  curl -sS --fail-with-body '${session}/chats/${group.jid}/messages?limit=5' ${auth}`);
    say();
    say(`Check whether ${ana.name}'s number is on WhatsApp (paced, answered from the store when fresh); send like a person: typing for 3 s first:`);
    say(`  curl -sS --fail-with-body -X POST ${session}/contacts:check ${auth} -H 'Content-Type: application/json' -d '${checkBody}'`);
    say(`  curl -sS --fail-with-body -X POST ${session}/messages ${auth} -H 'Content-Type: application/json' -d '${typingBody}'`);
    say();
    say('Press Ctrl-C to stop.');
  } catch (e) {
    process.stderr.write(`\nThe demo could not start: ${e instanceof Error ? e.message : String(e)}\n`);
    await shutdown(1);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
