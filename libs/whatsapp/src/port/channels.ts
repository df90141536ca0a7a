/** The channels (newsletters) section of a connection. */

export interface ChannelMetadata {
  jid: string;
  name: string;
  description?: string;
  subscribers?: number;
  role?: string;
  inviteCode?: string;
}


/** What a connection does with channels (`connection.channels`). */
export interface ChannelsPort {
  metadata(jid: string): Promise<ChannelMetadata>;
  follow(jid: string): Promise<void>;
  unfollow(jid: string): Promise<void>;
  create(name: string, description?: string): Promise<ChannelMetadata>;
}
