/**
 * Measures another Node process from outside: resident memory and CPU time from /proc, and a
 * forced garbage collection through the inspector protocol (the process runs with --inspect).
 */
import { readFileSync } from 'node:fs';
import { ChildProcess, spawn } from 'node:child_process';
import WebSocket from 'ws';

const CLOCK_TICKS = 100; // USER_HZ on Linux

export function rssMB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : NaN;
}

export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS; // utime + stime
}

/** Percent of one core used over `ms`. */
export async function idleCpuPercent(pid: number, ms: number): Promise<number> {
  const before = cpuSeconds(pid);
  await new Promise((r) => setTimeout(r, ms));
  return ((cpuSeconds(pid) - before) / (ms / 1000)) * 100;
}

export interface ProbedProcess {
  child: ChildProcess;
  output(): string;
  startedAt: number;
  gc(): Promise<void>;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Spawns `node --inspect=127.0.0.1:0 <args>` and connects to its inspector for forced GCs. */
export async function spawnProbed(args: string[], env: Record<string, string | undefined>): Promise<ProbedProcess> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['--inspect=127.0.0.1:0', ...args], { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const wsUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no inspector:\n${out}`)), 10_000);
    const check = () => {
      const m = /Debugger listening on (ws:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stderr!.on('data', check);
  });
  const socket = new WebSocket(wsUrl);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const call = (method: string) =>
    new Promise<void>((resolve) => {
      const myId = ++id;
      const onMessage = (data: WebSocket.RawData) => {
        if (JSON.parse(String(data)).id === myId) {
          socket.off('message', onMessage);
          resolve();
        }
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: myId, method }));
    });
  await call('Runtime.runIfWaitingForDebugger');
  return {
    child,
    startedAt,
    output: () => out,
    gc: async () => {
      await call('HeapProfiler.collectGarbage');
      await new Promise((r) => setTimeout(r, 200));
    },
    stop: async (signal = 'SIGTERM') => {
      socket.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
