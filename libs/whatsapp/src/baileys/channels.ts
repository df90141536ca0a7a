import type { WASocket } from '@whiskeysockets/baileys';
import { ChannelMetadata, ChannelsPort, EngineError } from '../port';
import { engineCall } from './engine-error';

/** The channels section of a Baileys connection (WhatsApp's newsletters). */
export class BaileysChannels implements ChannelsPort {
  constructor(private readonly socket: WASocket) {}

  async metadata(jid: string): Promise<ChannelMetadata> {
    const meta = await engineCall(() => this.socket.newsletterMetadata('jid', jid));
    if (!meta) throw new EngineError('not_found', 'channel not found');
    return toChannelMetadata(meta);
  }

  async follow(jid: string): Promise<void> {
    await engineCall(() => this.socket.newsletterFollow(jid));
  }

  async unfollow(jid: string): Promise<void> {
    await engineCall(() => this.socket.newsletterUnfollow(jid));
  }

  async create(name: string, description?: string): Promise<ChannelMetadata> {
    return toChannelMetadata(await engineCall(() => this.socket.newsletterCreate(name, description)));
  }
}

type TextField = string | { text?: string } | undefined;

/**
 * Two shapes reach here: newsletterCreate's parsed result (flat strings) and newsletterMetadata's
 * raw GraphQL result (`thread_metadata.name.text`, `subscribers_count` as a string).
 */
function toChannelMetadata(meta: {
  id: string;
  name?: TextField;
  description?: TextField;
  subscribers?: number;
  invite?: string;
  thread_metadata?: { name?: TextField; description?: TextField; subscribers_count?: string; invite?: string };
}): ChannelMetadata {
  const text = (v: TextField) => (typeof v === 'string' ? v : v?.text);
  const viewer = (meta as { viewer_metadata?: { role?: string } }).viewer_metadata;
  const thread = meta.thread_metadata;
  const subscribers = meta.subscribers ?? (thread?.subscribers_count !== undefined ? Number(thread.subscribers_count) : undefined);
  return {
    jid: meta.id,
    name: text(meta.name) ?? text(thread?.name) ?? '',
    description: text(meta.description) ?? text(thread?.description),
    subscribers: Number.isFinite(subscribers) ? subscribers : undefined,
    role: viewer?.role?.toLowerCase(),
    inviteCode: meta.invite ?? thread?.invite,
  };
}
