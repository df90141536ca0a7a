import type { BaileysEventEmitter } from '@whiskeysockets/baileys';
import type { FeatureEvent, FeatureEvents } from '../port';
import { toGroupChange, toGroupMetadata } from './groups';
import { toGroupReceiptStatus, toStatusUpdate } from './message-mapper';
import { toPresenceUpdates } from './presence';

/**
 * Baileys' events that become feature events as they are, mapped to the port's shapes (the
 * connection's lifecycle, messages with their receipt gate, and contacts are wired by the
 * connection itself).
 */
export function forwardFeatureEvents(ev: BaileysEventEmitter, emit: <E extends FeatureEvent>(event: E, payload: FeatureEvents[E]) => void): void {
  ev.on('groups.upsert', (groups) => {
    if (groups.length) emit('groups', { groups: groups.map(toGroupMetadata) });
  });
  ev.on('groups.update', (updates) => {
    const changes = updates.filter((u) => u.id).map(toGroupChange);
    if (changes.length) emit('group-changes', { changes });
  });
  ev.on('group-participants.update', (u) => {
    if (u.action === 'modify') return; // a member's number changed: nothing the gateway keeps
    emit('group-participants', {
      jid: u.id,
      action: u.action,
      participants: u.participants.map((p) => ({ jid: p.id, phoneNumber: p.phoneNumber, lid: p.lid })),
      by: u.authorPn ?? u.author ?? undefined,
    });
  });
  ev.on('message-receipt.update', (receipts) => {
    const mapped = receipts.map(toGroupReceiptStatus).filter((u) => u !== undefined);
    if (mapped.length) emit('statuses', { updates: mapped });
  });
  ev.on('messages.update', (updates) => {
    const mapped = updates.map(toStatusUpdate).filter((u) => u !== undefined);
    if (mapped.length) emit('statuses', { updates: mapped });
  });
  ev.on('presence.update', (u) => {
    const updates = toPresenceUpdates(u);
    if (updates.length) emit('presence', { updates });
  });
}
