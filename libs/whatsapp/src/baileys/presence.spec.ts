import { describe, expect, it } from 'vitest';
import { toPresenceUpdates } from './presence';

describe('toPresenceUpdates', () => {
  it('maps presence and chat states; a stopped typing is available; last seen only when offline', () => {
    expect(
      toPresenceUpdates({
        id: '15559000001@s.whatsapp.net',
        presences: {
          '15559000001@s.whatsapp.net': { lastKnownPresence: 'unavailable', lastSeen: 1_700_000_000 },
        },
      }),
    ).toEqual([{ jid: '15559000001@s.whatsapp.net', chatJid: '15559000001@s.whatsapp.net', state: 'unavailable', lastSeen: new Date(1_700_000_000_000) }]);
    expect(toPresenceUpdates({ id: '209000000000001@lid', presences: { '209000000000001@lid': { lastKnownPresence: 'paused' } } })).toEqual([
      { jid: '209000000000001@lid', chatJid: '209000000000001@lid', state: 'available' },
    ]);
  });

  it('typing in a group names the member (without device) and the group', () => {
    expect(
      toPresenceUpdates({ id: '120363400000000001@g.us', presences: { '209000000000001:2@lid': { lastKnownPresence: 'recording' } } }),
    ).toEqual([{ jid: '209000000000001@lid', chatJid: '120363400000000001@g.us', state: 'recording' }]);
  });

  it('drops states it does not know and a last seen of 0', () => {
    expect(toPresenceUpdates({ id: 'x@s.whatsapp.net', presences: { 'x@s.whatsapp.net': { lastKnownPresence: 'weird' as never } } })).toEqual([]);
    expect(toPresenceUpdates({ id: 'x@s.whatsapp.net', presences: { 'x@s.whatsapp.net': { lastKnownPresence: 'unavailable', lastSeen: 0 } } })).toEqual([
      { jid: 'x@s.whatsapp.net', chatJid: 'x@s.whatsapp.net', state: 'unavailable' },
    ]);
  });
});
