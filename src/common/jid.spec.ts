import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { describe, expect, it } from 'vitest';
import { IsRecipient, isGroupJid, isLidJid, isUserJid, parseRecipient } from './jid';

describe('parseRecipient', () => {
  it.each([
    ['15551234567', '15551234567@s.whatsapp.net', 'user'],
    ['+15551234567', '15551234567@s.whatsapp.net', 'user'],
    [' 15551234567 ', '15551234567@s.whatsapp.net', 'user'],
    ['123456', '123456@s.whatsapp.net', 'user'], // 6 digits: the shortest accepted
    ['123456789012345', '123456789012345@s.whatsapp.net', 'user'], // 15 digits: E.164's longest
    ['15551234567@s.whatsapp.net', '15551234567@s.whatsapp.net', 'user'],
    ['15551234567-1459523321@g.us', '15551234567-1459523321@g.us', 'group'], // legacy creator-timestamp
    ['120363025246125486@g.us', '120363025246125486@g.us', 'group'],
    ['209000000000001@lid', '209000000000001@lid', 'lid'],
    ['120363000000001000@newsletter', '120363000000001000@newsletter', 'newsletter'],
  ])('accepts %s as %s', (value, jid, kind) => {
    expect(parseRecipient(value)).toEqual({ jid, kind });
  });

  it.each([
    'abc@g.us', // letters in a group id
    '0@s.whatsapp.net', // not a number
    '15551234567:5@s.whatsapp.net', // device JID
    '15551234567_1@s.whatsapp.net', // agent suffix
    '15551234567_1:5@s.whatsapp.net',
    '209000000000001:3@lid', // device suffix on a LID
    'abc@lid',
    '0123456789', // leading 0
    '+0123456789',
    '12345', // too short
    '1234567890123456', // 16 digits
    '1234567890123456@s.whatsapp.net',
    '+15551234567@s.whatsapp.net', // + belongs to the bare form only
    '1555 123 4567',
    '15551234567@S.WHATSAPP.NET',
    '15551234567@c.us',
    '12@example.com',
    '123456-@g.us',
    '-1459523321@g.us',
    '15551234567-1459523321-1@g.us',
    '1203630@g.us', // the new form needs digits after the prefix
    '123456789012345678@g.us', // neither group form
    'status@broadcast',
    'abc@newsletter',
    '@s.whatsapp.net',
    '15551234567@',
    'not-a-number',
    '',
  ])('refuses %s', (value) => {
    expect(parseRecipient(value)).toBeUndefined();
  });

  it('refuses non-strings', () => {
    expect(parseRecipient(15551234567 as unknown as string)).toBeUndefined();
  });
});

describe('JID kinds', () => {
  it('tells user, group and LID JIDs apart, without device suffixes', () => {
    expect(isUserJid('15551234567@s.whatsapp.net')).toBe(true);
    expect(isUserJid('15551234567:5@s.whatsapp.net')).toBe(false);
    expect(isUserJid('15551234567')).toBe(false);
    expect(isGroupJid('120363025246125486@g.us')).toBe(true);
    expect(isGroupJid('15551234567-1459523321@g.us')).toBe(true);
    expect(isGroupJid('abc@g.us')).toBe(false);
    expect(isGroupJid('15551234567@s.whatsapp.net')).toBe(false);
    expect(isLidJid('209000000000001@lid')).toBe(true);
    expect(isLidJid('209000000000001:2@lid')).toBe(false);
    expect(isLidJid('209000000000001@s.whatsapp.net')).toBe(false);
  });
});

describe('@IsRecipient', () => {
  class Dto {
    @IsRecipient()
    to!: unknown;
  }
  const errors = (to: unknown) => validateSync(plainToInstance(Dto, { to }));

  it('passes the accepted forms and names the field with the rule otherwise', () => {
    expect(errors('15551234567')).toEqual([]);
    expect(errors('120363025246125486@g.us')).toEqual([]);
    for (const bad of ['abc@g.us', '0@s.whatsapp.net', '15551234567:5@s.whatsapp.net', 42, null]) {
      const [e] = errors(bad);
      expect(e?.property, String(bad)).toBe('to');
      expect(e?.constraints?.isRecipient).toMatch(/^to must be a phone number in international format .* no device \(:N\) or agent \(_N\) suffix$/);
    }
  });
});
