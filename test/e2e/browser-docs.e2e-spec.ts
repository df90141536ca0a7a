import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { browserTestsRun, launchChromium, sayIfSkipped } from '../support/browser';

/**
 * Swagger UI in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * Outside CI the test is skipped when Chromium is not installed; in CI (.ci/setup-extra installs
 * it) it always runs.
 */
const ARTIFACTS = resolve(__dirname, '../artifacts');
sayIfSkipped('browser-docs');

describe.skipIf(!browserTestsRun)('Swagger UI in headless Chromium', () => {
  let t: TestApp;
  let key: string;
  let page: Page;
  let closeBrowser: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    t = await startTestApp();
    key = await createApiKey(t, { orgId: 'org-browser', capabilities: ['send', 'manage'] });
    // A session so that the list has something in it.
    const created = await t.client(key).POST('/api/v1/sessions', { body: { name: 'browser-visible' } });
    expect(created.response.status).toBe(201);
    ({ page, close: closeBrowser } = await launchChromium({ width: 1280, height: 1600 }));
    page.setDefaultTimeout(10_000);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  it('authorizes with an API key, runs "list sessions" with Try it out, and lists the custom methods', async () => {
    await page.goto(`${t.baseUrl}/docs`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('.swagger-ui .information-container .title');

    // Custom methods are rendered with their literal colon path.
    const stop = page.locator('#operations-sessions-sessions_stop');
    await stop.waitFor();
    await expect(stop.locator('.opblock-summary-path').innerText()).resolves.toContain('/api/v1/sessions/{session}:stop');

    // Authorize dialog: paste the API key as the bearer value.
    await page.click('.auth-wrapper .btn.authorize');
    const bearer = page.locator('.modal-ux input[type="text"], .modal-ux input[type="password"]').first();
    await bearer.fill(key);
    await page.click('.modal-ux .auth-btn-wrapper .btn.authorize');
    await page.locator('.modal-ux .auth-btn-wrapper .btn-done').click();
    await page.locator('.modal-ux').waitFor({ state: 'detached' });

    // GET /api/v1/sessions → Try it out → Execute.
    const list = page.locator('#operations-sessions-sessions_list');
    await list.locator('.opblock-summary-control').click();
    await list.locator('.try-out__btn').click();
    await list.locator('.execute').click();
    const code = list.locator('.responses-table.live-responses-table .response .response-col_status').first();
    await code.waitFor();
    await page.screenshot({ path: join(ensureDir(ARTIFACTS), 'swagger-ui-list-sessions.png'), fullPage: true });
    expect((await code.innerText()).trim()).toBe('200');
    const body = await list.locator('.live-responses-table .response-col_description pre').first().innerText();
    expect(body).toContain('browser-visible');
    // The request carried the key that was entered in the dialog.
    const curl = await list.locator('.curl-command').innerText();
    expect(curl).toContain(`Bearer ${key}`);
  });
});

function ensureDir(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
