/**
 * Faults benchmark (figures, not pass/fail): the fault stream of test/support/fault-stream.ts at
 * full scale. One gateway process on a private PostgreSQL cluster, one session linked by QR; three
 * emulated contacts push 600 numbered texts at 30/s in total while a client sends 100 numbered
 * texts (Idempotency-Key, retried until a 2xx) and a webhook receives message.received; meanwhile
 * `pg_ctl restart -m fast`, a 503 stream error from WhatsApp, and a SIGKILL + restart of the
 * process, each followed by waiting for `connected`. Then it waits (bounded) for everything to
 * arrive and counts what arrived, what is missing and what is doubled, comparing texts.
 *
 *   npm run bench:faults    # BENCH_INBOUND=600 BENCH_RATE=30 BENCH_OUTBOUND=100 BENCH_TIMEOUT_MS=900000
 * Writes bench/results/faults.json (and the gateway's output to bench/results/faults-gateway.log).
 * Stops by itself: the stream's own deadline, and a watchdog that writes the partial figures.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WaEmulator } from '../libs/wa-emulator/src/index';
import { buildGateway } from '../test/support/gateway-process';
import { emulatorGatewayEnv, FaultStream, formatFaultReport, type FaultStreamReport } from '../test/support/fault-stream';

const INBOUND = Number(process.env.BENCH_INBOUND ?? 600);
const RATE = Number(process.env.BENCH_RATE ?? 30);
const OUTBOUND = Number(process.env.BENCH_OUTBOUND ?? 100);
const CONTACTS = 3;
/** The whole run, build included; the stream's own deadline ends 60 s before. */
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MS ?? 900_000);
const ROOT = process.cwd(); // npm runs scripts from the package root
const FILE = resolve(ROOT, 'bench/results/faults.json');

function write(report: FaultStreamReport | undefined, complete: boolean, error?: string): void {
  const result = {
    inboundSent: report?.inboundSent ?? null,
    inboundStored: report?.inboundStored ?? null,
    outboundSent: report?.outboundSent ?? null,
    outboundArrived: report?.outboundArrived ?? null,
    duplicates: report?.duplicates ?? null,
    recoverPgSeconds: report?.recoverPgSeconds ?? null,
    recoverDropSeconds: report?.recoverDropSeconds ?? null,
    recoverKillSeconds: report?.recoverKillSeconds ?? null,
    complete,
    ...(error ? { error } : {}),
    retryReceipts: report?.emulator.retryReceipts ?? null,
    nacks: report?.emulator.nacks ?? null,
    retryReceiptsFromDevices: report?.emulator.retryReceiptsFromDevices ?? null,
    details: report ?? null,
    note:
      'complete: everything arrived, or what is missing is lost (nothing in flight and nothing moving for 30 s); false: cut short (deadline, watchdog, setup failure). recover*Seconds: fault → the session connected for good (API status connected, the emulator has the device online and, after the drop and the kill, logged in again after the fault), sampled every 150 ms; null = never within the bounds. flowSeconds per fault (details.faults): fault → the first text sent after it stored (inbound) or arrived (outbound). duplicates: extra inbound rows per text + outbound texts at a contact under another WhatsApp id + extra outbound rows per text + extra message.received events per text.',
    node: process.version,
    at: new Date().toISOString(),
  };
  mkdirSync(dirname(FILE), { recursive: true });
  writeFileSync(FILE, JSON.stringify(result, null, 2) + '\n');
  const figures = Object.fromEntries(Object.entries(result).slice(0, 8));
  process.stdout.write(`${report ? formatFaultReport(report) + '\n' : ''}${JSON.stringify(figures, null, 2)}\n${complete ? '' : 'PARTIAL figures: '}written to ${FILE}\n`);
}

/** The figures as they stand, or undefined when even that hangs. */
async function reportWithin(stream: FaultStream, ms: number): Promise<FaultStreamReport | undefined> {
  const timeout = new Promise<undefined>((r) => setTimeout(() => r(undefined), ms).unref());
  return Promise.race([stream.report(), timeout]).catch(() => undefined);
}

async function main(): Promise<void> {
  const started = Date.now();
  process.stdout.write(`faults benchmark: ${CONTACTS} contacts, ${INBOUND} inbound at ${RATE}/s, ${OUTBOUND} outbound; PostgreSQL restart, 503 drop, SIGKILL\n`);
  let gatewayMain: string;
  try {
    gatewayMain = buildGateway();
  } catch (e) {
    write(undefined, false, `building the gateway failed: ${(e as Error).message.slice(0, 2000)}`);
    process.exit(1);
  }
  const stream = new FaultStream({
    startEmulator: async () => {
      const emulator = await WaEmulator.start({ admin: false });
      emulator.trustInThisProcess();
      return { emulator, env: emulatorGatewayEnv(emulator) };
    },
    main: gatewayMain,
    contacts: CONTACTS,
    inbound: INBOUND,
    inboundPerSecond: RATE,
    outbound: OUTBOUND,
    deadlineMs: Math.max(60_000, TIMEOUT_MS - (Date.now() - started) - 60_000),
    recoveryTimeoutMs: 120_000,
    settleTimeoutMs: 300_000,
    quietMs: 30_000,
    gatewayLogFile: resolve(ROOT, 'bench/results/faults-gateway.log'),
    log: (l) => process.stdout.write(`${l}\n`),
  });
  // Last resort: whatever hangs, the partial figures are written and the process ends.
  const watchdog = setTimeout(async () => {
    process.stdout.write('watchdog: the run took too long; writing the partial figures\n');
    const partial = await reportWithin(stream, 20_000);
    write(partial, false, 'watchdog');
    await Promise.race([stream.cleanup(), new Promise((r) => setTimeout(r, 20_000))]).catch(() => undefined);
    process.exit(2);
  }, Math.max(10_000, TIMEOUT_MS - (Date.now() - started)));
  watchdog.unref();
  try {
    const report = await stream.run();
    // Complete: everything arrived, or what is missing is lost (nothing in flight, nothing moving).
    write(report, report.durations.settled || report.durations.quiescent);
  } catch (e) {
    // Setting the scene failed (build, cluster, first link): what there is, and why.
    const partial = await reportWithin(stream, 20_000);
    write(partial, false, (e as Error).message);
    await stream.cleanup();
    clearTimeout(watchdog);
    process.exit(1);
  }
  clearTimeout(watchdog);
  process.exit(0);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
