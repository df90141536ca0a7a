import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { ContactPresenceEntity } from '../entities/contact-presence.entity';

export const OWN_PRESENCE_STATES = ['available', 'unavailable'] as const;
export const CHAT_STATES = ['composing', 'recording', 'paused'] as const;
export const CONTACT_PRESENCE_STATES = ['available', 'unavailable', 'composing', 'recording', 'unknown'] as const;

export class SetOwnPresenceDto {
  @ApiProperty({
    enum: OWN_PRESENCE_STATES,
    description:
      '`available`: the number shows online, and WhatsApp treats this linked device as the one in use: the phone stops showing notifications for new messages. `unavailable`: offline (last seen is recorded), the phone notifies as usual.',
  })
  @IsIn(OWN_PRESENCE_STATES, { message: `state must be one of ${OWN_PRESENCE_STATES.join(', ')}` })
  state: (typeof OWN_PRESENCE_STATES)[number];
}

export class OwnPresenceDto {
  @ApiProperty({ enum: OWN_PRESENCE_STATES })
  state: (typeof OWN_PRESENCE_STATES)[number];
}

export class SetChatStateDto {
  @ApiProperty({ enum: CHAT_STATES, description: '`composing`: typing; `recording`: recording a voice note; `paused`: stopped.' })
  @IsIn(CHAT_STATES, { message: `state must be one of ${CHAT_STATES.join(', ')}` })
  state: (typeof CHAT_STATES)[number];
}

export class ChatStateDto {
  @ApiProperty({ example: '15559000001@s.whatsapp.net' })
  chatJid: string;

  @ApiProperty({ enum: CHAT_STATES })
  state: (typeof CHAT_STATES)[number];
}

export class ContactPresenceDto {
  @ApiProperty({ example: '15559000001@s.whatsapp.net', description: 'The contact as WhatsApp reports its presence (the form it was subscribed or reported with).' })
  jid: string;

  @ApiProperty({ type: String, nullable: true, example: '15559000001@s.whatsapp.net', description: 'The contact’s phone-number JID, when known.' })
  phoneJid: string | null;

  @ApiProperty({ type: String, nullable: true, example: '201000000000001@lid', description: 'The contact’s LID, when known.' })
  lid: string | null;

  @ApiProperty({
    enum: CONTACT_PRESENCE_STATES,
    description: 'The last state reported: online, offline, typing or recording (a stopped typing arrives as `available`); `unknown` when nothing was reported yet.',
  })
  state: (typeof CONTACT_PRESENCE_STATES)[number];

  @ApiProperty({ type: String, nullable: true, example: '15559000001@s.whatsapp.net', description: 'Where the state was shown: the contact’s chat, or a group for typing there.' })
  chatJid: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'When the contact was last online, when WhatsApp tells (their privacy may hide it).' })
  lastSeen: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'When this state was reported.' })
  updatedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'When the subscription was last asked for.' })
  subscribedAt: string | null;

  static from(jid: string, p: ContactPresenceEntity | null, forms: { phoneJid?: string; lid?: string } = {}): ContactPresenceDto {
    return {
      jid: p?.jid ?? jid,
      phoneJid: forms.phoneJid ?? null,
      lid: forms.lid ?? null,
      state: (p?.state as ContactPresenceDto['state']) ?? 'unknown',
      chatJid: p?.chatJid || null,
      lastSeen: p?.lastSeen ? p.lastSeen.toISOString() : null,
      updatedAt: p && p.state !== 'unknown' ? p.updatedAt.toISOString() : null,
      subscribedAt: p?.subscribedAt ? p.subscribedAt.toISOString() : null,
    };
  }
}
