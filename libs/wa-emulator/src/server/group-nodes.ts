import type { BinaryNode } from '@whiskeysockets/baileys';
import { partyIds, type Group, type GroupRole } from '../world/group';
import type { Party } from '../world/world';

/**
 * A participant as WhatsApp lists it in LID-addressed groups: `jid` is the LID, `phone_number` the
 * phone-number jid (Baileys' extractGroupMetadata reads `phoneNumber` only in this combination), and
 * `type` the rank (absent for plain members).
 */
export function participantNode(p: Party, role?: GroupRole, attrs: Record<string, string> = {}, content?: BinaryNode[]): BinaryNode {
  const { lid, pn } = partyIds(p);
  const a: Record<string, string> = { jid: lid, phone_number: pn, ...attrs };
  if (role && role !== 'member') a.type = role;
  return { tag: 'participant', attrs: a, content };
}

/** Who last set something, as the `s_o` / `participant` attribute pairs carry it (LID + phone number). */
function authorAttrs(p: Party | undefined, lidKey: string, pnKey: string): Record<string, string> {
  if (!p) return {};
  const { lid, pn } = partyIds(p);
  return { [lidKey]: lid, [pnKey]: pn };
}

/**
 * The `<group>` node of metadata answers, create results and `create` notifications: `id` without
 * `@g.us`, subject with who/when (`s_o`, `s_o_pn`, `s_t`), creator (`creator`, `creator_pn`),
 * `creation`, `size`, `addressing_mode="lid"`; children `participant`, `description` (`id`,
 * `participant`, `participant_pn`, `t`, `<body>`), `announcement`, `locked`, `ephemeral`.
 * `extra` participants (e.g. failed adds of a create, with their error) are appended.
 */
export function groupNode(group: Group, extra: BinaryNode[] = []): BinaryNode {
  const creator = partyIds(group.creator);
  const attrs: Record<string, string> = {
    id: group.id,
    subject: group.subject,
    s_t: String(group.subjectTime),
    ...authorAttrs(group.subjectBy, 's_o', 's_o_pn'),
    creation: String(group.creation),
    creator: creator.lid,
    creator_pn: creator.pn,
    size: String(group.members.size),
    addressing_mode: 'lid',
  };
  const content: BinaryNode[] = [...group.members.values()].map((m) => participantNode(m.party, m.role));
  content.push(...extra);
  const d = group.description;
  if (d) {
    content.push({
      tag: 'description',
      attrs: { id: d.id, t: String(d.t), ...authorAttrs(d.by, 'participant', 'participant_pn') },
      content: [{ tag: 'body', attrs: {}, content: Buffer.from(d.text) }],
    });
  }
  if (group.announce) content.push({ tag: 'announcement', attrs: {} });
  if (group.locked) content.push({ tag: 'locked', attrs: {} });
  if (group.ephemeral) content.push({ tag: 'ephemeral', attrs: { expiration: String(group.ephemeral) } });
  return { tag: 'group', attrs, content };
}
