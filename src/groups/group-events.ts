import { Injectable } from '@nestjs/common';
import type { GroupChange, GroupParticipantsChange } from '@app/whatsapp';
import { EventTypes } from '../events/event-types';
import type { NewEvent } from '../events/outbox.service';
import type { GroupEntity } from './entities/group.entity';

/** The events of the groups feature, as recorded in the outbox (`group.*`, read with `send`). */
@Injectable()
export class GroupEvents {
  /** `group.joined` when a group is stored as joined for the first time (or again after leaving). */
  joined(orgId: string, sessionId: string, before: GroupEntity | undefined, after: GroupEntity, by?: string): NewEvent[] {
    if (before?.member) return [];
    return [{ type: EventTypes.GROUP_JOINED, orgId, sessionId, data: { jid: after.jid, subject: after.subject, size: after.participants.length, by: by ?? null } }];
  }

  left(orgId: string, sessionId: string, g: GroupEntity, by: string | undefined): NewEvent {
    return { type: EventTypes.GROUP_LEFT, orgId, sessionId, data: { jid: g.jid, subject: g.subject, by: by ?? null } };
  }

  updated(orgId: string, sessionId: string, change: GroupChange): NewEvent | undefined {
    const { jid, by, ...changes } = change;
    if (!Object.keys(changes).length) return undefined;
    return { type: EventTypes.GROUP_UPDATED, orgId, sessionId, data: { jid, changes, by: by ?? null } };
  }

  participants(orgId: string, sessionId: string, change: GroupParticipantsChange): NewEvent {
    return {
      type: EventTypes.GROUP_PARTICIPANTS,
      orgId,
      sessionId,
      data: {
        jid: change.jid,
        action: change.action,
        participants: change.participants.map((p) => ({ jid: p.jid, phoneNumber: p.phoneNumber ?? null, lid: p.lid ?? null })),
        by: change.by ?? null,
      },
    };
  }
}
