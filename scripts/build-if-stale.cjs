// `npm start` (prestart) and `npm run apikey` run the compiled gateway in dist/. This builds it
// (`nest build`, as `npm run build` does) only when dist/ is missing or older than what it is
// built from, so a second `npm start` or `npm run apikey` starts at once. With --dashboard (npm
// start) the dashboard too (`vite build` into dist/dashboard, after nest, which empties dist/).
//   node scripts/build-if-stale.cjs           build if stale (nest's output goes to stderr)
//   node scripts/build-if-stale.cjs --check   exit 0 when dist/ is up to date, 1 when not
//   node scripts/build-if-stale.cjs --check-dashboard   the same for dist/dashboard alone
// Builds are serialized with a lock folder, so two commands started together do not both write dist/.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readdirSync, rmSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const DIST_FILES = ['dist/src/main.js', 'dist/src/cli/apikey.js'];
// What tsconfig.build.json compiles (src, libs without the emulator) and what shapes the build.
const SOURCE_DIRS = ['src', 'libs'];
const SOURCE_FILES = ['tsconfig.json', 'tsconfig.build.json', 'nest-cli.json', 'package-lock.json'];
const SKIP = new Set([join(ROOT, 'libs', 'wa-emulator'), join(ROOT, 'libs', 'dashboard')]);
const DASHBOARD = 'dist/dashboard/index.html';
const DASHBOARD_SOURCES = ['libs/dashboard', 'libs/client'];
const LOCK = join(ROOT, 'node_modules', '.cache', 'wgw-dist-build.lock');

/** Newest modification time under a folder (folders count: deleting a file changes theirs). */
function newest(path, skip = SKIP) {
  if (skip.has(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let max = st.mtimeMs;
  for (const name of readdirSync(path)) max = Math.max(max, newest(join(path, name), skip));
  return max;
}

/** Whether the dashboard in dist/ is newer than its sources (the app, the client, the lockfile). */
function dashboardFresh() {
  const built = join(ROOT, DASHBOARD);
  if (!existsSync(built)) return false;
  const newestSource = Math.max(...DASHBOARD_SOURCES.map((d) => (existsSync(join(ROOT, d)) ? newest(join(ROOT, d), new Set()) : 0)), statSync(join(ROOT, 'package-lock.json')).mtimeMs);
  return newestSource < statSync(built).mtimeMs;
}

function isFresh() {
  const built = DIST_FILES.map((f) => join(ROOT, f));
  if (!built.every((f) => existsSync(f))) return false;
  const builtAt = Math.min(...built.map((f) => statSync(f).mtimeMs));
  const sources = Math.max(
    ...SOURCE_DIRS.map((d) => newest(join(ROOT, d))),
    ...SOURCE_FILES.filter((f) => existsSync(join(ROOT, f))).map((f) => statSync(join(ROOT, f)).mtimeMs),
  );
  return sources < builtAt;
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function buildIfStale(withDashboard = false) {
  if (isFresh() && (!withDashboard || dashboardFresh())) return 0;
  mkdirSync(join(LOCK, '..'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Someone else is building: wait, then use their build if it is fresh.
      try {
        if (Date.now() - statSync(LOCK).mtimeMs > 300_000) rmSync(LOCK, { recursive: true, force: true });
      } catch {
        /* gone meanwhile */
      }
      if (Date.now() > deadline) {
        process.stderr.write(`timed out waiting for another build (remove ${LOCK} if none runs)\n`);
        return 1;
      }
      sleep(200);
    }
  }
  try {
    const status = isFresh() ? 0 : buildGatewayNow();
    if (status !== 0 || !withDashboard || dashboardFresh()) return status;
    process.stderr.write('Building the dashboard into dist/dashboard (vite build)...\n');
    const vite = spawnSync(join(ROOT, 'node_modules', '.bin', 'vite'), ['build', '--config', 'libs/dashboard/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
    if (vite.error || vite.status !== 0) {
      process.stderr.write(`the dashboard could not be built${vite.error ? `: ${vite.error.message}` : ''}; the gateway starts without it\n`);
    }
    return 0;
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function buildGatewayNow() {
  process.stderr.write('Building the gateway into dist/ (nest build; dist/ is missing or older than the sources)...\n');
  const nest = join(ROOT, 'node_modules', '.bin', 'nest');
  // stdout to stderr: `npm run apikey -- create` prints the key, and only the key, on stdout.
  const result = spawnSync(nest, ['build'], { cwd: ROOT, stdio: ['ignore', 2, 2] });
  if (result.error) {
    process.stderr.write(`nest build could not run: ${result.error.message}\n`);
    return 1;
  }
  if (result.status !== 0) {
    // tsc emits despite type errors: leave dist/ looking stale so the next run builds (and reports) again.
    for (const f of DIST_FILES) rmSync(join(ROOT, f), { force: true });
    return result.status ?? 1;
  }
  return 0;
}

if (require.main === module) {
  const withDashboard = process.argv.includes('--dashboard');
  if (process.argv.includes('--check-dashboard')) process.exitCode = dashboardFresh() ? 0 : 1;
  else process.exitCode = process.argv.includes('--check') ? (isFresh() && (!withDashboard || dashboardFresh()) ? 0 : 1) : buildIfStale(withDashboard);
}

module.exports = { isFresh, dashboardFresh, buildIfStale };
