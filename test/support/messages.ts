import type { Schemas } from '../../libs/client/src';
import type { WaEmulator } from '../../libs/wa-emulator/src';
import type { TestApp } from './app';
import { eventually, linkSessionByQr } from './emulator';

/** API helpers shared by the message test files, through the typed client (`gw`, as `token`). */
export function messagesApi(t: TestApp, emulator: WaEmulator, token: string) {
  const gw = t.client(token);
  const sessionStatus = async (session: string) => (await gw.GET('/api/v1/sessions/{session}', { params: { path: { session } } })).data?.status;
  const waitStatus = (id: string, status: Schemas['SessionDto']['status'], timeoutMs = 15_000) =>
    eventually(async () => (await sessionStatus(id)) === status, timeoutMs, `session ${id} to be ${status}`);

  const linkByQr = (name: string) => linkSessionByQr(t, emulator, token, name);

  const messageStatus = async (session: string, id: string) => (await gw.GET('/api/v1/sessions/{session}/messages/{id}', { params: { path: { session, id } } })).data?.status;
  const waitMessageStatus = (sessionId: string, id: string, status: NonNullable<Schemas['MessageDto']['status']>) =>
    eventually(async () => (await messageStatus(sessionId, id)) === status, 15_000, `message ${id} to be ${status}`);
  const countMessages = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM messages'))[0].n as number;

  return { gw, waitStatus, linkByQr, waitMessageStatus, countMessages };
}
