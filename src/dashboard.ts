import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express from 'express';
import type { NextFunction, Request, Response } from 'express';

/**
 * The operator dashboard's policy: everything from this origin, nothing inline, no frames, no
 * plugins. The app calls the API on the same origin with the key in a header.
 */
export const DASHBOARD_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; " +
  "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * Where `npm run build` puts the dashboard: dist/dashboard, beside dist/src when the gateway runs
 * from dist/, under the working folder otherwise (tests, and builds of the gateway elsewhere).
 */
export function dashboardDir(): string | undefined {
  const candidates = [join(__dirname, '..', 'dashboard'), join(__dirname, '..', 'dist', 'dashboard'), join(process.cwd(), 'dist', 'dashboard')];
  return candidates.find((d) => existsSync(join(d, 'index.html')));
}

/**
 * Serves the single-page dashboard at /dashboard/ (files, and index.html for the app's own
 * routes) under DASHBOARD_CSP. Not built: a 503 saying how to build it.
 */
export function mountDashboard(app: NestExpressApplication): void {
  const dir = dashboardDir();
  app.use('/dashboard', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    res.setHeader('Content-Security-Policy', DASHBOARD_CSP);
    if (req.originalUrl === '/dashboard') return res.redirect(301, '/dashboard/');
    if (!dir) return res.status(503).json({ error: { code: 'unavailable', message: 'the dashboard is not built: run npm run build', details: {} } });
    next();
  });
  if (!dir) return;
  // Hashed assets may be cached for long; index.html never (it names the current assets).
  app.use('/dashboard', express.static(dir, { index: false, maxAge: '365d', immutable: true }));
  app.use('/dashboard', (req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || /\.[a-z0-9]+$/i.test(req.path)) return next();
    res.setHeader('Cache-Control', 'no-cache');
    // `root`: the dot-file check applies to the file name only, not to where the gateway is installed.
    res.sendFile('index.html', { root: dir });
  });
}
