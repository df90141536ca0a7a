import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import { startTestApp, type TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { browserTestsRun, launchChromium, sayIfSkipped } from '../support/browser';

/**
 * The operator dashboard (libs/dashboard) in a real browser: Debian's Chromium driven by
 * playwright-core, against the gateway and the WhatsApp emulator. Outside CI the test is skipped
 * when Chromium is not installed; in CI (.ci/setup-extra installs it) it always runs.
 *
 * The page runs under the Content-Security-Policy the gateway serves it with; any violation, or
 * any uncaught error in the page, fails the test. axe-core checks each screen.
 */
sayIfSkipped('dashboard');

const ROOT = resolve(__dirname, '../..');
const DIST = join(ROOT, 'dist/dashboard');
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
/** The QR drawing options of libs/dashboard/src/PairingQr.tsx. */
const QR_MARGIN = 2;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describe.skipIf(!browserTestsRun)('operator dashboard in headless Chromium', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let manageKey: string;
  let sendKey: string;
  let base: string;
  let closeBrowser: (() => Promise<void>) | undefined;
  let page: Page;
  let shots: string;
  let account: Account;
  let carol: Contact;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    buildDashboardIfStale();
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp({ ...emu.env, SEND_RATE_PER_SECOND: '0', SEND_WAIT_MS: '2000', OUTBOUND_POLL_MS: '200' });
    manageKey = await createApiKey(t, { orgId: 'org-dashboard', capabilities: ['send', 'manage'] });
    sendKey = await createApiKey(t, { orgId: 'org-dashboard', capabilities: ['send'] });

    base = t.baseUrl;

    shots = mkdtempSync(join(tmpdir(), 'wgw-dashboard-shots-'));
    ({ page, close: closeBrowser } = await launchChromium(DESKTOP));
    page.setDefaultTimeout(15_000);
    page.on('console', (msg) => {
      if (/Content[- ]Security[- ]Policy/i.test(msg.text())) pageProblems.push(`CSP: ${msg.text()}`);
    });
    page.on('pageerror', (err) => pageProblems.push(`page error: ${err.message}`));
  }, 120_000);

  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
    await stopEmulator(emulator);
    if (shots) process.stdout.write(`[dashboard] screenshots in ${shots}\n`);
  });

  it('ships a small initial bundle with no inline script or style', () => {
    const html = readFileSync(join(DIST, 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|style="/);
    const scripts = [...html.matchAll(/<script[^>]*src="\/dashboard\/([^"]+)"/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    const gz = scripts.reduce((n, f) => n + gzipSync(readFileSync(join(DIST, f))).length, 0);
    process.stdout.write(`[dashboard] initial JavaScript: ${(gz / 1024).toFixed(1)} KB gzipped\n`);
    expect(gz).toBeLessThan(250 * 1024);
  });

  it('signs in with a key, creates a session, draws its QR and turns connected when the phone scans it', async () => {
    await page.goto(`${base}/dashboard/`, { waitUntil: 'domcontentloaded' });
    const keyField = page.getByLabel('API key');
    await keyField.waitFor();
    await expect(keyField.evaluate((el: any) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await shot(page, '01-sign-in');
    await checkA11y(page, 'sign-in');

    // A wrong key: an error a person can read, and still on the sign-in screen.
    await keyField.fill('wgw_not-a-real-key');
    await keyField.press('Enter');
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/not accepted/);
    await shot(page, '02-sign-in-refused');
    await checkA11y(page, 'sign-in refused');

    // The real key, submitted from the keyboard; it never appears in the URL.
    await keyField.fill(manageKey);
    await keyField.press('Enter');
    await page.getByRole('heading', { name: 'Sessions' }).waitFor();
    expect(page.url()).not.toContain(manageKey);
    await expect(page.evaluate('sessionStorage.length')).resolves.toBe(1);
    await page.getByText('No sessions yet.').waitFor();
    await page.locator('.live-on').waitFor();
    await shot(page, '03-sessions-empty');
    await checkA11y(page, 'sessions (empty)');

    // Nothing below may reload the page: this mark would be lost.
    await page.evaluate('window.__sameDocument = true');

    await page.getByLabel('Session name').fill('support');
    await page.getByRole('button', { name: 'Create session' }).click();
    const row = sessionRow(page, 'support');
    await row.and(page.locator('[data-status="pairing"]')).waitFor({ timeout: 20_000 });
    const qrImage = row.getByRole('img', { name: /QR code to link the session support/ });
    await qrImage.waitFor();
    const sessionId = (await row.getAttribute('data-session-id'))!;

    // The QR drawn in the page is the one the API hands out; the emulated phone scans it.
    account = emulator.addAccount();
    await eventually(
      async () => {
        const r = await t.http(`/api/v1/sessions/${sessionId}/qr`, { token: manageKey });
        if (r.status !== 200) return false;
        const { qr } = (await r.json()) as { qr: string };
        if (!(await drawnQrIs(qrImage, qr))) return false;
        await shot(page, '04-session-pairing-qr');
        await checkA11y(page, 'session pairing (QR)');
        await emulator.phone(account).scanQr(qr);
        return true;
      },
      30_000,
      'the drawn QR to match the API and be scanned',
    );

    await row.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 30_000 });
    await expect(row.getByTestId('session-status').innerText()).resolves.toBe('Connected');
    await expect(row.getByRole('img').count()).resolves.toBe(0);
    await expect(page.evaluate('window.__sameDocument === true')).resolves.toBe(true);
    await row.getByText(`+${account.phone}`).waitFor();
    await shot(page, '05-session-connected');
    await checkA11y(page, 'session connected');
  });

  it('shows a chat live, sends from the composer, and moves the ticks to delivered and read', async () => {
    carol = emulator.addContact({ name: 'Carol' });
    const row = sessionRow(page, 'support');
    await row.getByRole('button', { name: 'Chats' }).click();
    await page.getByText('No chats yet.').waitFor();
    await shot(page, '06-chats-empty');
    await checkA11y(page, 'chats (empty)');

    // Carol writes: her chat appears without a reload.
    await emulator.contact(carol).sendText(account, 'hi from carol');
    const chatButton = page.locator(`.chat-item[data-jid="${carol.phone}@s.whatsapp.net"]`);
    await chatButton.waitFor({ timeout: 20_000 });
    await chatButton.focus();
    await page.keyboard.press('Enter');
    const log = page.getByRole('log');
    await log.getByText('hi from carol').waitFor();

    // A second message arrives live in the open chat.
    await emulator.contact(carol).sendText(account, 'are you there?');
    await log.getByText('are you there?').waitFor({ timeout: 20_000 });

    // The composer sends a text (Enter); it reaches Carol's phone.
    const composer = page.getByLabel(/^Message to /);
    await composer.fill('hello from the dashboard');
    await composer.press('Enter');
    const received = await emulator
      .contact(carol)
      .waitForMessage((m) => (m.message.conversation ?? m.message.extendedTextMessage?.text) === 'hello from the dashboard', 20_000);
    const mine = page.locator('li.msg.out', { hasText: 'hello from the dashboard' });
    await mine.waitFor();
    // Carol's phone confirms delivery by itself, then she reads it and reacts.
    await mine.locator('[data-status="delivered"]').waitFor({ timeout: 20_000 });
    await expect(mine.locator('.tick').innerText()).resolves.toContain('Delivered');
    await shot(page, '07-chat-delivered');
    emulator.contact(carol).markRead(account, [received.id]);
    await mine.locator('[data-status="read"]').waitFor({ timeout: 20_000 });
    await emulator.contact(carol).react(account, received.id, '👍');
    await mine.locator('.reaction', { hasText: '👍' }).waitFor({ timeout: 20_000 });
    await expect(composer.inputValue()).resolves.toBe('');
    await shot(page, '08-chat-read-reaction');
    await checkA11y(page, 'chat');

    // Phone width: one panel at a time, back links to move between them.
    await page.setViewportSize(PHONE);
    await log.getByText('hello from the dashboard').waitFor();
    await expect(page.locator('.panel-sessions').isVisible()).resolves.toBe(false);
    await shot(page, '09-chat-phone');
    await checkA11y(page, 'chat (phone width)');
    await page.getByRole('button', { name: '← Chats' }).click();
    await chatButton.waitFor();
    await shot(page, '10-chats-phone');
    await checkA11y(page, 'chats (phone width)');
    await page.getByRole('button', { name: '← Sessions' }).click();
    await sessionRow(page, 'support').waitFor();
    await shot(page, '11-sessions-phone');
    await checkA11y(page, 'sessions (phone width)');
    await page.setViewportSize(DESKTOP);
  });

  it('stops and starts a session, and deletes one after a confirmation', async () => {
    const row = sessionRow(page, 'support');
    await row.getByRole('button', { name: 'Stop' }).click();
    await row.and(page.locator('[data-status="stopped"]')).waitFor({ timeout: 20_000 });
    await row.getByRole('button', { name: 'Start' }).click();
    await row.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 30_000 });

    await page.getByLabel('Session name').fill('temporary');
    await page.getByLabel(/Start pairing right away/).uncheck();
    await page.getByRole('button', { name: 'Create session' }).click();
    const temp = sessionRow(page, 'temporary');
    await temp.and(page.locator('[data-status="stopped"]')).waitFor();
    await temp.getByRole('button', { name: 'Delete' }).click();
    const confirm = temp.getByRole('button', { name: 'Delete temporary' });
    await confirm.waitFor();
    await expect(confirm.evaluate((el: any) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await shot(page, '12-delete-confirm');
    await checkA11y(page, 'delete confirmation');
    await page.keyboard.press('Enter');
    await temp.waitFor({ state: 'detached' });
    await expect(sessionRow(page, 'support').count()).resolves.toBe(1);
  });

  it('a send-only key reads sessions and chats but sees no session controls', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    const keyField = page.getByLabel('API key');
    await keyField.waitFor();
    await expect(page.evaluate('sessionStorage.length')).resolves.toBe(0);
    await keyField.fill(sendKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    const row = sessionRow(page, 'support');
    await row.waitFor();
    await page.locator('.live-on').waitFor();
    await expect(page.getByRole('button', { name: 'Create session' }).count()).resolves.toBe(0);
    await expect(page.getByLabel('Session name').count()).resolves.toBe(0);
    for (const name of ['Start', 'Stop', 'Log out', 'Delete']) await expect(row.getByRole('button', { name }).count(), name).resolves.toBe(0);
    await page.getByText(/not create or control them/).waitFor();
    await row.getByRole('button', { name: 'Chats' }).click();
    await page.locator(`.chat-item[data-jid="${carol.phone}@s.whatsapp.net"]`).click();
    await page.getByRole('log').getByText('hello from the dashboard').waitFor();
    await shot(page, '13-send-only-key');
    await checkA11y(page, 'send-only key');
    expect(pageProblems).toEqual([]);
  });

  async function shot(p: Page, name: string): Promise<void> {
    const path = join(shots, `${name}.png`);
    await p.screenshot({ path });
    process.stdout.write(`[dashboard] screenshot ${path}\n`);
  }
});

function sessionRow(page: Page, name: string): Locator {
  return page.locator('li.session').filter({ has: page.getByRole('heading', { name, exact: true }) });
}

/** axe-core on the page as it is now: no serious or critical violation. */
async function checkA11y(page: Page, screen: string): Promise<void> {
  // page.evaluate runs over the DevTools protocol, which the page's CSP does not block (an inline
  // <script>, as addScriptTag({ content }) makes, would be: script-src 'self').
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const { violations, passed } = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ passed: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) })) }))`,
  )) as { passed: number; violations: { id: string; impact: string | null; help: string; nodes: string[] }[] };
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  process.stdout.write(
    `[dashboard] axe ${screen}: ${passed} rules passed, ${violations.length} violation(s), ${blocking.length} serious/critical${violations.length ? ` — ${violations.map((v) => `${v.id} (${v.impact})`).join(', ')}` : ''}\n`,
  );
  expect(passed).toBeGreaterThan(0);
  expect(blocking, JSON.stringify(blocking, null, 2)).toEqual([]);
}

/** Reads the modules back from the drawn canvas and compares them with `qr` encoded as the page does. */
async function drawnQrIs(canvas: Locator, qr: string): Promise<boolean> {
  const modules = QRCode.create(qr, { errorCorrectionLevel: 'M' }).modules;
  const drawn = await canvas.evaluate(
    (c: any, { size, margin }: { size: number; margin: number }) => {
      const scale = c.width / (size + 2 * margin);
      if (!c.width || c.width !== c.height || !Number.isInteger(scale)) return null;
      const img = c.getContext('2d').getImageData(0, 0, c.width, c.height).data as Uint8ClampedArray;
      let bits = '';
      for (let row = 0; row < size; row++) {
        for (let col = 0; col < size; col++) {
          const x = Math.floor((margin + col + 0.5) * scale);
          const y = Math.floor((margin + row + 0.5) * scale);
          bits += img[(y * c.width + x) * 4]! < 128 ? '1' : '0';
        }
      }
      return bits;
    },
    { size: modules.size, margin: QR_MARGIN },
  );
  return drawn === Array.from(modules.data, (b) => (b ? '1' : '0')).join('');
}

/** Builds dist/dashboard unless its index.html is newer than every source it is built from. */
function buildDashboardIfStale(): void {
  const index = join(DIST, 'index.html');
  const sources = [join(ROOT, 'libs/dashboard'), join(ROOT, 'libs/client/src'), join(ROOT, 'package-lock.json')];
  if (existsSync(index) && statSync(index).mtimeMs > Math.max(...sources.map(newestMtime))) return;
  const started = Date.now();
  execFileSync('npm', ['run', 'build:dashboard', '--silent'], {
    cwd: ROOT,
    stdio: 'pipe',
    // Vitest sets NODE_ENV=test; the dashboard is built as it ships.
    env: { ...process.env, NODE_ENV: 'production' },
    timeout: 120_000,
  });
  process.stdout.write(`[dashboard] built dist/dashboard in ${Date.now() - started} ms\n`);
}

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}
