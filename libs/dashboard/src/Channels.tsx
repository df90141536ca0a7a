import { useCallback, useEffect, useId, useRef, useState, type Ref } from 'react';
import type { Schemas } from '../../client/src';
import { call, type GatewayClient, type Session } from './api';
import { fullTime, jidLabel, shortTime } from './format';
import { field, str, type EventHub } from './live';
import { LoadMore, PagesStatus, usePages } from './usePages';
import './features.css';

type Channel = Schemas['ChannelDto'];
type Post = Schemas['ChannelPostDto'];

const PAGE = 25;
const POST_PAGE = 30;

function channelTitle(c: Pick<Channel, 'jid' | 'name'>): string {
  return c.name?.trim() || jidLabel(c.jid);
}

/**
 * How the session relates to a channel, from `role` (owner, admin, subscriber, guest; null until
 * looked up) and `following`.
 */
function relation(c: Channel): { key: 'owner' | 'admin' | 'following' | 'not-following'; words: string } {
  if (c.role === 'owner') return { key: 'owner', words: 'Owned' };
  if (c.role === 'admin') return { key: 'admin', words: 'Admin' };
  if (c.following || c.role === 'subscriber') return { key: 'following', words: 'Following' };
  return { key: 'not-following', words: 'Not following' };
}

const MEDIA_WORDS: Record<string, string> = { image: 'Photo', video: 'Video', audio: 'Audio', document: 'Document', sticker: 'Sticker' };

function postBody(p: Post): { label?: string; text?: string } {
  const media = p.media;
  if (p.type in MEDIA_WORDS) {
    const name = media?.fileName ? `: ${media.fileName}` : '';
    const seconds = media?.seconds ? ` (${media.seconds} s)` : '';
    return { label: `${MEDIA_WORDS[p.type]}${name}${seconds}`, text: p.text ?? media?.caption ?? undefined };
  }
  if (p.text) return { text: p.text };
  return { label: p.type === 'text' ? 'An empty post.' : 'A post this dashboard cannot show yet.' };
}

/** Several posts in a burst: one reload after the last of them. */
const POST_SETTLE_MS = 250;

/**
 * Calls `onPost` (settled, see POST_SETTLE_MS) after `channel.post` events of this session (of this
 * channel, given `jid`), and once when the stream first opens (posts may have come before it).
 * Without a hub (or when the stream does not carry `channel.post`), nothing happens.
 */
function useChannelPosts(hub: EventHub | undefined, sessionId: string, jid: string | null, onPost: (event: { text?: string; type?: string }) => void): void {
  const latest = useRef(onPost);
  latest.current = onPost;
  useEffect(() => {
    if (!hub) return;
    let timer: number | undefined;
    let last: { text?: string; type?: string } = {};
    const off = hub.subscribe((event) => {
      if (event.type !== 'channel.post' || event.sessionId !== sessionId) return;
      if (jid !== null && str(field(event, 'chatJid')) !== jid) return;
      last = { text: str(field(event, 'text')), type: str(field(event, 'type')) };
      window.clearTimeout(timer);
      timer = window.setTimeout(() => latest.current(last), POST_SETTLE_MS);
    });
    const offOpen = hub.onFirstOpen(() => latest.current({}));
    return () => {
      off();
      offOpen();
      window.clearTimeout(timer);
    };
  }, [hub, sessionId, jid]);
}

/**
 * The channels (newsletters) a session owns, administers or follows, paged; choosing one shows its
 * stored posts, newest first, with older pages on demand. With `hub`, a new post (`channel.post`)
 * refreshes the list and the open channel's posts as it arrives.
 */
export function ChannelsPanel({ client, session, hub }: { client: GatewayClient; session: Session; hub?: EventHub }) {
  const [open, setOpen] = useState<Channel | null>(null);
  const list = useRef<HTMLDivElement>(null);
  // The list stays mounted (hidden) while a channel's posts are shown: "← Channels" comes back to
  // the same place, pages loaded and focus on the channel that was opened.
  return (
    <>
      <ChannelList ref={list} client={client} hub={hub} session={session} hidden={open !== null} onOpen={setOpen} />
      {open && (
        <ChannelPosts
          key={`${session.id}/${open.jid}`}
          client={client}
          hub={hub}
          session={session}
          channel={open}
          onBack={() => {
            const jid = open.jid;
            setOpen(null);
            // After the list is shown again.
            setTimeout(() => list.current?.querySelector<HTMLButtonElement>(`button[data-jid="${CSS.escape(jid)}"]`)?.focus(), 0);
          }}
        />
      )}
    </>
  );
}

function ChannelList({
  ref,
  client,
  hub,
  session,
  hidden,
  onOpen,
}: {
  ref: Ref<HTMLDivElement>;
  client: GatewayClient;
  hub: EventHub | undefined;
  session: Session;
  hidden: boolean;
  onOpen: (c: Channel) => void;
}) {
  const fetchPage = useCallback(
    (cursor?: string) => call(client.GET('/api/v1/sessions/{session}/channels', { params: { path: { session: session.id }, query: { limit: PAGE, cursor } } })),
    [client, session.id],
  );
  // A reload is the first page again: its rows are fresh; rows of later pages already loaded stay after it.
  const pages = usePages({ fetchPage, keyOf: (c: Channel) => c.jid, reload: 'merge' });
  const { items, cursor, reload } = pages;
  useChannelPosts(hub, session.id, null, () => void reload());

  return (
    <div ref={ref} className="channels" data-view="list" hidden={hidden}>
      <PagesStatus pages={pages} what="channels" retry={() => void (items ? pages.loadMore() : pages.reload())} />
      {items?.length === 0 && <p className="empty">This session follows no channels yet.</p>}
      {items && items.length > 0 && (
        <ul className="channel-list" aria-label={`Channels of ${session.name}`}>
          {items.map((c) => {
            const rel = relation(c);
            return (
              <li key={c.jid}>
                <button type="button" className="channel-item" data-jid={c.jid} data-relation={rel.key} onClick={() => onOpen(c)}>
                  <span className="channel-name">{channelTitle(c)}</span>
                  <span className="channel-meta">
                    <span className={`rel-badge rel-${rel.key}`}>{rel.words}</span>
                    {c.subscribers !== null && (
                      <span className="muted small">
                        {c.subscribers.toLocaleString()} follower{c.subscribers === 1 ? '' : 's'}
                      </span>
                    )}
                  </span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      {cursor && items && items.length > 0 && <LoadMore pages={pages} label="Load more channels" />}
    </div>
  );
}

function ChannelPosts({
  client,
  hub,
  session,
  channel,
  onBack,
}: {
  client: GatewayClient;
  hub: EventHub | undefined;
  session: Session;
  channel: Channel;
  onBack: () => void;
}) {
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // The panel's own heading (h2, App.tsx) names the session's channels; a channel is under it.
  const title = channelTitle(channel);
  const rel = relation(channel);

  useEffect(() => heading.current?.focus(), []);

  const fetchPage = useCallback(
    (cursor?: string) =>
      call(
        client.GET('/api/v1/sessions/{session}/channels/{jid}/messages', {
          params: { path: { session: session.id, jid: channel.jid }, query: { limit: POST_PAGE, cursor } },
        }),
      ),
    [client, session.id, channel.jid],
  );
  const pages = usePages({ fetchPage, keyOf: (p: Post) => p.id, reload: 'merge' });
  const { items: posts, cursor, reload } = pages;
  const [announcement, setAnnouncement] = useState('');
  useChannelPosts(hub, session.id, channel.jid, (post) => {
    void reload().then((ok) => {
      if (ok && (post.text || post.type)) setAnnouncement(`New post in ${title}: ${post.text || MEDIA_WORDS[post.type ?? ''] || 'a post'}`);
    });
  });

  return (
    <div className="channels" data-view="posts" data-jid={channel.jid}>
      <div className="panel-head">
        <button type="button" className="button link" onClick={onBack}>
          ← Channels
        </button>
        <h3 id={headingId} ref={heading} tabIndex={-1}>
          <span className="tag">Channel</span>
          {title}
        </h3>
      </div>
      <p className="muted small channel-facts">
        <span className={`rel-badge rel-${rel.key}`}>{rel.words}</span>
        {channel.subscribers !== null && ` ${channel.subscribers.toLocaleString()} follower${channel.subscribers === 1 ? '' : 's'}`}
      </p>
      {channel.description?.trim() && <p className="channel-description">{channel.description}</p>}
      <PagesStatus pages={pages} what="posts" retry={() => void (posts ? pages.loadMore() : pages.reload())} />
      {posts?.length === 0 && (
        <p className="empty">No posts stored for this channel yet. Posts are stored as they arrive while the session follows it.</p>
      )}
      {posts && posts.length > 0 && (
        <ol className="channel-posts" aria-label={`Posts of ${title}, newest first`}>
          {posts.map((p) => {
            const body = postBody(p);
            return (
              <li key={p.id} className="channel-post" data-post-id={p.id} data-wa-id={p.waMessageId}>
                <p className="post-meta small">
                  <time dateTime={p.timestamp} title={fullTime(p.timestamp)}>
                    {shortTime(p.timestamp)}
                  </time>
                  {p.fromMe && <span> · posted by this session</span>}
                </p>
                {body.label && <p className="media-label">{body.label}</p>}
                {body.text && <p className="text">{body.text}</p>}
              </li>
            );
          })}
        </ol>
      )}
      {cursor && posts && posts.length > 0 && <LoadMore pages={pages} label="Load older posts" />}
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </div>
  );
}
