/**
 * Dashboard benchmark: the operator dashboard (libs/dashboard, served by the gateway at
 * /dashboard/) in Debian's headless Chromium driven by playwright-core, on loopback.
 *
 *   npm run bench:dashboard
 *   (BENCH_LOADS: page loads per first-screen scenario, default 20; BENCH_MESSAGES: messages in
 *    the long chat, default 10,000; BENCH_SCROLL_STEPS: steps of the measured scroll pass, default 200;
 *    BENCH_STEADY_FRAMES: frames of the steady pass, default 300. About 3 minutes.)
 *
 * The gateway runs as a separate built process on the real PostgreSQL server, in a scratch
 * database; dist/dashboard is built first (NODE_ENV=production) when missing or older than its
 * sources; the gateway (built as the tests build it) and dist/dashboard are copied into one private
 * folder, from which the gateway serves that copy (a rebuild during the run cannot take files from
 * under the page; the copy is what is measured). An API key, one stopped session and one chat with BENCH_MESSAGES text messages (in and
 * out, varied lengths, a few reactions) are written straight into the database after the gateway
 * ran its migrations (bench/support/dashboard-seed.ts). Measured, in one run:
 *
 *   1. Initial JavaScript: gzip (zlib default level, as the e2e test) of every script
 *      dist/dashboard/index.html loads at once: its <script src> and <link rel="modulepreload">.
 *      Beside it, what the browser actually fetched before the first screen was ready.
 *   2. First screen, cold: each load in a new browser context (empty cache, new connections), one
 *      unmeasured warm-up round first, the three scenarios interleaved per round:
 *        signed out  navigation start → mark `dashboard:sign-in-ready` (sign-in field mounted and
 *                    focused); also DOMContentLoaded and load (navigation timing, *EventEnd);
 *        signed in   the key put in sessionStorage by an init script → mark
 *                    `dashboard:sessions-ready` (the session list first loaded: key check + list);
 *        bare        the same browser loading a static file of the same origin
 *                    (/dashboard/favicon.svg, same middleware as the dashboard's files):
 *                    navigation start → load. The floor of a page load here.
 *      Marks are read as performance.getEntriesByName(name)[0].startTime (from navigation start).
 *   3. Long chat: signed in, the session's "Chats", the chat, then its message log
 *      (`[role="log"]`) scrolled from bottom to top in steps of 80 % of its height, one per
 *      animation frame, loading older pages as the app offers them (its "Load older messages"
 *      button when there is one, else by reaching the top) until every message was fetched
 *      (counted from the API responses the page received) and the log's height is steady. Then
 *      the measured pass: BENCH_SCROLL_STEPS scrollTop changes from top to bottom, one per
 *      animation frame; frame duration = time between successive requestAnimationFrame
 *      callbacks, inside the page. Reported: p50/p95/max, frames over 50 ms, and the `li.msg`
 *      elements in the DOM at the end (a virtualized list keeps few). Then a steady pass, as a
 *      reader scrolls back through history: from the middle of the list, BENCH_STEADY_FRAMES
 *      (default 300) frames scrolling up 60 px each (steady* keys).
 *      Bare: the same passes over a static page (page.setContent) holding the same texts as plain
 *      `<li>` bubbles, all in the DOM, in a scrolling box of the log's size.
 *
 * Viewport 1280×800 throughout. Writes bench/results/dashboard.json (keys below in `out`).
 * No figure is asserted: the issue's targets (first screen ≤ 1 s, initial JS ≤ 250 KB gzipped,
 * smooth scrolling of 10,000 messages) are printed beside the figures for the reader.
 */
import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM } from '../test/support/browser';
import { createTestDatabase, type TestDatabase } from '../test/support/database';
import { buildGateway, spawnGateway, type GatewayProcess } from '../test/support/gateway-process';
import { seedDashboard, type SeededChat } from './support/dashboard-seed';

const LOADS = Number(process.env.BENCH_LOADS ?? 20);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 10_000);
const SCROLL_STEPS = Number(process.env.BENCH_SCROLL_STEPS ?? 200);
/** The steady pass: frames, pixels per frame, where it starts (fraction of the scroll range). */
const STEADY_FRAMES = Number(process.env.BENCH_STEADY_FRAMES ?? 300);
const STEADY_PX = 60;
const STEADY_FROM = 0.5;
const LONG_FRAME_MS = 50;
const VIEWPORT = { width: 1280, height: 800 };
const ORG = 'bench-dashboard';
const API_KEY = `wgw_${'d'.repeat(43)}`;
const CURSOR_SECRET = 'bench-dashboard-cursor-secret-0123456789';
// npm runs scripts from the package root.
const ROOT = process.cwd();
const DIST = join(ROOT, 'dist/dashboard');
const IN_PAGE = readFileSync(join(ROOT, 'bench/support/dashboard-in-page.mjs'), 'utf8');
// The same flags as test/support/browser.ts: the machine has no outside network.
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
/** The chat's messages endpoint, as the dashboard calls it (newest page, then older ones by cursor). */
const MESSAGES_URL = /\/api\/v1\/sessions\/[^/]+\/chats\/[^/?]+\/messages(\?|$)/;

/** Nearest rank: the smallest value with at least p % of the values at or below it. */
const percentile = (sorted: number[], p: number) => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;
const log = (s: string): void => void process.stdout.write(`${s}\n`);

interface Stats {
  p50: number;
  p95: number;
  max: number;
}
function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  return { p50: round(percentile(s, 50)), p95: round(percentile(s, 95)), max: round(s.at(-1) ?? NaN) };
}

/** The sessionStorage key the dashboard keeps the token under (libs/dashboard/src/token.ts). */
function tokenStorageKey(): string {
  const source = readFileSync(join(ROOT, 'libs/dashboard/src/token.ts'), 'utf8');
  const m = /STORAGE_KEY\s*=\s*['"]([^'"]+)['"]/.exec(source);
  if (!m) throw new Error('libs/dashboard/src/token.ts: no STORAGE_KEY found; update bench/dashboard.mts');
  return m[1]!;
}

// ---------------------------------------------------------------------------------------------
// 1. The bundle

/** Builds dist/dashboard unless its index.html is newer than every source it is built from. */
function buildDashboardIfStale(): void {
  const index = join(DIST, 'index.html');
  const sources = [join(ROOT, 'libs/dashboard'), join(ROOT, 'libs/client/src'), join(ROOT, 'package-lock.json')];
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...sources.map(newestMtime))) return log('dist/dashboard is current');
  log('building the dashboard (stale or missing)...');
  const started = Date.now();
  try {
    execFileSync('npm', ['run', 'build:dashboard', '--silent'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, NODE_ENV: 'production' }, timeout: 180_000 });
  } catch (err) {
    const e = err as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`npm run build:dashboard failed:\n${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}`);
  }
  log(`built dist/dashboard in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) if (entry !== 'node_modules') newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** A file of the dashboard as the page names it (/dashboard/assets/x.js) in `dir`. */
const fileOf = (dir: string, urlPath: string) => join(dir, urlPath.replace(/^\/dashboard\//, '').split('?')[0]!);
const gzipOf = (dir: string, urlPath: string) => gzipSync(readFileSync(fileOf(dir, urlPath))).length;

/**
 * The built gateway and dist/dashboard copied together into a private folder, the dashboard beside
 * the gateway's src/ (the first place src/dashboard.ts looks), so a rebuild of dist/dashboard
 * during the run (another session's tests, an editor) cannot take files from under the page; the
 * copy is what is measured. The folder is under the system's tmpdir, not node_modules/.cache:
 * src/dashboard.ts sends index.html with an absolute path, which `send` refuses (500) when a
 * folder on it starts with a dot. Packages resolve through NODE_PATH.
 */
function privateGateway(mainJs: string): { mainJs: string; dashboard: string; env: Record<string, string>; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'wgw-bench-dashboard-'));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  process.once('exit', dispose);
  cpSync(dirname(dirname(mainJs)), join(dir, 'gateway'), { recursive: true });
  const dashboard = join(dir, 'gateway', 'dashboard');
  for (let attempt = 1; ; attempt++) {
    rmSync(dashboard, { recursive: true, force: true });
    try {
      cpSync(DIST, dashboard, { recursive: true });
      const html = readFileSync(join(dashboard, 'index.html'), 'utf8');
      const named = [...html.matchAll(/\b(?:src|href)="(\/dashboard\/[^"]+)"/g)].map((m) => m[1]!);
      if (named.every((f) => existsSync(fileOf(dashboard, f)))) break;
    } catch {
      /* dist/dashboard changed while being copied */
    }
    if (attempt === 3) throw new Error('dist/dashboard kept changing while being copied (a build running?)');
    buildDashboardIfStale();
  }
  return { mainJs: join(dir, 'gateway', relative(dirname(dirname(mainJs)), mainJs)), dashboard, env: { NODE_PATH: join(ROOT, 'node_modules') }, dispose };
}

/** The scripts index.html makes the browser load at once: entry scripts and their preloaded imports. */
function initialScripts(dir: string): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const files = new Set<string>();
  for (const m of html.matchAll(/<script\b[^>]*\bsrc="([^"]+)"/g)) files.add(m[1]!);
  for (const m of html.matchAll(/<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const href = /\bhref="([^"]+)"/.exec(m[0]);
    if (href) files.add(href[1]!);
  }
  if (!files.size) throw new Error('dist/dashboard/index.html loads no script');
  const list = [...files];
  return {
    files: list,
    gzipBytes: list.reduce((n, f) => n + gzipOf(dir, f), 0),
    rawBytes: list.reduce((n, f) => n + statSync(fileOf(dir, f)).size, 0),
  };
}

// ---------------------------------------------------------------------------------------------
// 2. First screen

/**
 * Waits until `condition` (a JavaScript expression) holds in the page, polling every 10 ms.
 * Playwright's waitForFunction compiles its predicate in the page (new Function), which the
 * dashboard's CSP (no 'unsafe-eval') refuses; page.evaluate goes through the DevTools protocol.
 */
async function waitInPage(page: Page, condition: string, timeoutMs: number): Promise<void> {
  const ok = await page.evaluate(`new Promise((resolve) => {
    const deadline = performance.now() + ${timeoutMs};
    const check = () => {
      let done = false;
      try { done = !!(${condition}); } catch {}
      if (done) resolve(true);
      else if (performance.now() > deadline) resolve(false);
      else setTimeout(check, 10);
    };
    check();
  })`);
  if (!ok) throw new Error(`timed out after ${timeoutMs} ms waiting for ${condition}`);
}

interface Load {
  markMs: number;
  dclMs: number;
  loadMs: number;
  /** Same-origin .js files fetched before the mark (path names). */
  scripts: string[];
}

/** One navigation in a new context (empty cache, new connections) until `mark` (or load, without one). */
async function coldLoad(browser: Browser, url: string, mark: string | null, initScript?: string): Promise<Load> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    if (initScript) await context.addInitScript(initScript);
    const page = await context.newPage();
    const problems: string[] = [];
    const scripts: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
    page.on('console', (msg) => {
      if (msg.type() === 'error') problems.push(`console: ${msg.text()}`);
    });
    page.on('request', (req) => {
      const u = new URL(req.url());
      if (u.pathname.endsWith('.js')) scripts.push(u.pathname);
    });
    await page.goto(url, { waitUntil: 'load', timeout: 60_000 });
    try {
      if (mark) await waitInPage(page, `performance.getEntriesByName(${JSON.stringify(mark)}, 'mark').length > 0`, 30_000);
      await waitInPage(page, `performance.getEntriesByType('navigation')[0]?.loadEventEnd > 0`, 30_000);
    } catch (err) {
      throw new Error(`${url}: ${mark ?? 'load'} not reached (${(err as Error).message.split('\n')[0]})${problems.length ? `\n  ${problems.join('\n  ')}` : ''}`);
    }
    const t = (await page.evaluate(`(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const mark = ${JSON.stringify(mark)};
      return { markMs: mark ? performance.getEntriesByName(mark, 'mark')[0].startTime : nav.loadEventEnd, dclMs: nav.domContentLoadedEventEnd, loadMs: nav.loadEventEnd };
    })()`)) as Omit<Load, 'scripts'>;
    return { ...t, scripts };
  } finally {
    await context.close();
  }
}

// ---------------------------------------------------------------------------------------------
// 3. The long chat

interface Pass {
  frames: number[];
  domMessages: number;
  scrollHeight: number;
}

/** Both passes over one page: the whole list in SCROLL_STEPS jumps, then the steady scroll up. */
async function passes(page: Page): Promise<{ pass: Pass; steady: Pass & { scrolledPx: number } }> {
  const pass = (await page.evaluate(`window.__bench.scrollPass(${SCROLL_STEPS})`)) as Pass;
  const steady = (await page.evaluate(`window.__bench.steadyPass(${STEADY_FRAMES}, ${STEADY_PX}, ${STEADY_FROM})`)) as Pass & { scrolledPx: number };
  return { pass, steady };
}

function passStats(p: Pass) {
  const s = stats(p.frames);
  return { ...s, longFrames: p.frames.filter((f) => f > LONG_FRAME_MS).length };
}

async function longChat(browser: Browser, base: string, storageKey: string, seeded: SeededChat) {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    await context.addInitScript(signedInScript(base, storageKey));
    const page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const problems: string[] = [];
    page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

    // What the page fetched of the chat: distinct message ids, requests in flight, the end seen.
    const fetched = new Set<string>();
    let responses = 0;
    let inFlight = 0;
    let endSeen = false;
    page.on('request', (req) => {
      if (MESSAGES_URL.test(req.url())) inFlight++;
    });
    const settled = (req: { url(): string }) => {
      if (MESSAGES_URL.test(req.url())) inFlight--;
    };
    page.on('requestfailed', settled);
    page.on('requestfinished', async (req) => {
      if (!MESSAGES_URL.test(req.url())) return;
      try {
        const res = await req.response();
        const body = (await res?.json()) as { items?: { id: string }[]; nextCursor?: string } | undefined;
        for (const m of body?.items ?? []) fetched.add(m.id);
        if (body?.nextCursor === '') endSeen = true;
      } catch {
        /* page closed meanwhile */
      } finally {
        responses++;
        settled(req);
      }
    });

    await page.goto(`${base}/dashboard/`, { waitUntil: 'load' });
    await waitInPage(page, `performance.getEntriesByName('dashboard:sessions-ready', 'mark').length > 0`, 30_000);
    const row = page.locator('li.session').filter({ has: page.getByRole('heading', { name: seeded.sessionName, exact: true }) });
    await row.getByRole('button', { name: /^Chats$/ }).click();
    await page.locator(`.chat-item[data-jid="${seeded.chatJid}"]`).click();
    await page.locator('[role="log"]').waitFor();
    await page.locator('[role="log"] li.msg').first().waitFor();
    await page.evaluate(IN_PAGE);
    await page.evaluate('window.__bench.settle(5)');

    // Bottom to top in steps, loading older pages, until every message has been fetched.
    const started = performance.now();
    let steps = 0;
    let rounds = 0;
    let lastProgress = performance.now();
    let lastFetched = -1;
    while (fetched.size < seeded.messages.length && !endSeen) {
      rounds++;
      const before = responses;
      const step = (await page.evaluate(`Math.max(50, Math.floor(window.__bench.scroller().clientHeight * 0.8))`)) as number;
      steps += (await page.evaluate(`window.__bench.scrollUpToTop(${step})`)) as number;
      const older = page.getByRole('button', { name: /older/i }).first();
      try {
        if ((await older.count()) > 0 && (await older.isEnabled({ timeout: 1000 }))) await older.click({ timeout: 5000 });
      } catch {
        /* gone or busy meanwhile: a page is on its way */
      }
      // Wait for a page to arrive (the click's, or one the scroll to the top asked for).
      const deadline = performance.now() + 30_000;
      while (responses === before && inFlight === 0 && performance.now() < deadline) await page.waitForTimeout(20);
      while ((responses === before || inFlight > 0) && performance.now() < deadline) await page.waitForTimeout(10);
      if (fetched.size !== lastFetched) {
        lastFetched = fetched.size;
        lastProgress = performance.now();
      } else if (performance.now() - lastProgress > 30_000) {
        const state = await page.evaluate('window.__bench.state()');
        throw new Error(`no older page loaded for 30 s at ${fetched.size} of ${seeded.messages.length} messages: ${JSON.stringify(state)}${problems.length ? `\n  ${problems.join('\n  ')}` : ''}`);
      }
      // Let the page render what arrived (and put its scroll position back) before the next round.
      await page.evaluate('window.__bench.frame().then(() => window.__bench.frame())');
      if (rounds % 50 === 0) log(`  ${fetched.size} of ${seeded.messages.length} messages loaded (${rounds} rounds, ${round((performance.now() - started) / 1000)} s)`);
    }
    if (fetched.size < seeded.messages.length) throw new Error(`the chat ended after ${fetched.size} of ${seeded.messages.length} messages`);
    if (!(await page.evaluate('window.__bench.settle(20, 60000)'))) throw new Error('the message log did not settle after loading every page');
    const loadSeconds = round((performance.now() - started) / 1000);
    const loaded = (await page.evaluate('window.__bench.state()')) as { clientHeight: number; clientWidth: number; scrollHeight: number; domMessages: number };
    log(`  all ${fetched.size} loaded in ${loadSeconds} s (${rounds} rounds, ${steps} scroll steps); log ${loaded.clientWidth}×${loaded.clientHeight}, ${loaded.scrollHeight} px high, ${loaded.domMessages} li.msg`);

    // Every message is in the list: the oldest shows at the top, the newest at the bottom.
    const [oldest, newest] = [seeded.messages[0]!, seeded.messages.at(-1)!];
    const complete =
      ((await page.evaluate(`window.__bench.showsAtEnd(false, ${JSON.stringify(oldest.id)}, ${JSON.stringify(oldest.text.slice(0, 60))})`)) as boolean) &&
      ((await page.evaluate(`window.__bench.showsAtEnd(true, ${JSON.stringify(newest.id)}, ${JSON.stringify(newest.text.slice(0, 60))})`)) as boolean);
    if (!complete) log('  WARNING: the oldest message is not shown at the top of the log, or the newest not at the bottom');

    const { pass, steady } = await passes(page);
    if (problems.length) log(`  page problems:\n  ${problems.join('\n  ')}`);
    return { pass, steady, complete, loadSeconds, rounds, box: { width: loaded.clientWidth, height: loaded.clientHeight }, fetched: fetched.size, problems };
  } finally {
    await context.close();
  }
}

/** The same texts as plain bubbles, every one in the DOM, in a scrolling box of the log's size. */
async function bareScroll(browser: Browser, seeded: SeededChat, box: { width: number; height: number }): Promise<Awaited<ReturnType<typeof passes>>> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const time = (d: Date) => `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    const items = seeded.messages
      .map((m) => `<li class="msg ${m.fromMe ? 'out' : 'in'}"><div class="bubble"><p class="text">${esc(m.text)}</p><p class="meta">${time(m.timestamp)}</p></div></li>`)
      .join('');
    await page.setContent(
      `<!doctype html><html><head><meta charset="utf-8"><style>
        body { margin: 0; font: 15px/1.45 system-ui, sans-serif; }
        [role="log"] { box-sizing: content-box; width: ${box.width}px; height: ${box.height}px; overflow: auto; background: #efeae2; }
        ol { list-style: none; margin: 0; padding: 0.75rem 1rem; }
        .msg { display: flex; margin: 0.3rem 0; }
        .msg.out { justify-content: flex-end; }
        .bubble { max-width: min(80%, 38rem); background: #fff; border-radius: 8px; padding: 0.4rem 0.6rem; box-shadow: 0 1px 1px rgba(27, 31, 36, 0.12); }
        .msg.out .bubble { background: #d9fdd3; }
        .bubble p { margin: 0; }
        .text { white-space: pre-wrap; overflow-wrap: anywhere; }
        .meta { font-size: 0.75rem; color: #555; text-align: right; }
      </style></head><body><div role="log" tabindex="0"><ol>${items}</ol></div></body></html>`,
      { waitUntil: 'load' },
    );
    await page.evaluate(IN_PAGE);
    await page.evaluate('window.__bench.settle(5)');
    return await passes(page);
  } finally {
    await context.close();
  }
}

function signedInScript(base: string, storageKey: string): string {
  return `try { if (location.origin === ${JSON.stringify(new URL(base).origin)}) sessionStorage.setItem(${JSON.stringify(storageKey)}, ${JSON.stringify(API_KEY)}); } catch {}`;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const runStarted = performance.now();
  const loadBefore = loadavg()[0]!;
  if (!(MESSAGES >= 1 && LOADS >= 1 && SCROLL_STEPS >= 1 && STEADY_FRAMES >= 1)) throw new Error('BENCH_MESSAGES, BENCH_LOADS, BENCH_SCROLL_STEPS and BENCH_STEADY_FRAMES must be at least 1');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  log(`dashboard: ${LOADS} cold loads per scenario, a chat of ${MESSAGES.toLocaleString('en')} messages, ${SCROLL_STEPS} scroll steps`);
  buildDashboardIfStale();
  const storageKey = tokenStorageKey();
  log('building the gateway...');
  const gatewayCopy = privateGateway(buildGateway());
  const served = gatewayCopy.dashboard;
  const bundle = initialScripts(served);
  log(`initial JavaScript: ${bundle.files.join(', ')}: ${round(bundle.gzipBytes / 1024)} KB gzipped (${round(bundle.rawBytes / 1024)} KB raw)`);
  let db: TestDatabase | undefined;
  let gateway: GatewayProcess | undefined;
  let browser: Browser | undefined;
  let cleaning: Promise<void> | undefined;
  const cleanup = () =>
    (cleaning ??= (async () => {
      await browser?.close().catch(() => undefined);
      await gateway?.kill().catch(() => undefined);
      gatewayCopy.dispose();
      await db?.drop().then(
        () => log(`dropped ${db?.name}`),
        (err) => process.stderr.write(`could not drop ${db?.name}: ${String(err)}\n`),
      );
    })());
  // Kept installed while cleaning up: with Ctrl-C the signal comes twice (the terminal's, and the
  // one tsx relays to this process), and the second must not end the process before the drop.
  const onSignal = (signal: NodeJS.Signals) => {
    if (cleaning) return;
    process.stderr.write(`${signal}: cleaning up\n`);
    void cleanup().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    db = await createTestDatabase();
    log(`scratch database ${db.name}`);
    gateway = await spawnGateway(gatewayCopy.mainJs, {
      ...gatewayCopy.env,
      DATABASE_URL: db.url,
      CURSOR_SECRET,
      LOG_LEVEL: 'warn',
      WEBHOOK_WORKER: 'off',
      // Paging through a long chat is many requests from one key: the budget would measure itself.
      RATE_LIMIT_PER_SECOND: '0',
    });
    const port = Number(/listening on http:\/\/[^:]+:(\d+)/.exec(gateway.output())![1]);
    const base = `http://127.0.0.1:${port}`;
    const servedIndex = await fetch(`${base}/dashboard/`).then((r) => r.text());
    const copiedIndex = readFileSync(join(served, 'index.html'), 'utf8');
    if (servedIndex !== copiedIndex) {
      throw new Error(`the gateway does not serve the dashboard copied to ${served} (see dashboardDir in src/dashboard.ts):\n${servedIndex.slice(0, 400)}\n--- copied:\n${copiedIndex.slice(0, 400)}`);
    }
    const seedStarted = performance.now();
    const seeded = await seedDashboard(db.url, { orgId: ORG, apiKey: API_KEY, count: MESSAGES });
    log(`seeded ${seeded.messages.length} messages (${seeded.reactions} with reactions) in ${round((performance.now() - seedStarted) / 1000)} s`);

    // Our own signal handlers close the browser: Playwright's would exit before the database is dropped.
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, timeout: 30_000, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
    log(`browser: Chromium ${browser.version()}`);

    // First screen: one warm-up round, then LOADS rounds; the scenarios interleaved.
    const signedIn = signedInScript(base, storageKey);
    const runs = { cold: [] as Load[], signedIn: [] as Load[], bare: [] as Load[] };
    for (let i = 0; i <= LOADS; i++) {
      const cold = await coldLoad(browser, `${base}/dashboard/`, 'dashboard:sign-in-ready');
      const inside = await coldLoad(browser, `${base}/dashboard/`, 'dashboard:sessions-ready', signedIn);
      const bare = await coldLoad(browser, `${base}/dashboard/favicon.svg`, null);
      if (i === 0) continue;
      runs.cold.push(cold);
      runs.signedIn.push(inside);
      runs.bare.push(bare);
    }
    const cold = stats(runs.cold.map((r) => r.markMs));
    const coldDcl = stats(runs.cold.map((r) => r.dclMs));
    const coldLoadEv = stats(runs.cold.map((r) => r.loadMs));
    const inside = stats(runs.signedIn.map((r) => r.markMs));
    const insideLoadEv = stats(runs.signedIn.map((r) => r.loadMs));
    const bare = stats(runs.bare.map((r) => r.loadMs));
    const fetchedScripts = [...new Set(runs.cold.at(-1)!.scripts)];
    const firstScreenJsGzipBytes = fetchedScripts.reduce((n, f) => n + gzipOf(served, f), 0);
    log(`first screen: signed out ${cold.p50}/${cold.p95} ms, signed in ${inside.p50}/${inside.p95} ms, bare ${bare.p50}/${bare.p95} ms (p50/p95)`);

    log('long chat: loading every page...');
    const chat = await longChat(browser, base, storageKey, seeded);
    const dash = passStats(chat.pass);
    log('long chat: bare page...');
    const { pass: barePass, steady: bareSteady } = await bareScroll(browser, seeded, chat.box);
    const plain = passStats(barePass);
    const steady = passStats(chat.steady);
    const plainSteady = passStats(bareSteady);

    const out = {
      initialJsGzipBytes: bundle.gzipBytes,
      firstScreenP50Ms: cold.p50,
      firstScreenP95Ms: cold.p95,
      signedInP50Ms: inside.p50,
      signedInP95Ms: inside.p95,
      bareLoadP50Ms: bare.p50,
      scrollMessages: chat.fetched,
      scrollFrameP50Ms: dash.p50,
      scrollFrameP95Ms: dash.p95,
      scrollFrameMaxMs: dash.max,
      scrollLongFrames: dash.longFrames,
      domMessages: chat.pass.domMessages,
      bareScrollFrameP95Ms: plain.p95,
      bareScrollFrameMaxMs: plain.max,
      bareDomMessages: barePass.domMessages,
      // More of the same run:
      initialJsRawBytes: bundle.rawBytes,
      initialJsFiles: bundle.files,
      firstScreenJsGzipBytes,
      firstScreenJsFiles: fetchedScripts,
      firstScreenMaxMs: cold.max,
      firstScreenDomContentLoadedP50Ms: coldDcl.p50,
      firstScreenLoadP50Ms: coldLoadEv.p50,
      firstScreenLoadP95Ms: coldLoadEv.p95,
      signedInMaxMs: inside.max,
      signedInLoadP50Ms: insideLoadEv.p50,
      bareLoadP95Ms: bare.p95,
      bareLoadMaxMs: bare.max,
      scrollFrameCount: chat.pass.frames.length,
      scrollLoadAllSeconds: chat.loadSeconds,
      scrollLoadRounds: chat.rounds,
      scrollListComplete: chat.complete,
      scrollHeightPx: chat.pass.scrollHeight,
      scrollPageProblems: chat.problems,
      bareScrollFrameP50Ms: plain.p50,
      bareScrollLongFrames: plain.longFrames,
      bareScrollHeightPx: barePass.scrollHeight,
      steadyFrames: STEADY_FRAMES,
      steadyPxPerFrame: STEADY_PX,
      steadyScrolledPx: chat.steady.scrolledPx,
      steadyFrameP50Ms: steady.p50,
      steadyFrameP95Ms: steady.p95,
      steadyFrameMaxMs: steady.max,
      steadyLongFrames: steady.longFrames,
      steadyDomMessages: chat.steady.domMessages,
      bareSteadyFrameP95Ms: plainSteady.p95,
      bareSteadyFrameMaxMs: plainSteady.max,
      bareSteadyLongFrames: plainSteady.longFrames,
      loadsPerScenario: LOADS,
      scrollSteps: SCROLL_STEPS,
      viewport: VIEWPORT,
      chromium: browser.version(),
      // The machine's 1-minute load average at the start and the end (2 cores: above 2, others were busy too).
      loadAverage: [round(loadBefore, 2), round(loadavg()[0]!, 2)],
      runSeconds: 0,
    };

    const kb = (n: number) => `${round(n / 1024)} KB`;
    const rows: [string, string, string, string][] = [
      ['initial JavaScript (gzip)', kb(out.initialJsGzipBytes), '—', '≤ 250 KB'],
      ['  fetched before first screen', kb(firstScreenJsGzipBytes), '—', ''],
      ['first screen, signed out: → sign-in-ready', `p50 ${cold.p50} / p95 ${cold.p95} / max ${cold.max} ms`, `load p50 ${bare.p50} / p95 ${bare.p95} ms`, '≤ 1000 ms'],
      ['  DOMContentLoaded / load', `p50 ${coldDcl.p50} / ${coldLoadEv.p50} ms`, '', ''],
      ['first screen, signed in: → sessions-ready', `p50 ${inside.p50} / p95 ${inside.p95} / max ${inside.max} ms`, `load p50 ${bare.p50} ms`, '≤ 1000 ms'],
      [`scroll ${out.scrollMessages} messages: frame`, `p50 ${dash.p50} / p95 ${dash.p95} / max ${dash.max} ms`, `p50 ${plain.p50} / p95 ${plain.p95} / max ${plain.max} ms`, 'smooth'],
      [`  frames > ${LONG_FRAME_MS} ms (of ${SCROLL_STEPS})`, String(dash.longFrames), String(plain.longFrames), ''],
      ['  li.msg in the DOM', String(out.domMessages), String(out.bareDomMessages), 'virtualized: few'],
      [`steady scroll up ${STEADY_FRAMES} × ${STEADY_PX} px: frame`, `p50 ${steady.p50} / p95 ${steady.p95} / max ${steady.max} ms`, `p50 ${plainSteady.p50} / p95 ${plainSteady.p95} / max ${plainSteady.max} ms`, ''],
      [`  frames > ${LONG_FRAME_MS} ms (of ${STEADY_FRAMES})`, String(steady.longFrames), String(plainSteady.longFrames), ''],
    ];
    const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), ['figure', 'dashboard', 'bare baseline', 'target'][c]!.length));
    const line = (r: string[]) => r.map((v, c) => v.padEnd(widths[c]!)).join('  ');
    log('');
    log(line(['figure', 'dashboard', 'bare baseline', 'target']));
    log(line(widths.map((w) => '-'.repeat(w))));
    for (const r of rows) log(line(r));
    log('');

    out.runSeconds = round((performance.now() - runStarted) / 1000);
    const file = resolve(ROOT, 'bench/results/dashboard.json');
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
    log(`written to ${file} (run took ${out.runSeconds} s)`);
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
