import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { StateCipher } from './state-cipher';

describe('StateCipher', () => {
  const cipher = new StateCipher(randomBytes(32));

  it('round-trips and never stores the plaintext', () => {
    const data = cipher.encrypt('{"private":"secret-key-material"}', 's1/creds');
    expect(data.toString('utf8')).not.toContain('secret-key-material');
    expect(cipher.decrypt(data, 's1/creds')).toBe('{"private":"secret-key-material"}');
  });

  it('refuses a row moved to another identity, a tampered row and another key', () => {
    const data = cipher.encrypt('x', 's1/session/a');
    expect(() => cipher.decrypt(data, 's2/session/a')).toThrow();
    const tampered = Buffer.from(data);
    tampered[tampered.length - 1] ^= 1;
    expect(() => cipher.decrypt(tampered, 's1/session/a')).toThrow();
    expect(() => new StateCipher(randomBytes(32)).decrypt(data, 's1/session/a')).toThrow();
  });
});
