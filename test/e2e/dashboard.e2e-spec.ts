import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Locator, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Contact, WaEmulator } from '../../libs/wa-emulator/src';
import { createGatewayClient } from '../../libs/client/src';
import { startTestApp, type TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { eventually, startEmulator, stopEmulator } from '../support/emulator';
import { browserTestsRun, launchChromium, sayIfSkipped } from '../support/browser';
import { startWebhookReceiver, verifyWebhook, type WebhookReceiver } from '../support/webhook-receiver';

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
/** A 96×64 PNG: sky, sun, hill. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAGAAAABACAIAAABqVuVZAAAB60lEQVR42u3QayuDYRjA8esT7cXeipwiIiIiERERERFpcshxmLE5n48bWya0LZOJL+DDeO/FU/cctnvPfdlzuJ9d9Xv9f/GHnOl3wgG5M2+EA/JmXwkH5M/FCQcUzL8QDihafCYcULwUIxxQ4nwiHFC6ErWMz4/CVNBNKFuNWAPnjgKXhXJX2ALS3lEgylDhfpSdyjsK0ThUrj9ITeiOQqgPVZ57qSEGCfWh2nsnNcQgoT7UbIakhhgk1Ifa7VupIQYJ9aFuJyg1xCChPtTvBqSGGCTUh4b9G6khBgn1ofHALzXEIKE+NB36ZCd0RzQOzcdXFqDyDqIMLScX1pD2Di4LrafnlsG5g25C2/kZ4YD2ixPCAR2Xx4QDOn1HJBWbww5d/gPyi81hZ6D7ep8ovn9JDOoJ7GW5pF8Sg3qDO9mJ/yUxyOaw991uZw+VX34MYvpDW1Yl+iX5IGbgzmsN6C9pBjGD9x4Z/f+L2kHM0MOG+WXwi/AgZvjRbTZafMEPYkbCa8bS9EsGBjGjEZee9PmSyUHMWHRFOzp/0WQQM/60nClGfdF2EOOIOXEM/6LTIGbieVEN83zRexAz+bLwlwm/GDaImYrPm/mL8YNkQYNoEA2iQTSIBtEgGkSDCA2iQTSIBtEgGkSDsssXBf4KX4Y6FG4AAAAASUVORK5CYII=',
  'base64',
);
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
  let receiver: WebhookReceiver;
  const pageProblems: string[] = [];

  beforeAll(async () => {
    buildDashboardIfStale();
    const emu = await startEmulator();
    emulator = emu.emulator;
    receiver = await startWebhookReceiver();
    t = await startTestApp({
      ...emu.env,
      SEND_RATE_PER_SECOND: '0',
      SEND_WAIT_MS: '2000',
      OUTBOUND_POLL_MS: '200',
      WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    });
    manageKey = await createApiKey(t, { orgId: 'org-dashboard', capabilities: ['send', 'manage', 'admin'] });
    sendKey = await createApiKey(t, { orgId: 'org-dashboard', capabilities: ['send'] });

    base = t.baseUrl;

    // Kept as test artifacts (git-ignored), replaced on each run.
    shots = join(ROOT, 'test/artifacts/dashboard');
    rmSync(shots, { recursive: true, force: true });
    mkdirSync(shots, { recursive: true });
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
    await receiver?.close();
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
    // The list shows the last message and how many are unread.
    await chatButton.locator('.chat-preview', { hasText: 'hi from carol' }).waitFor();
    await expect(chatButton.getByTestId('unread-count').locator('.visually-hidden').innerText()).resolves.toBe('1 unread');
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

  it('sends an image (picker) and a dropped file, shows received media, replies, reacts and deletes for everyone', async () => {
    await sessionRow(page, 'support').getByRole('button', { name: 'Chats' }).click();
    await page.locator(`.chat-item[data-jid="${carol.phone}@s.whatsapp.net"]`).click();
    const log = page.getByRole('log');
    await log.getByText('hello from the dashboard').waitFor();
    const composer = page.getByLabel(/^Message to /);

    // An image from the file picker, with a caption: Carol's phone gets an image message.
    await page.getByLabel('Attach a file').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: PNG });
    await page.locator('.attachment').getByRole('img', { name: 'Preview of dot.png' }).waitFor();
    await shot(page, '12-attachment');
    await checkA11y(page, 'attachment chosen');
    await composer.fill('a picture');
    await composer.press('Enter');
    const image = await emulator.contact(carol).waitForMessage((m) => m.message.imageMessage?.caption === 'a picture', 20_000);
    expect(image.message.imageMessage?.mimetype).toBe('image/png');
    const sentImage = page.locator('li.msg.out', { hasText: 'a picture' });
    await sentImage.locator('img.media-visual').waitFor();
    await sentImage.locator('[data-status="delivered"]').waitFor({ timeout: 20_000 });

    // Carol answers it, quoting it, and sends a picture of her own: both appear live, her picture loaded.
    const niceId = await emulator.contact(carol).sendMessage(account, {
      extendedTextMessage: { text: 'nice picture', contextInfo: { stanzaId: image.id, participant: `${account.phone}@s.whatsapp.net`, quotedMessage: { conversation: 'a picture' } } },
    });
    const answer = page.locator('li.msg.in', { hasText: 'nice picture' });
    await answer.waitFor({ timeout: 20_000 });
    await answer.locator('.quote').waitFor();
    const hersId = await emulator.contact(carol).sendImage(account, { data: PNG, mimetype: 'image/png', caption: 'from carol' });
    const hers = log.getByRole('img', { name: 'from carol' });
    await hers.waitFor({ timeout: 20_000 });
    await eventually(async () => (await hers.evaluate((img: any) => img.complete && img.naturalWidth)) > 0, 20_000, "Carol's picture loaded");
    await shot(page, '13-chat-media');
    await checkA11y(page, 'chat with media');

    // Edit the picture's caption (it was sent less than 15 minutes ago): an inline form, Escape
    // cancels; saved, Carol's phone shows the new caption as an edit and the bubble says "edited".
    await sentImage.hover();
    const editButton = sentImage.getByRole('button', { name: 'Edit', exact: true });
    await editButton.click();
    const editField = sentImage.getByLabel('Edit message');
    await expect(editField.inputValue()).resolves.toBe('a picture');
    await expect(editField.evaluate((el: any) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await editField.press('Escape');
    await editField.waitFor({ state: 'detached' });
    await expect(editButton.evaluate((el: any) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await page.keyboard.press('Enter');
    await editField.fill('a picture of the sun');
    await shot(page, '13b-edit-message');
    await checkA11y(page, 'edit message');
    await sentImage.getByRole('button', { name: 'Save', exact: true }).click();
    await eventually(
      async () => emulator.contact(carol).inbox.find((m) => m.id === image.id)?.edits?.at(-1)?.text === 'a picture of the sun',
      20_000,
      "the edited caption on Carol's phone",
    );
    expect(emulator.contact(carol).contact.ignoredEdits).toEqual([]);
    await editField.waitFor({ state: 'detached' });
    await sentImage.locator('p.text', { hasText: 'a picture of the sun' }).waitFor();
    await sentImage.locator('.meta', { hasText: 'edited' }).waitFor();

    // Opening the chat sent no read receipts: "Mark as read" does, for each of Carol's messages.
    const sessionId = (await sessionRow(page, 'support').getAttribute('data-session-id'))!;
    const gw = createGatewayClient({ baseUrl: base, token: manageKey });
    const { data: stored } = await gw.GET('/api/v1/sessions/{session}/chats/{jid}/messages', {
      params: { path: { session: sessionId, jid: `${carol.phone}@s.whatsapp.net` }, query: { limit: 100 } },
    });
    const carolsIds = (stored?.items ?? []).filter((m) => !m.fromMe && m.type !== 'reaction').map((m) => m.waMessageId);
    expect(carolsIds).toEqual(expect.arrayContaining([niceId.id, hersId.id]));
    expect(carolsIds.length).toBeGreaterThanOrEqual(4);
    for (const id of carolsIds) expect(emulator.receipt(id)?.read ?? false, id).toBe(false);
    const markRead = page.getByRole('button', { name: 'Mark as read', exact: true });
    await markRead.click();
    await page.getByRole('status').filter({ hasText: 'Marked as read' }).waitFor();
    await markRead.waitFor({ state: 'detached' });
    for (const id of carolsIds) await emulator.waitForRead(id, 20_000);
    // The chat list follows: nothing unread in Carol's chat any more.
    await page.locator(`.chat-item[data-jid="${carol.phone}@s.whatsapp.net"]`).getByTestId('unread-count').waitFor({ state: 'detached' });
    await shot(page, '13c-marked-read');
    await checkA11y(page, 'chat marked read');

    // Reply to Carol's answer: the quote reaches her phone.
    await answer.hover();
    await answer.getByRole('button', { name: 'Reply', exact: true }).click();
    await page.locator('.reply-bar').getByText('nice picture').waitFor();
    await composer.fill('glad you like it');
    await composer.press('Enter');
    const answerId = (await answer.getAttribute('data-wa-id'))!;
    const reply = await emulator.contact(carol).waitForMessage((m) => m.message.extendedTextMessage?.text === 'glad you like it', 20_000);
    expect(reply.message.extendedTextMessage?.contextInfo?.stanzaId).toBe(answerId);

    // React to it: Carol's phone gets the reaction.
    await answer.hover();
    await answer.getByRole('button', { name: 'React', exact: true }).click();
    const picker = page.getByRole('group', { name: 'Choose a reaction' });
    await shot(page, '14-reaction-picker');
    await checkA11y(page, 'reaction picker');
    await picker.getByRole('button', { name: '❤️' }).click();
    const reaction = await emulator.contact(carol).waitForMessage((m) => m.message.reactionMessage?.text === '❤️', 20_000);
    expect(reaction.message.reactionMessage?.key?.id).toBe(answerId);
    await answer.locator('.reaction', { hasText: '❤️' }).waitFor();

    // Delete the reply for everyone, after a confirmation: Carol's phone gets the revoke.
    const mine = page.locator('li.msg.out', { hasText: 'glad you like it' });
    await mine.hover();
    await mine.getByRole('button', { name: 'Delete for everyone' }).click();
    const yes = page.getByRole('button', { name: 'Yes, delete' });
    await expect(yes.evaluate((el: any) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await shot(page, '15-delete-for-everyone');
    await checkA11y(page, 'delete for everyone');
    await yes.click();
    const revoke = await emulator.contact(carol).waitForMessage((m) => m.message.protocolMessage?.key?.id === reply.id, 20_000);
    expect(revoke.message.protocolMessage?.type).toBe(0); // REVOKE
    await log.getByText('glad you like it').waitFor({ state: 'detached', timeout: 20_000 });

    // A file dropped on the conversation is attached like a picked one; removed again.
    await page.locator('.conversation').evaluate((el: any) => {
      const w = el.ownerDocument.defaultView;
      const dt = new w.DataTransfer();
      dt.items.add(new w.File(['hello'], 'notes.txt', { type: 'text/plain' }));
      for (const type of ['dragenter', 'dragover', 'drop']) el.dispatchEvent(new w.DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
    });
    await page.locator('.attachment').getByText('notes.txt').waitFor();
    await page.getByRole('button', { name: 'Remove attachment' }).click();
    await page.locator('.attachment').waitFor({ state: 'detached' });
  });

  it('opens a group: its messages, its members with their roles and its invite link', async () => {
    const dave = emulator.addContact({ name: 'Dave' });
    const group = emulator.createGroup({ subject: 'Support Team', creator: carol, participants: [account, dave], admins: [account] });
    await sessionRow(page, 'support').getByRole('button', { name: 'Chats' }).click();
    await emulator.contact(carol).sendGroupText(group.jid, 'hello team');
    const groupButton = page.locator(`.chat-item[data-jid="${group.jid}"]`);
    await groupButton.waitFor({ timeout: 20_000 });
    await expect(groupButton.innerText()).resolves.toContain('Support Team');
    await groupButton.click();
    const log = page.getByRole('log');
    await log.getByText('hello team').waitFor({ timeout: 20_000 });
    await shot(page, '16-group-chat');
    await checkA11y(page, 'group chat');

    await page.getByRole('button', { name: 'Group info' }).click();
    const members = page.getByRole('list', { name: /Members/ });
    await members.waitFor();
    // Current groups address members by LID; the row shows the phone number too.
    await members.locator('li.member[data-role="superadmin"]').filter({ hasText: `+${carol.phone}` }).waitFor();
    await members.locator('li.member[data-role="admin"]').filter({ hasText: `+${account.phone}` }).waitFor();
    await members.locator('li.member[data-role="member"]').filter({ hasText: `+${dave.phone}` }).waitFor();
    await expect(members.locator('li.member').count()).resolves.toBe(3);
    const invite = page.getByLabel('Invite link');
    await eventually(async () => /^https:\/\/chat\.whatsapp\.com\/\S+$/.test(await invite.inputValue()), 20_000, 'the invite link');
    expect(await invite.inputValue()).toBe(`https://chat.whatsapp.com/${emulator.group(group.jid).inviteCode}`);
    await shot(page, '17-group-info');
    await checkA11y(page, 'group info');
    await page.getByRole('button', { name: '← Messages' }).click();
    await log.getByText('hello team').waitFor();
  });

  it('lists the channels the session follows and shows their posts', async () => {
    // Followed through the API (as a team's script would), then posted to.
    const channel = emulator.createChannel({ name: 'Daily News' });
    const sessionId = (await sessionRow(page, 'support').getAttribute('data-session-id'))!;
    const gw = createGatewayClient({ baseUrl: base, token: manageKey });
    const followed = await gw.POST('/api/v1/sessions/{session}/channels/{jid}:follow', { params: { path: { session: sessionId, jid: channel.jid } } });
    expect(followed.response.status).toBe(200);
    emulator.postToChannel(channel.jid, 'the first post');
    emulator.postToChannel(channel.jid, 'the second post');
    await page.getByRole('button', { name: 'Channels', exact: true }).click();
    const item = page.locator(`.channel-item[data-jid="${channel.jid}"]`);
    await eventually(
      async () => {
        if (await item.count()) return true;
        // The list is read when the tab opens; the posts may have been stored after that.
        await page.getByRole('button', { name: 'Chats and groups' }).click();
        await page.getByRole('button', { name: 'Channels', exact: true }).click();
        return false;
      },
      20_000,
      'the channel in the list',
    );
    await expect(item.innerText()).resolves.toContain('Daily News');
    await shot(page, '18-channels');
    await checkA11y(page, 'channels');
    await item.click();
    const posts = page.getByRole('list', { name: /Posts of Daily News/ });
    await posts.getByText('the second post').waitFor();
    // A new post appears while the channel is open (channel.post events).
    emulator.postToChannel(channel.jid, 'a live post');
    await posts.getByText('a live post').waitFor({ timeout: 20_000 });
    const texts = await posts.locator('li.channel-post').allInnerTexts();
    expect(texts.findIndex((x) => x.includes('the second post'))).toBeLessThan(texts.findIndex((x) => x.includes('the first post')));
    await shot(page, '19-channel-posts');
    await checkA11y(page, 'channel posts');
    await page.getByRole('button', { name: '← Channels' }).click();
    await page.getByRole('button', { name: 'Chats and groups' }).click();
  });

  it('creates a webhook, shows its secret once, and logs its deliveries', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Webhooks' }).click();
    await page.getByText('No webhooks yet.', { exact: false }).waitFor();
    await shot(page, '20-webhooks-empty');
    await checkA11y(page, 'webhooks (empty)');

    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByLabel('Webhook URL').fill(receiver.url);
    await page.getByLabel('message.received', { exact: true }).check();
    await shot(page, '21-webhook-form');
    await checkA11y(page, 'webhook form');
    await page.getByRole('button', { name: 'Create webhook' }).click();
    const secretBox = page.getByTestId('one-time-secret');
    await secretBox.waitFor();
    const secret = await secretBox.getByLabel('Signing secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shot(page, '22-webhook-secret-once');
    await checkA11y(page, 'webhook secret');
    await secretBox.getByRole('button', { name: 'I have stored it' }).click();
    await secretBox.waitFor({ state: 'detached' });
    expect(await page.getByText(secret).count()).toBe(0);

    // An event it subscribes to: delivered, signed with the secret shown, and in the log.
    await emulator.contact(carol).sendText(account, 'for the webhook');
    await receiver.waitFor(() => receiver.accepted.some((r) => r.json.type === 'message.received' && r.json.data.text === 'for the webhook'), 20_000, 'the webhook delivery');
    const delivered = receiver.accepted.find((r) => r.json.data.text === 'for the webhook')!;
    expect(() => verifyWebhook(secret, delivered)).not.toThrow();
    const row = page.locator('li[data-webhook-id]').filter({ hasText: receiver.url });
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const succeeded = row.locator(`tbody[data-delivery-id="${delivered.headers['webhook-id']}"][data-status="succeeded"]`);
    await eventually(
      async () => {
        if (await succeeded.count()) return true;
        await row.getByRole('button', { name: 'Refresh' }).click();
        return false;
      },
      20_000,
      'the delivery in the log',
    );
    await expect(succeeded.innerText()).resolves.toMatch(/200/);
    await expect(succeeded.innerText()).resolves.toMatch(/\d ms/);
    // The receiver's answer, as the attempt log keeps it.
    await expect(succeeded.innerText()).resolves.toContain('ok');
    await shot(page, '23-webhook-deliveries');
    await checkA11y(page, 'webhook deliveries');
    await page.setViewportSize(PHONE);
    await succeeded.waitFor();
    await shot(page, '23-webhook-deliveries-phone');
    await checkA11y(page, 'webhook deliveries (phone width)');
    await page.setViewportSize(DESKTOP);
  });

  it('creates an API key shown once, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'API keys' }).click();
    await page.getByRole('heading', { name: 'API keys', exact: true }).waitFor();
    await page.getByLabel('Key name').fill('reporting-bot');
    await page.getByRole('group', { name: 'Capabilities' }).getByLabel('send', { exact: true }).check();
    await page.getByRole('button', { name: 'Create API key' }).click();
    const secretBox = page.getByTestId('one-time-secret');
    const key = await secretBox.getByLabel('New API key').inputValue();
    expect(key).toMatch(/^wgw_/);
    expect((await t.http('/api/v1/sessions', { token: key })).status).toBe(200);
    await shot(page, '24-api-key-created');
    await checkA11y(page, 'API key created');
    await secretBox.getByRole('button', { name: 'I have stored it' }).click();

    const row = page.locator('tr[data-api-key-id]').filter({ hasText: 'reporting-bot' });
    await row.waitFor();
    await row.getByRole('button', { name: 'Revoke reporting-bot' }).click();
    const confirm = page.getByRole('button', { name: 'Revoke key' });
    await expect(confirm.evaluate((el: any) => el === el.ownerDocument.activeElement)).resolves.toBe(true);
    await shot(page, '25-api-key-revoke');
    await checkA11y(page, 'API key revoke');
    await confirm.click();
    await row.waitFor({ state: 'detached' });
    expect((await t.http('/api/v1/sessions', { token: key })).status).toBe(401);
  });

  it('tails live events with a type filter, and holds them while paused', async () => {
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Live events' }).click();
    await page.locator('.events-status[data-state="live"]').waitFor({ timeout: 20_000 });
    const rows = page.getByRole('list', { name: 'Events, newest first' });

    await emulator.contact(carol).sendText(account, 'seen in the tail');
    await rows.locator('li.event-row[data-type="message.received"]').first().waitFor({ timeout: 20_000 });
    await shot(page, '26-live-events');
    await checkA11y(page, 'live events');
    await page.setViewportSize(PHONE);
    await shot(page, '26-live-events-phone');
    await checkA11y(page, 'live events (phone width)');
    await page.setViewportSize(DESKTOP);

    await page.getByRole('button', { name: 'Pause' }).click();
    const before = await rows.locator('li.event-row').count();
    await emulator.contact(carol).sendText(account, 'while paused');
    await page.locator('p.events-held').getByText(/new events? while paused/).waitFor({ timeout: 20_000 });
    expect(await rows.locator('li.event-row').count()).toBe(before);
    await shot(page, '27-live-events-paused');
    await checkA11y(page, 'live events (paused)');
    await page.getByRole('button', { name: 'Resume' }).click();
    await eventually(async () => (await rows.locator('li.event-row').count()) > before, 10_000, 'the held events shown');

    // The filter: without message.received, those rows go and new ones do not come.
    await page.getByLabel('message.received', { exact: true }).uncheck();
    await eventually(async () => (await rows.locator('li.event-row[data-type="message.received"]').count()) === 0, 10_000, 'message rows filtered out');
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sessions & chats' }).click();
    await sessionRow(page, 'support').waitFor();
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
    await shot(page, '28-delete-confirm');
    await checkA11y(page, 'delete confirmation');
    await page.keyboard.press('Enter');
    await temp.waitFor({ state: 'detached' });
    await expect(sessionRow(page, 'support').count()).resolves.toBe(1);
  });

  it('links a session with a pairing code instead of a QR', async () => {
    const second = emulator.addAccount();
    await page.getByLabel('Session name').fill('by-code');
    await page.getByLabel(/Start pairing right away/).uncheck();
    await page.getByRole('button', { name: 'Create session' }).click();
    const row = sessionRow(page, 'by-code');
    await row.and(page.locator('[data-status="stopped"]')).waitFor();
    await row.getByRole('button', { name: 'Link with a phone number instead' }).click();
    const phone = row.getByLabel('Phone number to link');
    await phone.fill('12ab');
    await row.getByRole('button', { name: 'Get pairing code' }).click();
    await row.getByRole('alert').getByText(/country code/).waitFor();
    await phone.fill(`+${second.phone}`);
    await row.getByRole('button', { name: 'Get pairing code' }).click();
    const code = row.getByTestId('pairing-code');
    await code.waitFor({ timeout: 20_000 });
    const shown = (await code.innerText()).replace('-', '');
    expect(shown).toMatch(/^[A-Z0-9]{8}$/);
    await shot(page, '29-pairing-code');
    await checkA11y(page, 'pairing code');
    await emulator.phone(second).enterPairingCode(shown);
    await row.and(page.locator('[data-status="connected"]')).waitFor({ timeout: 30_000 });
    await row.getByText(`+${second.phone}`).waitFor();
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
    for (const name of ['Webhooks', 'API keys']) await expect(page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name }).count(), name).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Link with a phone number instead' }).count()).resolves.toBe(0);
    await row.getByRole('button', { name: 'Chats' }).click();
    await page.locator(`.chat-item[data-jid="${carol.phone}@s.whatsapp.net"]`).click();
    await page.getByRole('log').getByText('hello from the dashboard').waitFor();
    await shot(page, '30-send-only-key');
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
