import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { TestApp } from './app';
import { eventually, linkSessionByQr } from './emulator';

/** HTTP helpers shared by the message test files. */
export function messagesApi(t: TestApp, emulator: WaEmulator, token: string) {
  const api = async (method: string, path: string, json?: unknown, headers?: Record<string, string>, as = token) => {
    const res = await t.http(`/api/v1${path}`, { method, token: as, json, headers });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any, headers: res.headers };
  };
  const waitStatus = (id: string, status: string, timeoutMs = 15_000) =>
    eventually(async () => (await api('GET', `/sessions/${id}`)).body.status === status, timeoutMs, `session ${id} to be ${status}`);

  const linkByQr = (name: string) => linkSessionByQr(t, emulator, token, name);

  const messageStatus = async (sessionId: string, id: string) => (await api('GET', `/sessions/${sessionId}/messages/${id}`)).body.status as string;
  const waitMessageStatus = (sessionId: string, id: string, status: string) =>
    eventually(async () => (await messageStatus(sessionId, id)) === status, 15_000, `message ${id} to be ${status}`);
  const countMessages = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM messages'))[0].n as number;

  return { api, waitStatus, linkByQr, waitMessageStatus, countMessages };
}
