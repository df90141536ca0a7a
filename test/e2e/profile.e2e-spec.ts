import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, WaEmulator } from '../../libs/wa-emulator/src';
import { shareAppStateKey } from '../../libs/wa-emulator/src/server/app-state';
import { jpegSize } from '../../libs/wa-emulator/src/server/profile';
import { profileOf } from '../../libs/wa-emulator/src/world/profiles';
import type { GatewayClient } from '../../libs/client/src';
import { startTestApp, TestApp } from '../support/app';
import { createApiKey } from '../support/auth';
import { startEmulator, stopEmulator } from '../support/emulator';
import { messagesApi } from '../support/messages';

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#2a7ab0' } })[format]().toBuffer();

/**
 * GET/PATCH /sessions/{session}/profile and PUT/DELETE .../profile/picture: the number's own
 * profile on WhatsApp (the emulator keeps it where contacts' queries read it).
 */
describe('the number’s own profile', () => {
  let t: TestApp;
  let emulator: WaEmulator;
  let manager: string;
  let reader: string;
  let manageOnly: string;
  let stranger: string;
  let gw: GatewayClient;
  let session: string;
  let account: Account;

  beforeAll(async () => {
    const emu = await startEmulator();
    emulator = emu.emulator;
    t = await startTestApp(emu.env);
    manager = await createApiKey(t, { orgId: 'org-profile', capabilities: ['send', 'manage'] });
    reader = await createApiKey(t, { orgId: 'org-profile', capabilities: ['send'] });
    manageOnly = await createApiKey(t, { orgId: 'org-profile', capabilities: ['manage'] });
    stranger = await createApiKey(t, { orgId: 'org-profile-other', capabilities: ['send', 'manage', 'admin'] });
    gw = t.client(manager);
    ({ id: session, account } = await messagesApi(t, emulator, manager).linkByQr('profile-line'));
  });
  afterAll(async () => {
    await t?.close();
    await stopEmulator(emulator);
  });

  const path = (suffix = '') => `/api/v1/sessions/${session}/profile${suffix}`;
  const onSession = (sessionId = session) => ({ params: { path: { session: sessionId } } });
  const call = (method: string, suffix: string, json: unknown, token = manager) => t.http(path(suffix), { method, json, token });
  const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; message: string; details: Record<string, unknown> } }).error;

  it('reads the profile: the display name, no about text, no picture', async () => {
    const r = await gw.GET('/api/v1/sessions/{session}/profile', onSession());
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({ name: account.name, about: null, aboutSetAt: null, pictureUrl: null });
    // Reading needs only `send`.
    expect((await t.client(reader).GET('/api/v1/sessions/{session}/profile', onSession())).response.status).toBe(200);
  });

  it('sets the about text: WhatsApp keeps it for whoever queries the number, GET reads it back', async () => {
    const r = await gw.PATCH('/api/v1/sessions/{session}/profile', { ...onSession(), body: { about: 'Open 9–17, answers within a day 🕘' } });
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ name: account.name, about: 'Open 9–17, answers within a day 🕘', aboutSetAt: expect.any(String) });
    expect(profileOf(account).about?.text).toBe('Open 9–17, answers within a day 🕘');
    const again = await gw.GET('/api/v1/sessions/{session}/profile', onSession());
    expect(again.data).toEqual(r.data);
    // The longest about WhatsApp takes (139 characters) is fine.
    const longest = 'a'.repeat(139);
    expect((await gw.PATCH('/api/v1/sessions/{session}/profile', { ...onSession(), body: { about: longest } })).data?.about).toBe(longest);
    expect(profileOf(account).about?.text).toBe(longest);
  });

  it('sets the display name through WhatsApp’s app-state sync once the phone shared its key (502 before)', async () => {
    const early = await call('PATCH', '', { name: 'Too Early' });
    expect(early.status).toBe(502);
    expect((await errorOf(early)).details).toMatchObject({ errorCode: 'rejected', reason: expect.stringMatching(/app-state key/) });
    expect(account.name).not.toBe('Too Early');

    // What a phone does shortly after linking.
    await shareAppStateKey(account);
    const r = await gw.PATCH('/api/v1/sessions/{session}/profile', { ...onSession(), body: { name: 'Acme Support', about: 'Ask us anything' } });
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ name: 'Acme Support', about: 'Ask us anything' });
    // The name others see: the account's push name on WhatsApp.
    expect(account.name).toBe('Acme Support');
    expect(profileOf(account).about?.text).toBe('Ask us anything');
    expect((await gw.GET('/api/v1/sessions/{session}/profile', onSession())).data).toMatchObject({ name: 'Acme Support' });
    // The longest name WhatsApp takes (25 characters), and a second change on top of the first.
    const longest = 'N'.repeat(25);
    expect((await gw.PATCH('/api/v1/sessions/{session}/profile', { ...onSession(), body: { name: longest } })).data?.name).toBe(longest);
    expect(account.name).toBe(longest);
  });

  it('sets the picture from a PNG (a 640×640 JPEG on WhatsApp), replaces it with a JPEG, removes it', async () => {
    const set = await gw.PUT('/api/v1/sessions/{session}/profile/picture', { ...onSession(), body: { base64: (await image(900, 600)).toString('base64'), mimetype: 'image/png' } });
    expect(set.response.status, JSON.stringify(set.error)).toBe(200);
    const first = profileOf(account).picture!;
    expect(jpegSize(first.bytes)).toEqual({ width: 640, height: 640 });
    expect(set.data!.pictureUrl).toBe(first.url);

    const replaced = await gw.PUT('/api/v1/sessions/{session}/profile/picture', { ...onSession(), body: { base64: (await image(640, 640, 'jpeg')).toString('base64') } });
    expect(replaced.response.status).toBe(200);
    const second = profileOf(account).picture!;
    expect(second.id).not.toBe(first.id);
    expect(replaced.data!.pictureUrl).toBe(second.url);
    expect((await gw.GET('/api/v1/sessions/{session}/profile', onSession())).data!.pictureUrl).toBe(second.url);

    const removed = await gw.DELETE('/api/v1/sessions/{session}/profile/picture', onSession());
    expect(removed.response.status).toBe(200);
    expect(removed.data!.pictureUrl).toBeNull();
    expect(profileOf(account).picture).toBeUndefined();
    // Removing again: nothing to remove, still fine.
    expect((await gw.DELETE('/api/v1/sessions/{session}/profile/picture', onSession())).response.status).toBe(200);
  });

  it('400 for bad input; nothing changes', async () => {
    const before = profileOf(account).about?.text;
    for (const body of [{}, { about: '' }, { about: '   ' }, { about: 'x'.repeat(140) }, { about: 5 }, { about: 'ok', status: 'x' }, null]) {
      const r = await call('PATCH', '', body);
      expect(r.status, JSON.stringify(body)?.slice(0, 40)).toBe(400);
      expect((await errorOf(r)).code).toBe('validation_error');
    }
    for (const body of [{ name: '' }, { name: ' ' }, { name: 'x'.repeat(26) }, { name: 7 }]) {
      expect((await call('PATCH', '', body)).status, JSON.stringify(body)).toBe(400);
    }
    expect(profileOf(account).about?.text).toBe(before);

    const cases: [unknown, RegExp][] = [
      [{}, /base64/],
      [{ base64: 'not base64!' }, /base64/],
      [{ base64: (await image(300, 300, 'webp')).toString('base64') }, /JPEG or PNG/],
      [{ base64: (await image(100, 300)).toString('base64') }, /at least 192/],
      [{ base64: (await image(300, 300)).toString('base64'), mimetype: 'image/jpeg' }, /declared image\/jpeg/],
      [{ base64: (await image(300, 300)).toString('base64'), mimetype: 'image/gif' }, /mimetype/],
      [{ base64: Buffer.from('ffd8ffe000104a464946', 'hex').toString('base64') }, /damaged/],
    ];
    for (const [body, why] of cases) {
      const r = await call('PUT', '/picture', body);
      expect(r.status, String(why)).toBe(400);
      const error = await errorOf(r);
      expect(error.code).toBe('validation_error');
      expect(JSON.stringify(error.details)).toMatch(why);
    }
    const huge = Buffer.concat([await image(300, 300), Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge = await call('PUT', '/picture', { base64: huge.toString('base64') });
    expect(tooLarge.status).toBe(413);
    expect((await errorOf(tooLarge)).code).toBe('payload_too_large');
    expect(profileOf(account).picture).toBeUndefined();
  });

  it('401 without a key, 403 without the capability, 404 for another organization (nothing of it leaks)', async () => {
    const png = (await image(300, 300)).toString('base64');
    const routes: [string, string, unknown, 'send' | 'manage'][] = [
      ['GET', '', undefined, 'send'],
      ['PATCH', '', { about: 'from elsewhere' }, 'manage'],
      ['PUT', '/picture', { base64: png }, 'manage'],
      ['DELETE', '/picture', undefined, 'manage'],
    ];
    for (const [method, suffix, body, capability] of routes) {
      expect((await t.http(path(suffix), { method, json: body })).status, `${method} ${suffix} without a key`).toBe(401);
      const lacking = capability === 'send' ? manageOnly : reader;
      expect((await call(method, suffix, body, lacking)).status, `${method} ${suffix} without ${capability}`).toBe(403);
      const foreign = await call(method, suffix, body, stranger);
      expect(foreign.status, `${method} ${suffix} from another organization`).toBe(404);
      const error = await errorOf(foreign);
      expect(error.code).toBe('not_found');
      expect(JSON.stringify(error)).not.toContain(account.phone);
    }
    expect(profileOf(account).about?.text).not.toBe('from elsewhere');
    expect(profileOf(account).picture).toBeUndefined();
    expect((await t.client(manager).GET('/api/v1/sessions/{session}/profile', onSession('01HXYZ0000000000000000000'))).response.status).toBe(404);
  });

  it('409 on every route while the session is not connected', async () => {
    expect((await gw.POST('/api/v1/sessions/{session}:stop', onSession())).response.status).toBe(200);
    const png = (await image(300, 300)).toString('base64');
    for (const [method, suffix, body] of [
      ['GET', '', undefined],
      ['PATCH', '', { about: 'while stopped' }],
      ['PUT', '/picture', { base64: png }],
      ['DELETE', '/picture', undefined],
    ] as const) {
      const r = await call(method, suffix, body);
      expect(r.status, `${method} ${suffix}`).toBe(409);
      const error = await errorOf(r);
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/not connected|stopped/);
    }
  });
});
