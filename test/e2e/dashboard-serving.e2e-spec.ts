import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_CSP, dashboardDir } from '../../src/dashboard';
import { startTestApp, TestApp } from '../support/app';

/** /dashboard: served under its own strict policy (or a 503 saying how to build it), off with DASHBOARD=off. */
describe('serving the dashboard', () => {
  let on: TestApp;
  let off: TestApp;
  beforeAll(async () => {
    on = await startTestApp({ WA_RUNTIME: 'off' });
    off = await startTestApp({ WA_RUNTIME: 'off', DASHBOARD: 'off' });
  }, 60_000);
  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  it('answers /dashboard/ and its app routes with index.html (or 503 when not built), always under the strict policy', async () => {
    const bare = await on.http('/dashboard', { redirect: 'manual' });
    expect(bare.status).toBe(301);
    expect(bare.headers.get('location')).toBe('/dashboard/');
    for (const path of ['/dashboard/', '/dashboard/sessions/123']) {
      const res = await on.http(path);
      expect(res.headers.get('content-security-policy')).toBe(DASHBOARD_CSP);
      if (dashboardDir()) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(await res.text()).toMatch(/<script type="module"[^>]* src="\/dashboard\/assets\//);
      } else {
        expect(res.status).toBe(503);
        expect(((await res.json()) as any).error.message).toMatch(/npm run build/);
      }
    }
    // A missing asset is a plain 404, not the app.
    if (dashboardDir()) expect((await on.http('/dashboard/assets/nope.js')).status).toBe(404);
    // The API keeps its own policy.
    expect((await on.http('/healthz')).headers.get('content-security-policy')).not.toBe(DASHBOARD_CSP);
  });

  it('is not served with DASHBOARD=off', async () => {
    const res = await off.http('/dashboard/');
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe('not_found');
  });
});
