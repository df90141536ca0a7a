import { describe, expect, it } from 'vitest';
import { ValidationError } from '../common/errors';
import { checkJid, validateCreateBody } from './channel-input';

describe('channel input', () => {
  it('accepts channel JIDs only', () => {
    expect(() => checkJid('120363000000000001@newsletter')).not.toThrow();
    for (const bad of ['120363@s.whatsapp.net', 'abc', '@newsletter', 'a b@newsletter', '1@newsletter:follow', `${'1'.repeat(65)}@newsletter`]) {
      expect(() => checkJid(bad), bad).toThrow(ValidationError);
    }
  });

  it('validates the creation body: name required, description optional, nothing else', async () => {
    await expect(validateCreateBody({ name: 'News', description: 'd' })).resolves.toMatchObject({ name: 'News', description: 'd' });
    for (const bad of [undefined, null, [], 'x', {}, { name: '' }, { name: 3 }, { name: 'x'.repeat(101) }, { name: 'a', other: 1 }, { name: 'a', description: 1 }]) {
      const err = await validateCreateBody(bad).catch((e: unknown) => e);
      expect(err, JSON.stringify(bad)).toBeInstanceOf(ValidationError);
    }
    const err = (await validateCreateBody({ name: 3 }).catch((e: unknown) => e)) as ValidationError;
    expect(Object.keys(err.details)).toEqual(['name']);
  });
});
