import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The operator dashboard: a single-page app served by the gateway at /dashboard/ under a strict
 * Content-Security-Policy (no inline scripts or styles, same-origin only), so everything is
 * bundled into files: one HTML page, its scripts and one stylesheet.
 *
 *   npm run build:dashboard   →  dist/dashboard/
 */
export default defineConfig({
  root: __dirname,
  base: '/dashboard/',
  plugins: [react()],
  publicDir: resolve(__dirname, 'public'),
  build: {
    outDir: resolve(__dirname, '../../dist/dashboard'),
    emptyOutDir: true,
    target: 'es2022',
    // Every browser the dashboard supports has modulepreload; the polyfill would be dead weight.
    modulePreload: { polyfill: false },
    // Inlined assets would become data: URLs in scripts and styles; keep them as files.
    assetsInlineLimit: 0,
    sourcemap: false,
    reportCompressedSize: true,
  },
});
