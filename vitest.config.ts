import swc from 'unplugin-swc';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// SWC (not esbuild) so that Nest's dependency injection gets decorator metadata.
export default defineConfig({
  plugins: [swc.vite({ module: { type: 'es6' } })],
  resolve: {
    alias: {
      '@app/whatsapp': resolve(__dirname, 'libs/whatsapp/src'),
      '@app/wa-emulator': resolve(__dirname, 'libs/wa-emulator/src'),
    },
  },
  test: {
    include: ['src/**/*.spec.ts', 'libs/**/*.spec.ts', 'test/**/*.e2e-spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
  },
});
