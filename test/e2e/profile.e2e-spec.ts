import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../libs/wa-emulator/src';
import { shareAppStateKey } from '../../libs/wa-emulator/src/server/app-state';
import { jpegSize } from '../../libs/wa-emulator/src/server/profile';
import { profileOf } from '../../libs/wa-emulator/src/world/profiles';
import type { ErrorEnvelope, GatewayClient, Schemas } from '../../libs/client/src';
import type { TestApp } from '../support/app';
import { LinkedGateway, startLinkedGateway } from '../support/linked-gateway';

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp' = 'png') =>
  sharp({ create: { width, height, channels: 3, background: '#2a7ab0' } })[format]().toBuffer();

/**
 * GET/PATCH /sessions/{session}/profile and PUT/DELETE .../profile/picture: the number's own
 * profile on WhatsApp (the emulator keeps it where contacts' queries read it).
 */
describe('the number’s own profile', () => {
  let linked: LinkedGateway;
  let t: TestApp;
  let gw: GatewayClient; // send + manage
  let reader: GatewayClient; // send only
  let manageOnly: GatewayClient;
  let stranger: GatewayClient; // another organization, every capability
  let session: string;
  let account: Account;

  beforeAll(async () => {
    linked = await startLinkedGateway({ org: 'org-profile', sessionName: 'profile-line' });
    ({ t, session, account } = linked);
    ({ manage: gw, reader, admin: manageOnly, stranger } = linked.clients);
  }, 60_000);
  afterAll(() => linked?.close());

  const path = (suffix = '') => `/api/v1/sessions/${session}/profile${suffix}`;
  const onSession = (sessionId = session) => ({ params: { path: { session: sessionId } } });
  const patchProfile = (body: Schemas['UpdateProfileDto'], client = gw) => client.PATCH('/api/v1/sessions/{session}/profile', { ...onSession(), body });
  const putPicture = (body: Schemas['SetPictureDto'], client = gw) => client.PUT('/api/v1/sessions/{session}/profile/picture', { ...onSession(), body });
  /** Bodies of the wrong shape, which the typed client refuses to build: a raw request as the manager. */
  const raw = (method: string, suffix: string, json: unknown) => linked.raw(method, `/sessions/${session}/profile${suffix}`, json);
  /** What every typed call answers, as far as these checks need it. */
  type Answer = { response: Response; error?: ErrorEnvelope };

  it('reads the profile: the display name, no about text, no picture', async () => {
    const r = await gw.GET('/api/v1/sessions/{session}/profile', onSession());
    expect(r.response.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({ name: account.name, about: null, aboutSetAt: null, pictureUrl: null });
    // Reading needs only `send`.
    expect((await reader.GET('/api/v1/sessions/{session}/profile', onSession())).response.status).toBe(200);
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
    const early = await patchProfile({ name: 'Too Early' });
    expect(early.response.status).toBe(502);
    expect(early.error!.error.details).toMatchObject({ errorCode: 'rejected', reason: expect.stringMatching(/app-state key/) });
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
    for (const body of [{}, { about: '' }, { about: '   ' }, { about: 'x'.repeat(140) }]) {
      const r = await patchProfile(body);
      expect(r.response.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(r.error!.error.code).toBe('validation_error');
    }
    // Bodies of the wrong shape.
    for (const body of [{ about: 5 }, { about: 'ok', status: 'x' }, null]) {
      const r = await raw('PATCH', '', body);
      expect(r.status, JSON.stringify(body)?.slice(0, 40)).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
    }
    for (const body of [{ name: '' }, { name: ' ' }, { name: 'x'.repeat(26) }]) {
      expect((await patchProfile(body)).response.status, JSON.stringify(body)).toBe(400);
    }
    expect((await raw('PATCH', '', { name: 7 })).status, '{"name":7}').toBe(400);
    expect(profileOf(account).about?.text).toBe(before);

    const cases: [Schemas['SetPictureDto'], RegExp][] = [
      [{ base64: 'not base64!' }, /base64/],
      [{ base64: (await image(300, 300, 'webp')).toString('base64') }, /JPEG or PNG/],
      [{ base64: (await image(100, 300)).toString('base64') }, /at least 192/],
      [{ base64: (await image(300, 300)).toString('base64'), mimetype: 'image/jpeg' }, /declared image\/jpeg/],
      [{ base64: Buffer.from('ffd8ffe000104a464946', 'hex').toString('base64') }, /damaged/],
    ];
    for (const [body, why] of cases) {
      const r = await putPicture(body);
      expect(r.response.status, String(why)).toBe(400);
      expect(r.error!.error.code).toBe('validation_error');
      expect(JSON.stringify(r.error!.error.details)).toMatch(why);
    }
    // Bodies of the wrong shape: no base64, a mimetype outside the enum.
    const malformed: [unknown, RegExp][] = [
      [{}, /base64/],
      [{ base64: (await image(300, 300)).toString('base64'), mimetype: 'image/gif' }, /mimetype/],
    ];
    for (const [body, why] of malformed) {
      const r = await raw('PUT', '/picture', body);
      expect(r.status, String(why)).toBe(400);
      expect(r.body.error.code).toBe('validation_error');
      expect(JSON.stringify(r.body.error.details)).toMatch(why);
    }
    const huge = Buffer.concat([await image(300, 300), Buffer.alloc(5 * 1024 * 1024)]);
    const tooLarge: Answer = await putPicture({ base64: huge.toString('base64') });
    expect(tooLarge.response.status).toBe(413);
    expect(tooLarge.error!.error.code).toBe('payload_too_large');
    expect(profileOf(account).picture).toBeUndefined();
  });

  it('401 without a key, 403 without the capability, 404 for another organization (nothing of it leaks)', async () => {
    const png = (await image(300, 300)).toString('base64');
    const routes: [string, string, unknown, 'send' | 'manage', (client: GatewayClient) => Promise<Answer>][] = [
      ['GET', '', undefined, 'send', (c) => c.GET('/api/v1/sessions/{session}/profile', onSession())],
      ['PATCH', '', { about: 'from elsewhere' }, 'manage', (c) => patchProfile({ about: 'from elsewhere' }, c)],
      ['PUT', '/picture', { base64: png }, 'manage', (c) => putPicture({ base64: png }, c)],
      ['DELETE', '/picture', undefined, 'manage', (c) => c.DELETE('/api/v1/sessions/{session}/profile/picture', onSession())],
    ];
    for (const [method, suffix, body, capability, call] of routes) {
      // No key at all: only a raw request sends none.
      expect((await t.http(path(suffix), { method, json: body })).status, `${method} ${suffix} without a key`).toBe(401);
      const lacking = capability === 'send' ? manageOnly : reader;
      expect((await call(lacking)).response.status, `${method} ${suffix} without ${capability}`).toBe(403);
      const foreign = await call(stranger);
      expect(foreign.response.status, `${method} ${suffix} from another organization`).toBe(404);
      const error = foreign.error!.error;
      expect(error.code).toBe('not_found');
      expect(JSON.stringify(error)).not.toContain(account.phone);
    }
    expect(profileOf(account).about?.text).not.toBe('from elsewhere');
    expect(profileOf(account).picture).toBeUndefined();
    expect((await gw.GET('/api/v1/sessions/{session}/profile', onSession('01HXYZ0000000000000000000'))).response.status).toBe(404);
  });

  it('409 on every route while the session is not connected', async () => {
    expect((await gw.POST('/api/v1/sessions/{session}:stop', onSession())).response.status).toBe(200);
    const png = (await image(300, 300)).toString('base64');
    const routes: [string, () => Promise<Answer>][] = [
      ['GET', () => gw.GET('/api/v1/sessions/{session}/profile', onSession())],
      ['PATCH', () => patchProfile({ about: 'while stopped' })],
      ['PUT /picture', () => putPicture({ base64: png })],
      ['DELETE /picture', () => gw.DELETE('/api/v1/sessions/{session}/profile/picture', onSession())],
    ];
    for (const [route, call] of routes) {
      const r = await call();
      expect(r.response.status, route).toBe(409);
      const error = r.error!.error;
      expect(error.code).toBe('conflict');
      expect(error.message).toMatch(/not connected|stopped/);
    }
  });
});
