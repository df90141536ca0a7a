import type { BinaryNode } from '@whiskeysockets/baileys';
import { partyIds, type Group } from '../world/group';
import { deliver, type Party, type World } from '../world/world';
import { nextId, nowSeconds } from './context';

export interface NotifyOptions {
  /** Parties that get it besides the current members (those removed, or who left). */
  also?: Party[];
  /** Replaces the author attributes (joins by invite link carry `notify="invite"` and no author). */
  attrs?: Record<string, string>;
}

/**
 * A `w:gp2` notification, the way WhatsApp tells every participant about a group change:
 * `<notification from="<group>" type="w:gp2" id t participant="<author lid>" participant_pn
 * notify="<author name>">` around one child (`create`, `add`, `remove`, `promote`, `demote`,
 * `subject`, `description`, `announcement`...). Every device of every member account gets it
 * (the author's own devices too: that is how they learn about their own change); offline devices
 * at their next login. Baileys acks it and turns it into a stub message plus `groups.upsert` /
 * `groups.update` / `group-participants.update` events. Emulated contacts need no copy: the
 * server state is theirs.
 */
export function notifyGroup(world: World, group: Group, author: Party | undefined, child: BinaryNode, opts: NotifyOptions = {}): void {
  const attrs: Record<string, string> = { from: group.jid, type: 'w:gp2', id: nextId('GN'), t: String(nowSeconds()) };
  if (opts.attrs) Object.assign(attrs, opts.attrs);
  else if (author) {
    const { lid, pn, name } = partyIds(author);
    Object.assign(attrs, { participant: lid, participant_pn: pn, notify: name, addressing_mode: 'lid' });
  }
  const recipients = new Map<string, Party>();
  for (const p of [...group.parties(), ...(opts.also ?? [])]) recipients.set(partyIds(p).lid, p);
  for (const p of recipients.values()) {
    if (p.kind !== 'account') continue;
    for (const device of p.account.devices.values()) {
      // One node per device: the offline queue stamps its copy with `offline`.
      deliver(device, { tag: 'notification', attrs: { ...attrs }, content: [child] });
    }
  }
  world.emit('group-notification', group, child.tag, author, child);
}
