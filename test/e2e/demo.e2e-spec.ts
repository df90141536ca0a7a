import { ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createGatewayClient, type GatewayClient } from '../../libs/client/src';
import { browserTestsRun, launchChromium } from '../support/browser';
import { eventually } from '../support/emulator';

/**
 * DEMO TEST: `npm run demo` as a user runs it (own data dir, any free port), the printed curl
 * commands (1:1 chat, channel, group "Demo Team") run exactly as printed (through bash), Ctrl-C
 * (SIGINT to the process group, as a terminal sends it) stops everything, and a second run reuses
 * the key, the session, the group and the data.
 */
const ROOT = resolve(__dirname, '../..');
const sh = promisify(execFile);

interface Demo {
  child: ChildProcess;
  output: () => string;
  swagger: string;
  dashboard: string;
  apiKey: string;
  sessionId: string;
  groupJid: string;
  curls: string[];
}

async function startDemo(demoDir: string): Promise<Demo> {
  const child = spawn('npm', ['run', '-s', 'demo'], {
    cwd: ROOT,
    env: { ...process.env, DEMO_DIR: demoDir, DEMO_PORT: '0', DEMO_POST_EVERY_MS: '1000' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so that SIGINT reaches npm, tsx and the demo like a Ctrl-C
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  await new Promise<void>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`the demo printed no commands within 60 s:\n${out}`)), 60_000);
    const check = () => {
      if (out.includes('Press Ctrl-C to stop.')) {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolvePromise();
      }
    };
    const onExit = (code: number | null) => {
      clearTimeout(timer);
      reject(new Error(`the demo exited with ${code}:\n${out}`));
    };
    child.stdout!.on('data', check);
    child.once('exit', onExit);
  });
  const field = (label: string) => new RegExp(`${label}\\s*:\\s*(\\S+)`).exec(out)?.[1] ?? '';
  return {
    child,
    output: () => out,
    swagger: field('Swagger UI'),
    dashboard: field('Dashboard'),
    apiKey: field('API key'),
    sessionId: field('Session'),
    groupJid: field('Group'),
    curls: out.split('\n').map((l) => l.trim()).filter((l) => l.startsWith('curl ')),
  };
}

/** Ctrl-C: SIGINT to the whole process group; resolves with npm's exit code once all output is in. */
async function interrupt(demo: Demo): Promise<number | null> {
  if (demo.child.exitCode !== null || demo.child.signalCode !== null) return demo.child.exitCode;
  const closed = new Promise<number | null>((r) => demo.child.once('close', (code) => r(code)));
  process.kill(-demo.child.pid!, 'SIGINT');
  return closed;
}

async function runPrinted(command: string): Promise<any> {
  const { stdout } = await sh('bash', ['-c', command], { cwd: ROOT });
  return JSON.parse(stdout);
}

/** The typed client of the demo's gateway, with the key it printed. */
function clientOf(demo: Demo): GatewayClient {
  return createGatewayClient({ baseUrl: demo.swagger.replace(/\/docs$/, ''), token: demo.apiKey });
}

/**
 * A GET through the typed client: its data (undefined unless 200). A 5xx is tried again a few
 * times: right after re-pairing the embedded database can fail a query (see below).
 */
async function retried<T>(get: () => Promise<{ data?: T; response: Response }>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    const r = await get();
    if (r.response.status < 500 || attempt === 10) return r.response.status === 200 ? r.data : undefined;
    await new Promise((res) => setTimeout(res, 200));
  }
}

const ANA = '15559001001@s.whatsapp.net';
const BEN = '15559001002@s.whatsapp.net';

/** How many times Ana and Ben answered `text` in the group chat (stored messages, as the printed list command shows them). */
async function groupAnswers(demo: Demo, text: string): Promise<{ ana: number; ben: number }> {
  const page = await retried(() =>
    clientOf(demo).GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session: demo.sessionId, jid: demo.groupJid }, query: { limit: 100 } } }),
  );
  const count = (jid: string, name: string) =>
    (page?.items ?? []).filter((m) => !m.fromMe && m.sender?.phoneJid === jid && m.text === `${name} here (demo contact). You said: "${text}"`).length;
  return { ana: count(ANA, 'Ana'), ben: count(BEN, 'Ben') };
}

/** The demo groups the gateway lists (GET /groups). */
async function demoGroups(demo: Demo) {
  const page = await retried(() => clientOf(demo).GET('/api/v1/sessions/{session}/groups', { params: { path: { session: demo.sessionId }, query: { limit: 100 } } }));
  return page?.items?.filter((g) => g.subject === 'Demo Team' || g.jid === demo.groupJid);
}

describe('npm run demo', () => {
  const demoDir = mkdtempSync(join(tmpdir(), 'wgw-demo-'));
  let demo: Demo | undefined;

  afterAll(async () => {
    // After a failure: stop it the way a user would; the gateway stops with it (demo-watchdog.cjs).
    if (demo && demo.child.exitCode === null) {
      const timer = setTimeout(() => process.kill(-demo!.child.pid!, 'SIGKILL'), 20_000);
      await interrupt(demo);
      clearTimeout(timer);
    }
    rmSync(demoDir, { recursive: true, force: true });
  });

  it('prints the URLs, key and commands; the commands work; Ctrl-C stops it; a rerun reuses its data', async () => {
    demo = await startDemo(demoDir);
    expect(demo.swagger).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/docs$/);
    expect(demo.apiKey).toMatch(/^wgw_[\w-]{43}$/);
    expect(demo.sessionId).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(demo.groupJid).toMatch(/^120363\d{12}@g\.us$/);
    expect(demo.curls).toHaveLength(7);
    expect((await fetch(demo.swagger)).status).toBe(200);
    // The dashboard is served here, and the demo's key signs in (in Chromium, when the browser tests run).
    expect(demo.dashboard).toBe(demo.swagger.replace(/\/docs$/, '/dashboard/'));
    const page = await fetch(demo.dashboard);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<script type="module"/);
    if (browserTestsRun) await signInToDashboard(demo.dashboard, demo.apiKey, demo.sessionId);
    const base = demo.swagger.replace(/\/docs$/, '');
    const gw = clientOf(demo);
    const onSession = { params: { path: { session: demo.sessionId } } };
    const session = (await gw.GET('/api/v1/sessions/{session}', onSession)).data!;
    expect(session.status).toBe('connected');
    // The demo phone's name reaches the session.
    expect(session.pushName).toBe('Demo Phone');

    // 1. Send to the demo contact, as printed.
    const [send, listChat, listChannel] = demo.curls;
    const sent = await runPrinted(send);
    expect(sent.id, JSON.stringify(sent)).toBeTruthy();
    expect(sent.fromMe).toBe(true);

    // 2. Her reply shows up in the chat's stored messages.
    const chat = await eventually(async () => {
      const page = await runPrinted(listChat);
      return page.items?.some((m: any) => !m.fromMe && /You said: "Hello from the demo!"/.test(m.text ?? '')) ? page : undefined;
    }, 15_000, 'the demo contact to answer');
    expect(chat.items.some((m: any) => m.fromMe && m.text === 'Hello from the demo!')).toBe(true);

    // The contacts answer like people: nothing to a revoke, no "Thanks for the protocolMessage";
    // a poll gets a vote or nothing, never a text about "messageContextInfo".
    const onMessage = (id: string) => ({ params: { path: { session: demo!.sessionId, id } } });
    const anaMessages = async () =>
      (await gw.GET('/api/v1/sessions/{session}/chats/{jid}/messages', { params: { path: { session: demo!.sessionId, jid: '15559001001@s.whatsapp.net' }, query: { limit: 50 } } })).data!.items;
    const oops = (await gw.POST('/api/v1/sessions/{session}/messages', { ...onSession, body: { to: '15559001001', type: 'text', text: 'Oops, wrong chat' } })).data!;
    await eventually(async () => ['sent', 'delivered', 'read'].includes((await gw.GET('/api/v1/sessions/{session}/messages/{id}', onMessage(oops.id))).data?.status ?? ''), 15_000, 'the message to leave');
    const revoked = await gw.POST('/api/v1/sessions/{session}/messages/{id}:revoke', onMessage(oops.id));
    expect(revoked.response.status, JSON.stringify(revoked.error)).toBeLessThan(300);
    const poll = await gw.POST('/api/v1/sessions/{session}/messages', { ...onSession, body: { to: '15559001001', type: 'poll', poll: { name: 'Lunch?', options: ['Pizza', 'Salad'] } } });
    expect(poll.response.status).toBeLessThan(300);
    await new Promise((r) => setTimeout(r, 3000));
    const texts = (await anaMessages()).filter((m) => !m.fromMe).map((m) => m.text ?? '');
    expect(texts.filter((t: string) => /protocolMessage|messageContextInfo|Thanks for the/.test(t))).toEqual([]);
    expect(texts.filter((t: string) => /Send me a message and I will answer/.test(t))).toHaveLength(1);

    // 3. The channel posts (every second in this test).
    const posts = await eventually(async () => {
      const page = await runPrinted(listChannel);
      return page.items?.length ? page : undefined;
    }, 10_000, 'a channel post');
    expect(JSON.stringify(posts.items[0])).toMatch(/Demo post #\d+/);

    // 4. The group "Demo Team" (the demo phone, Ana, Ben) is listed; the printed send to it works;
    // Ana and Ben both answer in the group (and not in their 1:1 chats); they vote in a group poll.
    const [, , , sendGroup, listGroup] = demo.curls;
    expect(sendGroup).toContain(`"to":"${demo.groupJid}"`);
    expect(listGroup).toContain(`/chats/${demo.groupJid}/messages`);
    const [listed] = await eventually(async () => {
      const groups = await demoGroups(demo!);
      return groups?.length ? groups : undefined;
    }, 20_000, 'the group in GET /groups');
    expect(listed).toMatchObject({ jid: demo.groupJid, subject: 'Demo Team', member: true, size: 3 });
    expect(listed.participants.map((p) => p.phoneNumber).sort()).toEqual([ANA, BEN, '15550001000@s.whatsapp.net'].sort());
    const toGroup = await runPrinted(sendGroup);
    expect(toGroup).toMatchObject({ chatJid: demo.groupJid, fromMe: true, text: 'Hello, team!' });
    await eventually(async () => {
      const n = await groupAnswers(demo!, 'Hello, team!');
      return n.ana >= 1 && n.ben >= 1;
    }, 30_000, 'Ana and Ben to answer in the group');
    const printedList = await runPrinted(listGroup);
    expect(printedList.items.some((m: any) => m.fromMe && m.text === 'Hello, team!')).toBe(true);
    const groupPoll = await gw.POST('/api/v1/sessions/{session}/messages', { ...onSession, body: { to: demo.groupJid, type: 'poll', poll: { name: 'Team lunch?', options: ['Pizza', 'Salad'] } } });
    expect(groupPoll.response.status).toBeLessThan(300);
    const groupPollId = groupPoll.data!.id;
    const votes = await eventually(async () => {
      const m = await retried(() => gw.GET('/api/v1/sessions/{session}/messages/{id}', onMessage(groupPollId)));
      const pizza = m?.poll?.results?.find((r) => r.option === 'Pizza');
      return pizza?.count === 2 ? pizza : undefined;
    }, 30_000, 'Ana and Ben to vote in the group poll');
    expect([...votes.voters].sort()).toEqual([ANA, BEN]);
    expect(await groupAnswers(demo, 'Hello, team!')).toEqual({ ana: 1, ben: 1 });
    const anaChat = await anaMessages();
    expect(anaChat.filter((m) => /Hello, team!|Team lunch/.test(JSON.stringify(m)))).toEqual([]);

    // 5. Ana's number checked, as printed: on WhatsApp, with both forms; a send that types first.
    const [, , , , , check, typed] = demo.curls;
    const checked = await runPrinted(check);
    expect(checked.results).toEqual([expect.objectContaining({ exists: true, jid: ANA })]);
    expect(checked.results[0].lid).toMatch(/@lid$/);
    const typedSend = await runPrinted(typed);
    expect(typedSend).toMatchObject({ fromMe: true, text: 'Typed like a person' });
    await eventually(async () => {
      const m = await retried(() => gw.GET('/api/v1/sessions/{session}/messages/{id}', onMessage(typedSend.id)));
      return m && m.status !== 'queued' ? m : undefined;
    }, 30_000, 'the typed send to leave');

    // Ctrl-C stops the demo, the gateway and the emulator.
    expect(await interrupt(demo)).toBe(0);
    expect(demo.output()).toContain('Stopped.');
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    expect(existsSync(join(demoDir, 'gateway', 'embedded-postgres.json'))).toBe(false);

    // Again: same key and session, earlier messages still there, linked again.
    const first = demo;
    demo = await startDemo(demoDir);
    expect(demo.apiKey).toBe(first.apiKey);
    expect(demo.sessionId).toBe(first.sessionId);
    // Polled: right after re-pairing, the embedded database (PGlite behind pglite-socket) can fail a
    // query when two connections' extended-protocol messages interleave (electric-sql/pglite#1046).
    const again = await eventually(async () => {
      const page = await runPrinted(demo!.curls[1].replace('limit=5', 'limit=50'));
      return page.items ? page : undefined;
    }, 10_000, 'the chat after a rerun');
    expect(again.items.some((m: any) => m.text === 'Hello from the demo!')).toBe(true);
    // Ana's welcome is sent on the first run only.
    const all = await runPrinted(demo.curls[1].replace('limit=5', 'limit=200'));
    expect(all.items.filter((m: any) => /Send me a message and I will answer/.test(m.text ?? ''))).toHaveLength(1);
    // The same group, once: still listed with its members, its messages kept, and they answer again.
    expect(demo.groupJid).toBe(first.groupJid);
    const groupsAgain = await eventually(async () => {
      const groups = await demoGroups(demo!);
      return groups?.length ? groups : undefined;
    }, 10_000, 'the groups after a rerun');
    expect(groupsAgain).toHaveLength(1);
    expect(groupsAgain![0]).toMatchObject({ jid: first.groupJid, subject: 'Demo Team', member: true, size: 3 });
    expect((await runPrinted(demo.curls[3])).chatJid).toBe(first.groupJid);
    await eventually(async () => {
      const n = await groupAnswers(demo!, 'Hello, team!');
      return n.ana >= 2 && n.ben >= 2;
    }, 30_000, 'Ana and Ben to answer in the group after a rerun');
    expect(await groupAnswers(demo, 'Hello, team!')).toEqual({ ana: 2, ben: 2 });
    expect(await interrupt(demo)).toBe(0);
  }, 240_000);

  it('is not part of the gateway build: nothing under scripts/ or the emulator is compiled for npm start', () => {
    // The demo runs dist/ when `npm start` left it up to date, else builds with tsconfig.build.json
    // (as `npm start` does) into its own folder.
    const root = join(ROOT, 'node_modules', '.cache', 'wgw-demo-gateway');
    const builds = [
      ...(existsSync(join(ROOT, 'dist', 'src', 'main.js')) ? [join(ROOT, 'dist')] : []),
      ...(existsSync(root) ? readdirSync(root).filter((n) => /^build-\d+$/.test(n)).map((n) => join(root, n)) : []),
    ];
    expect(builds.length).toBeGreaterThan(0);
    for (const b of builds) {
      expect(existsSync(join(b, 'src', 'main.js'))).toBe(true);
      expect(readdirSync(b)).not.toContain('scripts');
      expect(existsSync(join(b, 'libs', 'wa-emulator'))).toBe(false);
    }
  });
});

/** Signs in to the dashboard with `key` in Chromium: the demo session is listed, connected. */
async function signInToDashboard(url: string, key: string, sessionId: string): Promise<void> {
  const { page, close } = await launchChromium({ width: 1280, height: 800 });
  try {
    page.setDefaultTimeout(20_000);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator(`li.session[data-session-id="${sessionId}"][data-status="connected"]`).waitFor();
    expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'API keys' }).count()).toBe(1);
  } finally {
    await close();
  }
}
