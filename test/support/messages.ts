import { expect } from 'vitest';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { TestApp } from './app';
import { eventually } from './emulator';

/** HTTP helpers shared by the message test files. */
export function messagesApi(t: TestApp, emulator: WaEmulator, token: string) {
  const api = async (method: string, path: string, json?: unknown, headers?: Record<string, string>, as = token) => {
    const res = await t.http(`/api/v1${path}`, { method, token: as, json, headers });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, headers: res.headers };
  };
  const waitStatus = (id: string, status: string, timeoutMs = 15_000) =>
    eventually(async () => (await api('GET', `/sessions/${id}`)).body.status === status, timeoutMs, `session ${id} to be ${status}`);

  /** create → :start → QR → the emulated phone scans it → connected. */
  const linkByQr = async (name: string) => {
    const account = emulator.addAccount();
    const created = await api('POST', '/sessions', { name });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    expect((await api('POST', `/sessions/${id}:start`)).status).toBe(200);
    const qr = await eventually(async () => {
      const r = await api('GET', `/sessions/${id}/qr`);
      return r.status === 200 ? (r.body.qr as string) : undefined;
    }, 15_000, 'a QR');
    await emulator.phone(account).scanQr(qr);
    await waitStatus(id, 'connected');
    return { id, account };
  };

  const messageStatus = async (sessionId: string, id: string) => (await api('GET', `/sessions/${sessionId}/messages/${id}`)).body.status as string;
  const waitMessageStatus = (sessionId: string, id: string, status: string) =>
    eventually(async () => (await messageStatus(sessionId, id)) === status, 15_000, `message ${id} to be ${status}`);
  const countMessages = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM messages'))[0].n as number;

  return { api, waitStatus, linkByQr, waitMessageStatus, countMessages };
}
