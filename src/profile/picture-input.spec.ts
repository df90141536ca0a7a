import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { checkPicture, PICTURE_MAX_BYTES } from './picture-input';

const image = (width: number, height: number, format: 'png' | 'jpeg' | 'webp') =>
  sharp({ create: { width, height, channels: 3, background: '#808080' } })[format]().toBuffer();

describe('checkPicture', () => {
  it('reads the dimensions of JPEG (baseline and progressive) and PNG images', async () => {
    expect(checkPicture(await image(800, 600, 'jpeg'))).toEqual({ ok: true, format: 'jpeg', width: 800, height: 600 });
    const progressive = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#000' } }).jpeg({ progressive: true }).toBuffer();
    expect(checkPicture(progressive)).toEqual({ ok: true, format: 'jpeg', width: 300, height: 400 });
    expect(checkPicture(await image(640, 640, 'png'))).toEqual({ ok: true, format: 'png', width: 640, height: 640 });
  });

  it('refuses other formats, damaged headers, too small and too large images', async () => {
    expect(checkPicture(await image(300, 300, 'webp'))).toMatchObject({ ok: false, problem: expect.stringMatching(/JPEG or PNG/) });
    expect(checkPicture(Buffer.from('hello'))).toMatchObject({ ok: false });
    expect(checkPicture(Buffer.from('ffd8ffe000', 'hex'))).toMatchObject({ ok: false, problem: expect.stringMatching(/damaged/) });
    expect(checkPicture(await image(191, 500, 'png'))).toMatchObject({ ok: false, problem: expect.stringMatching(/at least 192/) });
    // A PNG header claiming 20000×20000: refused before anything decodes it.
    const bomb = Buffer.from(await image(200, 200, 'png'));
    bomb.writeUInt32BE(20_000, 16);
    bomb.writeUInt32BE(20_000, 20);
    expect(checkPicture(bomb)).toMatchObject({ ok: false, problem: expect.stringMatching(/8192/) });
    expect(checkPicture(Buffer.alloc(PICTURE_MAX_BYTES + 1))).toMatchObject({ ok: false, tooLarge: true });
  });
});
