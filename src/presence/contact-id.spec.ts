import { describe, expect, it } from 'vitest';
import { ValidationError } from '../common/errors';
import { contactJid } from './contact-id';

describe('contactJid', () => {
  it('accepts a number, a phone JID and a LID', () => {
    expect(contactJid('15559000001')).toBe('15559000001@s.whatsapp.net');
    expect(contactJid('+15559000001')).toBe('15559000001@s.whatsapp.net');
    expect(contactJid('15559000001@s.whatsapp.net')).toBe('15559000001@s.whatsapp.net');
    expect(contactJid('209000000000001@lid')).toBe('209000000000001@lid');
  });

  it('refuses groups, channels, devices and junk', () => {
    for (const bad of ['120363000000000042@g.us', '120363000000000001@newsletter', '15559000001:2@s.whatsapp.net', 'abc', '0123', '']) {
      expect(() => contactJid(bad)).toThrow(ValidationError);
    }
  });
});
