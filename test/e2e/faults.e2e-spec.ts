import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FaultStream, formatFaultReport, type FaultStreamReport } from '../support/fault-stream';
import { startEmulator } from '../support/emulator';

/**
 * An operator's bad day at a small scale (test/support/fault-stream.ts; `npm run bench:faults` runs
 * it at full scale): one gateway process on a private PostgreSQL cluster this test starts under its
 * temporary folder, one session linked by QR, three silent emulated contacts sending numbered texts
 * while a client sends numbered texts with an Idempotency-Key each (retried until accepted) and a
 * webhook receives every message; during the stream PostgreSQL restarts (`pg_ctl restart -m fast`),
 * WhatsApp drops the connection (503), and the gateway is killed (SIGKILL) and started again.
 *
 * Every inbound text is stored exactly once, every outbound text arrives exactly once, every stored
 * message has its webhook delivery, the session is `connected` after each fault and messages flow
 * after it, nobody had to retry a message (no retry receipt, no NACK), and the process never died
 * on its own. The harness reports figures; every one is checked here (soft: one failure shows all).
 */
const BUDGET_MS = 240_000;

describe('faults: a database restart, a dropped connection and a crash during a stream', () => {
  let stream: FaultStream | undefined;
  afterAll(async () => {
    await stream?.cleanup();
  });

  it(
    'loses nothing, doubles nothing, and the session is connected with messages flowing after each fault',
    async () => {
      stream = new FaultStream({
        startEmulator,
        contacts: 3,
        inbound: 120,
        inboundPerSecond: 10,
        outbound: 30,
        deadlineMs: BUDGET_MS - 20_000,
        recoveryTimeoutMs: 45_000,
        settleTimeoutMs: 60_000,
        quietMs: 15_000,
        gatewayLogFile: process.env.FAULTS_LOG_DIR ? join(process.env.FAULTS_LOG_DIR, 'faults-gateway.log') : undefined,
      });
      const r: FaultStreamReport = await stream.run();
      const summary = formatFaultReport(r);

      expect.soft(r.inboundSent, summary).toBe(120);
      expect.soft(r.inboundMissing, summary).toEqual([]);
      expect.soft(r.inboundDuplicated, summary).toEqual({});
      expect.soft(r.outboundRejected, summary).toEqual([]);
      expect.soft(r.outboundUnaccepted, summary).toEqual([]);
      expect.soft(r.outboundSent, summary).toBe(30);
      expect.soft(r.outboundMissing, summary).toEqual([]);
      expect.soft(r.outboundDuplicated, summary).toEqual({});
      expect.soft(r.outboundDuplicateRows, summary).toEqual({});
      expect.soft(r.webhook.missing, summary).toEqual([]);
      expect.soft(r.webhook.duplicated, summary).toEqual({});
      expect.soft(r.duplicates, summary).toBe(0);
      expect.soft(r.unexpectedExits, summary).toEqual([]);
      expect.soft({ retryReceipts: r.emulator.retryReceipts, nacks: r.emulator.nacks }, summary).toEqual({ retryReceipts: 0, nacks: 0 });
      expect.soft(r.faults.map((f) => f.name), summary).toEqual(['pg-restart', 'drop-503', 'sigkill']);
      for (const f of r.faults) {
        expect.soft(f.error, `${f.name}: ${summary}`).toBeUndefined();
        // Seen connected after the fault (the live wait); `connectedSeconds` ("for good") is a benchmark figure.
        expect.soft(f.timedOut, `${f.name} connected again: ${summary}`).toBe(false);
        expect.soft(f.flowSeconds, `${f.name} messages flow after it: ${summary}`).not.toBeNull();
      }
      expect.soft(r.final, summary).toMatchObject({ status: 'connected', emulatorConnected: true, outArrived: true, inStored: true });
      expect.soft(r.durations.settled, summary).toBe(true);
    },
    BUDGET_MS,
  );
});
