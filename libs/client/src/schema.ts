// Generated from openapi.json by `npm run openapi` (openapi-typescript). Do not edit.

export interface paths {
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the API keys of the organization
         * @description Newest first; no secrets.
         */
        get: operations["apiKeys_list"];
        put?: never;
        /**
         * Create an API key
         * @description The plaintext key is in this response only.
         */
        post: operations["apiKeys_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Requests with the key fail with 401 from now on.
         */
        delete: operations["apiKeys_revoke"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Server-Sent Events stream of the organization
         * @description Each event is one SSE message: `id: <event id>` and `data: {"id","type","orgId","sessionId","occurredAt","data"}` (no `event:` field, so `onmessage` receives every type). Comment lines are heartbeats. Reconnect with `Last-Event-ID` (or `?lastEventId=`) to receive, in order and once, every event after that one; without it the stream starts with events after the connection.
         *
         *     A stream carries only the types the caller may read over REST: `message.*` and `channel.post` need `send`, `session.qr` needs `manage`, the other `session.*` types any principal. Asking for a type in `types` that the caller may not read is a 403. At most `EVENTS_MAX_STREAMS_PER_KEY` streams per key (or JWT subject) are open at once (429 beyond).
         */
        get: operations["events_stream"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sessions
         * @description Sessions of your organization, newest first.
         */
        get: operations["sessions_list"];
        put?: never;
        /**
         * Create a session
         * @description Creates a session (one WhatsApp number to attach). With `start: true` it starts pairing at once.
         */
        post: operations["sessions_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a session */
        get: operations["sessions_get"];
        put?: never;
        post?: never;
        /**
         * Delete a session
         * @description Logs out if linked, then deletes the session and everything stored for it.
         */
        delete: operations["sessions_remove"];
        options?: never;
        head?: never;
        /**
         * Change a session
         * @description Its name, and its settings (`markReadOnReply`).
         */
        patch: operations["sessions_update"];
        trace?: never;
    };
    "/api/v1/sessions/{session}:logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Log a session out
         * @description Unlinks the device from the WhatsApp account and drops its credentials.
         */
        post: operations["sessions_logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}:requestPairingCode": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request a pairing code
         * @description Link with a phone number instead of a QR: returns the code to enter on the phone.
         */
        post: operations["sessions_requestPairingCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}:start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a session
         * @description Connects to WhatsApp; starts pairing (QR or pairing code) if the number is not linked yet. Idempotent.
         */
        post: operations["sessions_start"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}:stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a session
         * @description Disconnects a session from WhatsApp **without** unlinking the device. Requires the `manage` capability. The attached number stays paired, so you can `:start` it again later without re-pairing. To unlink the device entirely, use `:logout` instead. **Idempotency.** Stopping an already-stopped session is a harmless no-op. The response returns the refreshed session so you can see its new status. **Errors.** `not_found` (404) — no such session in your organization. `unauthorized` (401) / `forbidden` (403) — credential / capability failures. Returns **200** with the refreshed session.
         */
        post: operations["sessions_stop"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/blocklist": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Blocked contacts
         * @description Read from WhatsApp when the session is connected (and stored), else as stored.
         */
        get: operations["contacts_blocklist"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the session's channels
         * @description Channels this session owns, administers or follows, newest first (paginated).
         */
        get: operations["channels_list"];
        put?: never;
        /**
         * Create a channel (newsletter)
         * @description Create a WhatsApp **channel** (newsletter) owned by this session, returning its newly minted JID. **Not implemented in v1.** This endpoint is wired but the underlying WhatsApp operation is not yet built, so it **always responds `501` with `not_implemented`** — no channel is created and nothing is persisted. The request body shape below documents the eventual contract; today it is accepted but ignored. **Authorization:** requires the `send` capability; callers lacking it get `403` (`forbidden`). Requests without a valid principal get `401`. **When implemented**, this will be a write that creates a brand-new channel on the WhatsApp network; it is **not** idempotent (each successful call would create a distinct channel) and on success returns `201` with the channel's `jid`. **Errors:** `403` `forbidden` (missing `send`), `404` `not_found` (session unknown), `501` `not_implemented` (current behavior), and, once built, `400` `validation_error` for a missing/invalid `name`.
         *
         *     *Deployment note:* a gateway started with `CHANNEL_CREATE_ENABLED=true` already behaves as described for "when implemented", and answers `409` `conflict` when the session is not connected.
         */
        post: operations["channels_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/channels/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Channel metadata
         * @description Name, description, subscribers and the session's role. Fetched from WhatsApp when the session is connected (and kept in the store); otherwise the stored copy (`409` when there is none).
         */
        get: operations["channels_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/channels/{jid}:follow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Follow a channel
         * @description The session follows the channel on WhatsApp; its posts are stored from now on. Idempotent.
         */
        post: operations["channels_follow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/channels/{jid}:unfollow": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Unfollow a channel
         * @description The session stops following the channel; posts already stored stay readable. Idempotent.
         */
        post: operations["channels_unfollow"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/channels/{jid}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List stored channel messages
         * @description Return a page of **stored** messages for the channel identified by `jid` on this session, newest-first. This reads from the gateway's own message store — it returns what the gateway has already received and persisted for the channel, not a live fetch from WhatsApp. A channel the session has never received posts from yields an empty page. **Pagination:** use `limit` (1–200, default 50) and `cursor`. Omit `cursor` for the first page; read `nextCursor` from the response and pass it back to fetch the next page. The cursor is opaque — do not parse it. An empty `nextCursor` means the last page has been reached. **Authorization:** requires the `send` capability (`403` `forbidden` otherwise; `401` without a valid principal). This is a safe, side-effect-free read. **Errors:** `403` `forbidden` (missing `send`), `404` `not_found` (session or channel unknown).
         */
        get: operations["channels_listMessages"];
        put?: never;
        /**
         * Post to a channel
         * @description Publishes a text post to a channel this session owns or administers; the post is stored like received ones.
         */
        post: operations["channels_postMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/chats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List chats
         * @description Chats of the session, most recent activity first.
         */
        get: operations["chats_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/chats/{jid}:markRead": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a chat read
         * @description Sends read receipts (blue ticks, unless the number hides read receipts) for the chat’s unread received messages, all of them or up to `upTo`, and stores them as read: the chat’s `unreadCount` drops. `jid` is a JID or E.164 digits.
         */
        post: operations["chats_markRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/chats/{jid}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List the messages of a chat
         * @description Stored messages, newest first. `jid` is a JID or E.164 digits.
         */
        get: operations["chats_messagesOf"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/chats/{jid}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Show typing in a chat
         * @description `composing` (typing), `recording` (a voice note) or `paused`. WhatsApp clears the indicator itself after a while or when a message arrives. `jid` is a user, LID or group JID, or E.164 digits.
         */
        post: operations["presence_chatState"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List contacts
         * @description Everyone the session knows (address-book entries the phone syncs, chat partners, group members, numbers it checked), in the order they became known (paginated). `q` matches a name, push name or number.
         */
        get: operations["contacts_list"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts:check": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check numbers on WhatsApp
         * @description For each number (up to 50): whether it is on WhatsApp, its phone-number JID and LID. Bulk checks are how numbers get banned: numbers asked of WhatsApp are paced per session (`CONTACT_CHECK_RATE` per minute, else 429 with Retry-After), and an answer younger than `CONTACT_CHECK_TTL` is given from the store (`cached: true`) without asking again.
         */
        post: operations["contacts_check"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a contact
         * @description Names, both JID forms where known, about text and business profile (read from WhatsApp when connected and not read within the hour). A contact not stored is read from WhatsApp when connected.
         */
        get: operations["contacts_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts/{id}:block": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Block a contact
         * @description They can no longer message or call this number.
         */
        post: operations["contacts_block"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts/{id}:unblock": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Unblock a contact */
        post: operations["contacts_unblock"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts/{id}/picture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Profile picture
         * @description Fetched from WhatsApp on demand and kept for an hour. 404 when there is none or their privacy settings hide it (`details.reason`: `none` or `hidden`).
         */
        get: operations["contacts_picture"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts/{id}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A contact’s last known presence
         * @description The last presence WhatsApp reported for a subscribed contact (`unknown` when none). The contact may be named by either form: once the session knows its number and LID, a presence subscribed or reported under one is read under the other as well.
         */
        get: operations["presence_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/contacts/{id}/presence:subscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Subscribe to a contact’s presence
         * @description WhatsApp answers with the contact’s presence and then reports every change (online, last seen, typing in a chat) as `presence.update` events, for as long as the connection lasts: subscribe again after a reconnect. Answers the presence known so far.
         */
        post: operations["presence_subscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List groups
         * @description Groups the number is in, from the store, newest first (paginated). `refresh=true` reads them from WhatsApp first (the session must be connected).
         */
        get: operations["groups_list"];
        put?: never;
        /**
         * Create a group
         * @description Creates a group with the session as its admin and these members. Each participant comes back with its result: added, or why not (e.g. their privacy settings: WhatsApp then made an invitation).
         */
        post: operations["groups_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups:join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a group
         * @description Joins by invitation code (or link).
         */
        post: operations["groups_join"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a group
         * @description Metadata with members and their roles, as stored (kept up to date from WhatsApp’s notifications). A group not stored yet is read from WhatsApp when the session is connected.
         */
        get: operations["groups_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change a group
         * @description Subject, description, `announce` (only admins send), `locked` (only admins edit the group). Answers the group as it is afterwards.
         */
        patch: operations["groups_update"];
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}:leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave a group
         * @description The group stays in the store with `member: false`.
         */
        post: operations["groups_leave"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}/invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Invitation code and link
         * @description Anyone with the link may join: reading it needs `manage`.
         */
        get: operations["groups_invite"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}/invite:revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke the invitation
         * @description The old link stops working; answers the new code and link.
         */
        post: operations["groups_revokeInvite"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}/participants:add": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add participants
         * @description Each participant with its result (added, not on WhatsApp, privacy settings: invitation made, already a member, not allowed).
         */
        post: operations["groups_add"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}/participants:demote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take admin rights away
         * @description Each participant with its result.
         */
        post: operations["groups_demote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}/participants:promote": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Make participants admins
         * @description Each participant with its result.
         */
        post: operations["groups_promote"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/groups/{jid}/participants:remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Remove participants
         * @description Each participant with its result.
         */
        post: operations["groups_remove"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/lids": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The LID of a phone number
         * @description As WhatsApp revealed it to this session; 404 when not known.
         */
        get: operations["contacts_lidOfPhone"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/lids/{lid}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The phone number behind a LID
         * @description As WhatsApp revealed it to this session (message attributes, contact checks, group members, history and contact sync); 404 when not known.
         */
        get: operations["contacts_phoneOfLid"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a message
         * @description Stores the message (queued) and sends it through the session, paced per session. Answers **201** when it was sent within a short wait, else **202** with status `queued`: it is sent once the session is connected, also after a restart, exactly once. Media by `url` (downloaded by the gateway; public addresses only) or `base64`. A session that is stopped, logged out, failed or still pairing answers 409 and nothing is stored.
         */
        post: operations["messages_send"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get a message
         * @description One stored message with its delivery status and what happened to it since: its current reactions (one per reactor), a poll’s tally, the edited text (`editedAt`), or, once deleted for everyone (`revokedAt`), no content.
         */
        get: operations["messages_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Edit a message
         * @description Changes the text of a text message, or the caption of an image, video or document, that this session sent, for everyone: the recipient sees it edited. WhatsApp allows this for **15 minutes** after the message was sent; later answers 409 with `details.reason` `edit_window_passed`. The stored message gets the new `text` and `editedAt`, and a `message.edited` event is recorded. Sending the current text again changes nothing.
         */
        patch: operations["messages_edit"];
        trace?: never;
    };
    "/api/v1/sessions/{session}/messages/{id}:revoke": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Revoke a message
         * @description Deletes a message this session sent, for everyone; the stored message keeps its row without content. Idempotent.
         */
        post: operations["messages_revoke"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/messages/{id}/media": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the media of a message
         * @description Fetched from WhatsApp on demand and decrypted; served with its content type.
         */
        get: operations["messages_media"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set the number’s own presence
         * @description Online (`available`) or offline (`unavailable`). By default a session connects `unavailable` (as the engine sets it), so the phone keeps showing notifications; while it is `available` WhatsApp considers this device in use and the phone stops notifying. Lasts for the current connection: a reconnect starts `unavailable` again.
         */
        post: operations["presence_setOwn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/profile": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Get the profile
         * @description The number’s display name, about text and picture URL, as WhatsApp shows them to others (read from WhatsApp).
         */
        get: operations["profile_get"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the profile
         * @description Sets the display name (`name`, at most 25 characters) and/or the about text (`about`, at most 139 characters), the name first. Answers the profile as WhatsApp now shows it. The name lives in WhatsApp’s app-state sync: right after linking, until the phone has shared its app-state key with the session, setting it answers 502 (retry a little later).
         */
        patch: operations["profile_update"];
        trace?: never;
    };
    "/api/v1/sessions/{session}/profile/picture": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Set the profile picture
         * @description A JPEG or PNG, base64-encoded in JSON: at most 5 MB, each side between 192 and 8192 pixels. WhatsApp shows profile pictures as 640×640 JPEGs: the image is cropped to its centre square and scaled. Answers the profile with the new `pictureUrl`.
         */
        put: operations["profile_setPicture"];
        post?: never;
        /**
         * Remove the profile picture
         * @description Answers the profile, `pictureUrl` null. Removing when there is none is fine.
         */
        delete: operations["profile_removePicture"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/sessions/{session}/qr": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Current pairing QR
         * @description JSON by default; a PNG image with `Accept: image/png`.
         */
        get: operations["sessions_qr"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the webhooks of the organization, newest first. */
        get: operations["webhooks_list"];
        put?: never;
        /**
         * Create a webhook; the signing secret is in this response only.
         * @description A webhook receives only event types that the principal who created it or last changed it may read (`message.*` and `channel.post` need `send`, `session.qr` needs `manage`, the other `session.*` types any principal): listing a type the caller may not read is a 403, and `["*"]` means every type the caller may read. The webhook keeps these capabilities when that key is revoked.
         */
        post: operations["webhooks_create"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["webhooks_get"];
        put?: never;
        post?: never;
        delete: operations["webhooks_remove"];
        options?: never;
        head?: never;
        /**
         * Change URL, event types, session filter, or enable/disable.
         * @description Only a caller that may read every event type the webhook receives now may change it; the webhook then acts with the caller's capabilities. A webhook receives only event types that the principal who created it or last changed it may read (`message.*` and `channel.post` need `send`, `session.qr` needs `manage`, the other `session.*` types any principal): listing a type the caller may not read is a 403, and `["*"]` means every type the caller may read. The webhook keeps these capabilities when that key is revoked.
         */
        patch: operations["webhooks_update"];
        trace?: never;
    };
    "/api/v1/webhooks/{webhook}:rotateSecret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * New signing secret (shown once); the previous one also signs for 24 hours.
         * @description Like a change, only for a caller that may read every event type the webhook receives.
         */
        post: operations["webhooks_rotateSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{webhook}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Deliveries of this webhook, newest first, with every attempt. */
        get: operations["webhooks_deliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["health_healthz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get: operations["health_readyz"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        ApiKeyDto: {
            /**
             * @example [
             *       "send"
             *     ]
             */
            capabilities: ("send" | "manage" | "admin")[];
            /** Format: date-time */
            createdAt: string;
            /** @example 01JABCDEF0123456789ABCDEFG */
            id: string;
            /**
             * Format: date-time
             * @description Last use, to the minute; null if never used.
             */
            lastUsedAt: string | null;
            /** @example billing service */
            name: string;
            /**
             * @description The first characters of the key, to recognise it.
             * @example wgw_Ab12Cd34
             */
            prefix: string;
        };
        ApiKeyPageDto: {
            items: components["schemas"]["ApiKeyDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        BusinessProfileDto: {
            category?: string;
            description?: string;
            email?: string;
            website?: string;
        };
        ChannelCreatedDto: {
            /**
             * @description The JID of the new channel.
             * @example 120363000000000001@newsletter
             */
            jid: string;
        };
        ChannelDto: {
            createdAt: string;
            description: string | null;
            /** @description Whether the session follows the channel. */
            following: boolean;
            inviteCode: string | null;
            /** @example 120363000000000001@newsletter */
            jid: string;
            /** @description When the metadata was last fetched from WhatsApp. */
            metadataUpdatedAt: string | null;
            /** @example Acme news */
            name: string | null;
            /**
             * @description The session's role: owner, admin, subscriber or guest; null until looked up.
             * @example subscriber
             */
            role: string | null;
            /** @description Followers, as WhatsApp last reported. */
            subscribers: number | null;
            updatedAt: string;
        };
        ChannelPageDto: {
            items: components["schemas"]["ChannelDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        ChannelPostDto: {
            /**
             * @description The channel.
             * @example 120363000000000001@newsletter
             */
            chatJid: string;
            /** @description When the gateway stored it. */
            createdAt: string;
            fromMe: boolean;
            /**
             * @description Gateway id of the stored post.
             * @example 01HXYZ0000000000000000000
             */
            id: string;
            media: components["schemas"]["PostMediaDto"] | null;
            /**
             * @description WhatsApp's per-channel post number (null for an own post not yet confirmed).
             * @example 101
             */
            serverId: string | null;
            sessionId: string;
            /** @description Text, or the caption of media. */
            text: string | null;
            /** @description When WhatsApp says it was posted. */
            timestamp: string;
            /**
             * @description text, image, video, audio, document, sticker, ... or unknown.
             * @example text
             */
            type: string;
            /** @description WhatsApp's message id. */
            waMessageId: string;
        };
        ChannelPostPageDto: {
            items: components["schemas"]["ChannelPostDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        ChatDto: {
            /** @example 15559000001@s.whatsapp.net */
            jid: string;
            /** @description The last message, for a preview. */
            lastMessage: components["schemas"]["LastMessagePreviewDto"] | null;
            /** @example 2026-01-01T00:00:00.000Z */
            lastMessageAt: string;
            lastMessageId: string | null;
            /**
             * @description A 1:1 chat: the contact’s LID, where known.
             * @example 201000000000001@lid
             */
            lid: string | null;
            /** @description The contact’s push name, when known. */
            name: string | null;
            /**
             * @description A 1:1 chat: the contact’s phone-number JID, where known.
             * @example 15559000001@s.whatsapp.net
             */
            phoneJid: string | null;
            sessionId: string;
            /**
             * @description Received messages not marked read (`POST .../chats/{jid}:markRead`).
             * @example 2
             */
            unreadCount: number;
        };
        ChatPageDto: {
            items: components["schemas"]["ChatDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        ChatStateDto: {
            /** @example 15559000001@s.whatsapp.net */
            chatJid: string;
            /** @enum {string} */
            state: "composing" | "recording" | "paused";
        };
        CheckContactsDto: {
            /**
             * @description Phone numbers in international format (digits, optional leading +).
             * @example [
             *       "+15551234567",
             *       "4915123456789"
             *     ]
             */
            phoneNumbers: string[];
        };
        ContactCheckDto: {
            /** @description Answered from the stored result of an earlier check (younger than CONTACT_CHECK_TTL), without asking WhatsApp. */
            cached: boolean;
            /** @description When WhatsApp gave this answer. */
            checkedAt: string;
            /** @description Whether the number is on WhatsApp. */
            exists: boolean;
            /** @example 15551234567@s.whatsapp.net */
            jid: string | null;
            /** @example 201000000000001@lid */
            lid: string | null;
            /**
             * @description The number as given.
             * @example +15551234567
             */
            phoneNumber: string;
        };
        ContactCheckResultDto: {
            /** @description One per number given, in the same order. */
            results: components["schemas"]["ContactCheckDto"][];
        };
        ContactDto: {
            /** @description Their about text (null: none, hidden, or not read yet). */
            about: string | null;
            /** @description Their privacy settings hide the about text from this number. */
            aboutHidden: boolean;
            aboutSetAt: string | null;
            /** @description This number blocked them. */
            blocked: boolean;
            /** @description A business account (null: not read yet). */
            business: boolean | null;
            businessProfile: components["schemas"]["BusinessProfileDto"] | null;
            /** @example 201000000000001@lid */
            lid: string | null;
            /** @description The name in the address book. */
            name: string | null;
            /** @example 15551234567@s.whatsapp.net */
            phoneJid: string | null;
            /**
             * @description The phone number (digits), when known.
             * @example 15551234567
             */
            phoneNumber: string | null;
            /** @description The name they gave themselves. */
            pushName: string | null;
        };
        ContactPageDto: {
            items: components["schemas"]["ContactDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        ContactPresenceDto: {
            /**
             * @description Where the state was shown: the contact’s chat, or a group for typing there.
             * @example 15559000001@s.whatsapp.net
             */
            chatJid: string | null;
            /**
             * @description The contact as WhatsApp reports its presence (the form it was subscribed or reported with).
             * @example 15559000001@s.whatsapp.net
             */
            jid: string;
            /** @description When the contact was last online, when WhatsApp tells (their privacy may hide it). */
            lastSeen: string | null;
            /**
             * @description The contact’s LID, when known.
             * @example 201000000000001@lid
             */
            lid: string | null;
            /**
             * @description The contact’s phone-number JID, when known.
             * @example 15559000001@s.whatsapp.net
             */
            phoneJid: string | null;
            /**
             * @description The last state reported: online, offline, typing or recording (a stopped typing arrives as `available`); `unknown` when nothing was reported yet.
             * @enum {string}
             */
            state: "available" | "unavailable" | "composing" | "recording" | "unknown";
            /** @description When the subscription was last asked for. */
            subscribedAt: string | null;
            /** @description When this state was reported. */
            updatedAt: string | null;
        };
        CreateApiKeyDto: {
            /**
             * @description Only capabilities the caller holds itself.
             * @example [
             *       "send"
             *     ]
             */
            capabilities: ("send" | "manage" | "admin")[];
            /** @example billing service */
            name: string;
        };
        CreateChannelDto: {
            /** @description Optional free-text description shown on the channel profile. */
            description?: string;
            /**
             * @description Display name of the channel (newsletter). Optional on the wire; the service validates it and returns a validation_error (400) if it is missing or invalid.
             * @example Acme news
             */
            name?: string;
        };
        CreatedApiKeyDto: {
            /**
             * @example [
             *       "send"
             *     ]
             */
            capabilities: ("send" | "manage" | "admin")[];
            /** Format: date-time */
            createdAt: string;
            /** @example 01JABCDEF0123456789ABCDEFG */
            id: string;
            /**
             * @description The key itself. Shown only in this response; store it now.
             * @example wgw_Ab12Cd34...
             */
            key: string;
            /**
             * Format: date-time
             * @description Last use, to the minute; null if never used.
             */
            lastUsedAt: string | null;
            /** @example billing service */
            name: string;
            /**
             * @description The first characters of the key, to recognise it.
             * @example wgw_Ab12Cd34
             */
            prefix: string;
        };
        CreateGroupDto: {
            description?: string;
            /**
             * @description Members to add besides the session. Each is a phone number in international format (6 to 15 digits, no leading 0, an optional leading +), <number>@s.whatsapp.net or <digits>@lid.
             * @example [
             *       "15559001001",
             *       "15559001002@s.whatsapp.net"
             *     ]
             */
            participants: string[];
            /** @example Demo Team */
            subject: string;
        };
        CreateSessionDto: {
            /**
             * @description Unique within the organization.
             * @example support-line
             */
            name: string;
            /**
             * @description Start connecting (and pairing) at once.
             * @default false
             */
            start?: boolean;
        };
        CreateWebhookDto: {
            /**
             * @description Event types to receive (`session.created`, `session.status`, `session.qr`, `session.deleted`, `message.received`, `message.sent`, `message.status`, `message.revoked`, `message.edited`, `message.reaction`, `poll.vote`, `channel.post`, `group.joined`, `group.left`, `group.updated`, `group.participants`, `presence.update`), or `["*"]` for every type the caller may read. Each listed type must be one the caller may read (else 403).
             * @example [
             *       "message.received",
             *       "session.status"
             *     ]
             */
            events: string[];
            /**
             * @description Only events of this session (a session of the organization, else 404).
             * @example 01HXAMPLE0SESSION000000000
             */
            sessionId?: string;
            /**
             * @description http(s) URL on a public address.
             * @example https://example.com/hooks/whatsapp
             */
            url: string;
        };
        DeliveryAttemptDto: {
            attempt: number;
            durationMs: number;
            error: string | null;
            /** @description The first 200 characters of the receiver's answer body, whatever its status; null when there was no HTTP answer. */
            response: string | null;
            /** Format: date-time */
            startedAt: string;
            statusCode: number | null;
        };
        DeliveryDto: {
            attemptLog: components["schemas"]["DeliveryAttemptDto"][];
            attempts: number;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** @example 42 */
            eventId: string;
            /** @example message.received */
            eventType: string;
            /** @description Also the `webhook-id` header: the same across attempts. */
            id: string;
            lastError: string | null;
            lastStatusCode: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            sessionId: string | null;
            /** @enum {string} */
            status: "pending" | "succeeded" | "failed";
        };
        DeliveryPageDto: {
            items: components["schemas"]["DeliveryDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        EditMessageDto: {
            /**
             * @description The new text (for an image, video or document: the new caption). Not blank.
             * @example Hello, corrected!
             */
            text: string;
        };
        ErrorBodyDto: {
            /**
             * @description Stable machine-readable code.
             * @example not_found
             */
            code: string;
            /** @example {} */
            details: {
                [key: string]: unknown;
            };
            /** @example session not found */
            message: string;
        };
        ErrorEnvelopeDto: {
            error: components["schemas"]["ErrorBodyDto"];
        };
        EventDto: {
            /** @description What happened; its shape depends on `type` (see the API guide). */
            data: {
                [key: string]: unknown;
            };
            /**
             * @description Increasing within the organization; the SSE `id:` (resume with `Last-Event-ID`).
             * @example 1024
             */
            id: string;
            /** @description When it happened (ISO 8601). */
            occurredAt: string;
            orgId: string;
            sessionId: string | null;
            type: components["schemas"]["EventType"];
        };
        /** @enum {string} */
        EventType: "session.created" | "session.status" | "session.qr" | "session.deleted" | "message.received" | "message.sent" | "message.status" | "message.revoked" | "message.edited" | "message.reaction" | "poll.vote" | "channel.post" | "group.joined" | "group.left" | "group.updated" | "group.participants" | "presence.update";
        GroupCreatedDto: {
            group: components["schemas"]["GroupDto"];
            participants: components["schemas"]["ParticipantResultDto"][];
        };
        GroupDto: {
            /**
             * @description How the group addresses its members.
             * @enum {string|null}
             */
            addressingMode: "lid" | "pn" | null;
            /** @description Only admins send messages. */
            announce: boolean;
            /** @description When the gateway first stored the group. */
            createdAt: string;
            description: string | null;
            /** @description When the group was created, as WhatsApp says. */
            groupCreatedAt: string | null;
            /** @example 120363000000000042@g.us */
            jid: string;
            /** @description Only admins edit the subject, description and settings. */
            locked: boolean;
            /** @description Whether the session is still a member (false after leaving or being removed). */
            member: boolean;
            /** @description When the metadata was last read whole from WhatsApp. */
            metadataUpdatedAt: string | null;
            /** @description Who created the group (phone-number JID where known). */
            owner: string | null;
            participants: components["schemas"]["GroupParticipantDto"][];
            /** @description Number of members. */
            size: number;
            /** @example Demo Team */
            subject: string;
            updatedAt: string;
        };
        GroupPageDto: {
            items: components["schemas"]["GroupDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        GroupParticipantDto: {
            /**
             * @description The JID the group addresses the member by (LID in current groups).
             * @example 208123456789012@lid
             */
            jid: string;
            /**
             * @description LID, where known.
             * @example 208123456789012@lid
             */
            lid: string | null;
            /**
             * @description Phone-number JID, where known.
             * @example 15559001001@s.whatsapp.net
             */
            phoneNumber: string | null;
            /** @enum {string} */
            role: "member" | "admin" | "superadmin";
        };
        InviteDto: {
            /** @example AbCdEfGhIjKlMnOpQrStUv */
            code: string;
            /** @example https://chat.whatsapp.com/AbCdEfGhIjKlMnOpQrStUv */
            link: string;
        };
        JoinGroupDto: {
            /**
             * @description An invitation code, or its link (https://chat.whatsapp.com/<code>).
             * @example AbCdEfGhIjKlMnOpQrStUv
             */
            code: string;
        };
        LastMessagePreviewDto: {
            fromMe: boolean;
            /** @example 01HXYZ0000000000000000000 */
            id: string;
            /** @description The text or caption, cut to 200 characters; null for messages without text (and deleted ones). */
            preview: string | null;
            /** @description Deleted for everyone. */
            revoked: boolean;
            /** @description Messages the session sent: queued, sent, delivered, read or failed. */
            status: string | null;
            /** @example 2026-01-01T00:00:00.000Z */
            timestamp: string;
            /** @example text */
            type: string;
            /** @example 3EB0A1B2C3D4E5F6A7B8C9 */
            waMessageId: string;
        };
        LidMappingDto: {
            /** @example 201000000000001@lid */
            lid: string;
            /** @example 15551234567@s.whatsapp.net */
            phoneJid: string;
            /**
             * @description Digits.
             * @example 15551234567
             */
            phoneNumber: string;
        };
        MarkReadDto: {
            /** @description Mark read only up to this received message (its gateway id or WhatsApp id, in this chat), inclusive. Absent: every unread message of the chat. */
            upTo?: string;
        };
        MarkReadResultDto: {
            /** @example 15559000001@s.whatsapp.net */
            chatJid: string;
            /**
             * @description How many received messages were marked read now (read receipts went for at most the newest 500).
             * @example 3
             */
            marked: number;
            /**
             * @description Received messages of the chat still unread (newer than `upTo`, or arrived meanwhile).
             * @example 0
             */
            unreadCount: number;
        };
        MessageContactDto: {
            /** @example Ana */
            displayName?: string;
            /**
             * @description The vCard (may be empty when WhatsApp carried none).
             * @example BEGIN:VCARD
             *     VERSION:3.0
             *     FN:Ana
             *     TEL;type=CELL;waid=15559000001:+15559000001
             *     END:VCARD
             */
            vcard: string;
        };
        MessageDto: {
            /** @example 15551234567@s.whatsapp.net */
            chatJid: string;
            /** @description Contact messages. */
            contact?: components["schemas"]["MessageContactDto"] | null;
            /** @example 2026-01-01T00:00:00.000Z */
            createdAt: string;
            /** @description When the author last edited the text or caption; `text` is the edited one. */
            editedAt: string | null;
            /** @description Why it failed (status failed): the cause in words, e.g. "All encryptions failed". */
            error?: string;
            /**
             * @description Why it failed (status failed), as a stable code: `encryption_failed` (no Signal session could be built with the recipient), `timeout`, `connection_closed`, `rate_limited` (WhatsApp refused the rate), `media_failed` (upload), `not_found`, `forbidden`, `rejected` (WhatsApp refused the message), `gave_up` (every attempt was cut short), `unknown`.
             * @enum {string}
             */
            errorCode?: "not_found" | "forbidden" | "rate_limited" | "timeout" | "connection_closed" | "encryption_failed" | "media_failed" | "rejected" | "unknown" | "gave_up";
            fromMe: boolean;
            /** @example 01HXYZ0000000000000000000 */
            id: string;
            /** @description Location messages. */
            location?: components["schemas"]["MessageLocationDto"] | null;
            /** @description Media messages (image, video, audio, document, sticker); bytes at .../media. */
            media?: components["schemas"]["MessageMediaDto"] | null;
            /** @description Polls: the question, options and current tally. */
            poll?: components["schemas"]["PollDto"] | null;
            /** @description Reaction messages: the message reacted to and the emoji. */
            reaction?: components["schemas"]["MessageReactionDto"] | null;
            /** @description Current reactions to this message, one per reactor (a removed reaction is gone). Empty when revoked. */
            reactions: components["schemas"]["ReactionDto"][];
            /** @description WhatsApp id of the quoted message. */
            replyTo: string | null;
            /** @description When it was deleted for everyone (by this session or by its author): text, media, location, contact, poll and reactions are then null/empty, and its media answers 410. */
            revokedAt: string | null;
            /** @description Null for messages this session sent. */
            sender: components["schemas"]["MessageSenderDto"] | null;
            sessionId: string;
            /**
             * @description Outgoing messages: queued → sent → delivered → read, or failed. Null for received ones.
             * @enum {string|null}
             */
            status: "queued" | "sent" | "delivered" | "read" | "failed" | null;
            /** @description The text, or the caption of media. */
            text: string | null;
            /**
             * @description WhatsApp timestamp (for queued messages: when accepted).
             * @example 2026-01-01T00:00:00.000Z
             */
            timestamp: string;
            /**
             * @description text, image, video, audio, document, sticker, location, contact, reaction, poll or unknown.
             * @example text
             */
            type: string;
            /** @example 3EB0A1B2C3D4E5F6A7B8C9 */
            waMessageId: string;
        };
        MessageLocationDto: {
            /** @example Pariser Platz, Berlin */
            address?: string;
            /** @example 52.52 */
            latitude: number;
            /** @example 13.405 */
            longitude: number;
            /** @example Brandenburg Gate */
            name?: string;
        };
        MessageMediaDto: {
            /** @description The caption (also in `text`). */
            caption?: string;
            /**
             * @description Size in bytes.
             * @example 52344
             */
            fileLength?: number;
            /**
             * @description Documents: the file name.
             * @example report.pdf
             */
            fileName?: string;
            /**
             * @description Images, videos and stickers: height in pixels.
             * @example 720
             */
            height?: number;
            /** @example image/jpeg */
            mimetype?: string;
            /**
             * @description Audio and video: duration in seconds.
             * @example 12
             */
            seconds?: number;
            /** @description Audio: a voice note (push-to-talk) rather than an audio file. */
            voiceNote?: boolean;
            /**
             * @description Images, videos and stickers: width in pixels.
             * @example 1280
             */
            width?: number;
        };
        MessagePageDto: {
            items: components["schemas"]["MessageDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        MessageReactionDto: {
            /**
             * @description The emoji; empty when the reaction was removed.
             * @example 👍
             */
            emoji: string;
            /**
             * @description WhatsApp id of the message reacted to.
             * @example 3EB0A1B2C3D4E5F6A7B8C9
             */
            targetId: string;
        };
        MessageSenderDto: {
            /**
             * @description The JID WhatsApp reported the sender with.
             * @example 123456789@lid
             */
            jid: string | null;
            /**
             * @description LID form, when known.
             * @example 123456789@lid
             */
            lid: string | null;
            /**
             * @description Phone-number form, when known.
             * @example 15559000001@s.whatsapp.net
             */
            phoneJid: string | null;
            pushName: string | null;
        };
        OwnPresenceDto: {
            /** @enum {string} */
            state: "available" | "unavailable";
        };
        PairingCodeDto: {
            /**
             * @description Enter it on the phone: Linked devices → Link with phone number.
             * @example ABCD1234
             */
            code: string;
        };
        PairingCodeRequestDto: {
            /**
             * @description The phone number to link, E.164 digits (a leading + is allowed).
             * @example 15551234567
             */
            phoneNumber: string;
        };
        ParticipantInviteDto: {
            /** @description The invitation WhatsApp made for this participant (their privacy settings do not let the group add them). */
            code: string;
            expiresAt: string | null;
        };
        ParticipantResultDto: {
            /** @description WhatsApp's status for this participant (200 done). */
            code: number;
            invite?: components["schemas"]["ParticipantInviteDto"];
            /** @description The JID WhatsApp answered for. */
            jid: string;
            /** @description LID, where known. */
            lid: string | null;
            /** @description The participant as given in the request. */
            participant: string;
            /** @description Phone-number JID, where known. */
            phoneNumber: string | null;
            /**
             * @description `done`; `invite_required`: their privacy settings refuse being added, WhatsApp made an invitation (`invite`); `not_on_whatsapp`; `already_member` (add); `not_member` (remove, promote, demote); `not_allowed`: the session may not do this (not an admin); `failed`: anything else (`code` says what WhatsApp answered).
             * @enum {string}
             */
            result: "done" | "invite_required" | "not_on_whatsapp" | "already_member" | "not_member" | "not_allowed" | "failed";
        };
        ParticipantsDto: {
            /**
             * @description Members to act on. Each is a phone number in international format (6 to 15 digits, no leading 0, an optional leading +), <number>@s.whatsapp.net or <digits>@lid.
             * @example [
             *       "15559001001",
             *       "15559001002@s.whatsapp.net"
             *     ]
             */
            participants: string[];
        };
        ParticipantsResultDto: {
            /** @description The group as it is now. */
            group: components["schemas"]["GroupDto"];
            participants: components["schemas"]["ParticipantResultDto"][];
        };
        PollDto: {
            /** @example Lunch? */
            name: string;
            /**
             * @example [
             *       "Pizza",
             *       "Sushi"
             *     ]
             */
            options: string[];
            /** @description Current tally, one entry per option in order: each voter’s latest vote counts (votes are end-to-end encrypted; the gateway opens them with the poll’s secret). */
            results: components["schemas"]["PollResultDto"][];
            /**
             * @description How many options a voter may choose; 0 = any number.
             * @example 1
             */
            selectableCount: number;
        };
        PollResultDto: {
            /** @example 1 */
            count: number;
            /** @example Pizza */
            option: string;
            /**
             * @description Who chose it (JIDs as for reactions), earliest vote first.
             * @example [
             *       "15559000001@s.whatsapp.net"
             *     ]
             */
            voters: string[];
        };
        PostMediaDto: {
            caption?: string;
            fileLength?: number;
            fileName?: string;
            height?: number;
            mimetype?: string;
            seconds?: number;
            width?: number;
        };
        PostToChannelDto: {
            /** @example Hello, followers */
            text: string;
            /**
             * @description Only text posts for now.
             * @default text
             * @enum {string}
             */
            type?: "text";
        };
        ProfileDto: {
            /**
             * @description The about text; null when none is set.
             * @example Available 9–17 CET
             */
            about: string | null;
            /**
             * Format: date-time
             * @description When the about text was set.
             */
            aboutSetAt: string | null;
            /**
             * @description The display name (push name) WhatsApp knows for the number; null when unknown.
             * @example Acme Support
             */
            name: string | null;
            /** @description Where WhatsApp serves the profile picture (a 640×640 JPEG) — a URL on WhatsApp’s media hosts that expires after a while; null when there is none. */
            pictureUrl: string | null;
        };
        QrDto: {
            /** @example 2026-01-01T00:00:00.000Z */
            expiresAt: string;
            /** @description The QR payload; render it as a QR code (or ask for image/png). */
            qr: string;
        };
        ReactionDto: {
            /**
             * @description When they reacted (their clock, as WhatsApp carries it).
             * @example 2026-01-01T00:00:00.000Z
             */
            at: string;
            /** @example 👍 */
            emoji: string;
            /** @description The session itself reacted (from this gateway or its phone). */
            fromMe: boolean;
            /**
             * @description Who reacted: phone-number JID when known (the session’s own number for its reactions), else LID.
             * @example 15559000001@s.whatsapp.net
             */
            jid: string | null;
        };
        SendContactDto: {
            /** @example Jane Doe */
            displayName: string;
            /** @example 15551234567 */
            phoneNumber?: string;
            /** @description A full vCard; or give `phoneNumber` and one is built. */
            vcard?: string;
        };
        SendLocationDto: {
            /** @example Alexanderplatz 1, Berlin */
            address?: string;
            /** @example 52.52 */
            latitude: number;
            /** @example 13.405 */
            longitude: number;
            /** @example Office */
            name?: string;
        };
        SendMediaDto: {
            /** @description The bytes, base64-encoded. Give `url` or `base64`. */
            base64?: string;
            /**
             * @description Caption (image, video, document).
             * @example Look at this
             */
            caption?: string;
            /**
             * @description File name shown for documents.
             * @example report.pdf
             */
            filename?: string;
            /**
             * @description Required with base64; with a URL, checked against the downloaded Content-Type.
             * @example image/jpeg
             */
            mimetype?: string;
            /**
             * @description http(s) URL the gateway downloads (public addresses only). Give `url` or `base64`.
             * @example https://example.com/cat.jpg
             */
            url?: string;
            /** @description Audio only: send as a voice note (push-to-talk). */
            voiceNote?: boolean;
        };
        SendMessageDto: {
            /** @description Required for `contact`. */
            contact?: components["schemas"]["SendContactDto"];
            /** @description Required for `location`. */
            location?: components["schemas"]["SendLocationDto"];
            /** @description Required for image, video, audio, document, sticker. */
            media?: components["schemas"]["SendMediaDto"];
            /**
             * @description Users to mention (text, and the caption of image, video and document): numbers or JIDs. WhatsApp highlights a mention where the text says `@<number>` (`@<lid digits>` for a LID); one is appended for each mention the text does not name.
             * @example [
             *       "15559001001"
             *     ]
             */
            mentions?: string[];
            /** @description Required for `poll`. */
            poll?: components["schemas"]["SendPollDto"];
            /** @description Required for `reaction`. */
            reaction?: components["schemas"]["SendReactionDto"];
            /** @description Quote a stored message of this session: its gateway id or WhatsApp id. */
            replyTo?: string;
            /**
             * @description Required for `text`.
             * @example Hello!
             */
            text?: string;
            /**
             * @description A phone number in international format (6 to 15 digits, no leading 0; a leading + is allowed) or a JID: `<number>@s.whatsapp.net`, a group `<number>-<timestamp>@g.us` or `120363<digits>@g.us`, `<digits>@lid`, `<digits>@newsletter`. Device (`:N`) and agent (`_N`) suffixes are refused.
             * @example 15551234567
             */
            to: string;
            /** @enum {string} */
            type: "text" | "image" | "video" | "audio" | "document" | "sticker" | "location" | "contact" | "reaction" | "poll";
            /**
             * @description Send like a person: the chat shows `composing` (`recording` for a voice note) for this many milliseconds before the message leaves. The typing runs in the queue: the request answers at once (`202`), and the session’s messages to other chats are not held by it (only by pacing). Not for channels.
             * @example 3000
             */
            typingMs?: number;
        };
        SendPollDto: {
            /** @example Lunch? */
            name: string;
            /**
             * @example [
             *       "Pizza",
             *       "Sushi"
             *     ]
             */
            options: string[];
            /**
             * @description How many options a voter may pick (0: any number).
             * @default 1
             */
            selectableCount?: number;
        };
        SendReactionDto: {
            /**
             * @description The emoji; an empty string removes the reaction.
             * @example 👍
             */
            emoji: string;
            /** @description The message reacted to: its gateway id or WhatsApp id, in this session. */
            messageId: string;
        };
        SessionDto: {
            connectedAt: string | null;
            createdAt: string;
            /** @example 01HXYZ0000000000000000000 */
            id: string;
            /** @example 15551234567:1@s.whatsapp.net */
            jid: string | null;
            /** @description Why the session stopped or failed, in words. */
            lastError: string | null;
            /** @description Setting: mark a chat read before replying in it. */
            markReadOnReply: boolean;
            /** @example support-line */
            name: string;
            /** @example 15551234567 */
            phoneNumber: string | null;
            pushName: string | null;
            /** @enum {string} */
            status: "stopped" | "starting" | "pairing" | "connected" | "reconnecting" | "logged_out" | "failed";
            updatedAt: string;
        };
        SessionPageDto: {
            items: components["schemas"]["SessionDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        SetChatStateDto: {
            /**
             * @description `composing`: typing; `recording`: recording a voice note; `paused`: stopped.
             * @enum {string}
             */
            state: "composing" | "recording" | "paused";
        };
        SetOwnPresenceDto: {
            /**
             * @description `available`: the number shows online, and WhatsApp treats this linked device as the one in use: the phone stops showing notifications for new messages. `unavailable`: offline (last seen is recorded), the phone notifies as usual.
             * @enum {string}
             */
            state: "available" | "unavailable";
        };
        SetPictureDto: {
            /** @description The image, base64-encoded: a JPEG or PNG of at most 5 MB, each side between 192 and 8192 pixels. WhatsApp shows it as a 640×640 JPEG: the gateway crops it to the centre square and scales it. */
            base64: string;
            /**
             * @description Optional: checked against the bytes.
             * @enum {string}
             */
            mimetype?: "image/jpeg" | "image/png";
        };
        UpdateGroupDto: {
            /** @description Only admins send messages. */
            announce?: boolean;
            /** @description `null` or "" removes the description. */
            description?: string | null;
            /** @description Only admins edit the subject, description and settings. */
            locked?: boolean;
            subject?: string;
        };
        UpdateProfileDto: {
            /**
             * @description The about text: at most 139 characters (WhatsApp’s limit).
             * @example Available 9–17 CET
             */
            about?: string;
            /**
             * @description The display name (push name): at most 25 characters (WhatsApp’s limit).
             * @example Acme Support
             */
            name?: string;
        };
        UpdateSessionDto: {
            /** @description Before the session sends a message in a chat, mark the chat read (read receipts for its unread received messages), as a person reads before replying. */
            markReadOnReply?: boolean;
            /** @example sales-line */
            name?: string;
        };
        UpdateWebhookDto: {
            /** @description false stops deliveries (pending ones fail); true resumes after a 410 disabled it. */
            enabled?: boolean;
            /** @description Event types to receive (`session.created`, `session.status`, `session.qr`, `session.deleted`, `message.received`, `message.sent`, `message.status`, `message.revoked`, `message.edited`, `message.reaction`, `poll.vote`, `channel.post`, `group.joined`, `group.left`, `group.updated`, `group.participants`, `presence.update`), or `["*"]` for every type the caller may read. Each listed type must be one the caller may read (else 403). */
            events?: string[];
            /** @description A session id, or null for every session. */
            sessionId?: string | null;
            /** @example https://example.com/hooks/whatsapp */
            url?: string;
        };
        WebhookDto: {
            /**
             * @description Capabilities of the principal that created or last changed the webhook: it receives only the event types these may read.
             * @example [
             *       "send",
             *       "manage"
             *     ]
             */
            capabilities: string[];
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Why the gateway disabled it (e.g. 410 Gone).
             * @example null
             */
            disabledReason: string | null;
            enabled: boolean;
            /**
             * @example [
             *       "message.received"
             *     ]
             */
            events: string[];
            /** @example 01HX0000000000000000000000 */
            id: string;
            sessionId: string | null;
            /** Format: date-time */
            updatedAt: string;
            /** @example https://example.com/hooks/whatsapp */
            url: string;
        };
        WebhookPageDto: {
            items: components["schemas"]["WebhookDto"][];
            /**
             * @description Pass as `cursor` for the next page; "" on the last page.
             * @example
             */
            nextCursor: string;
        };
        WebhookWithSecretDto: {
            /**
             * @description Capabilities of the principal that created or last changed the webhook: it receives only the event types these may read.
             * @example [
             *       "send",
             *       "manage"
             *     ]
             */
            capabilities: string[];
            /** Format: date-time */
            createdAt: string;
            /**
             * @description Why the gateway disabled it (e.g. 410 Gone).
             * @example null
             */
            disabledReason: string | null;
            enabled: boolean;
            /**
             * @example [
             *       "message.received"
             *     ]
             */
            events: string[];
            /** @example 01HX0000000000000000000000 */
            id: string;
            /**
             * @description Standard Webhooks signing secret: shown only now.
             * @example whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw
             */
            secret: string;
            sessionId: string | null;
            /** Format: date-time */
            updatedAt: string;
            /** @example https://example.com/hooks/whatsapp */
            url: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    apiKeys_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `admin` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    apiKeys_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CreatedApiKeyDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `admin` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    apiKeys_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `admin` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such active key in this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    events_stream: {
        parameters: {
            query?: {
                /** @description Resume after this event id (for clients that cannot send the `Last-Event-ID` header). */
                lastEventId?: string;
                /** @description Only events of this session. */
                sessionId?: string;
                /** @description Comma-separated event types, e.g. `message.received,session.status`. */
                types?: string;
            };
            header?: {
                /** @description Resume after this event id. */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The `sessionId` is not a session of the organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Too many open streams for this key or this process. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key within 24 h: the first response is returned again and nothing is created again. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSessionDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The name is taken, or the Idempotency-Key was used for another request. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateSessionDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The name is taken. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_logout: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_requestPairingCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PairingCodeRequestDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PairingCodeDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Already linked. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_start: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_stop: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refreshed session. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_blocklist: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such contact. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such channel. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_create: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number — that will own the new channel. The session must exist and be connected. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreateChannelDto"];
            };
        };
        responses: {
            /** @description Once built: the channel's JID. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelCreatedDto"];
                };
            };
            /** @description Once built: `validation_error` for a missing/invalid `name`. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description session not found */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Once built: the session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description `not_implemented`: the current (v1) behaviour. */
            501: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The channel JID, e.g. `120363000000000001@newsletter`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such channel. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Not connected and not in the store. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_follow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The channel JID, e.g. `120363000000000001@newsletter`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such channel. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_unfollow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The channel JID, e.g. `120363000000000001@newsletter`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such channel. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_listMessages: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                /** @description The channel JID, e.g. `120363000000000001@newsletter`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelPostPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Session or channel unknown. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    channels_postMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The channel JID, e.g. `120363000000000001@newsletter`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["PostToChannelDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChannelPostDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such channel. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected, or does not own or administer the channel. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    chats_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    chats_markRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                jid: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["MarkReadDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MarkReadResultDto"];
                };
            };
            /** @description Invalid chat or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session, chat, or message in the chat. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    chats_messagesOf: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                jid: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessagePageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session or chat. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    presence_chatState: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The chat: E.164 digits or a JID. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetChatStateDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ChatStateDto"];
                };
            };
            /** @description Invalid chat or state. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
                /** @description Part of a name or number. */
                q?: string;
            };
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPageDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such contact. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_check: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CheckContactsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactCheckResultDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such contact. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Some numbers must be asked of WhatsApp and the session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session looked up `CONTACT_CHECK_RATE` numbers in the last minute. */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact: a phone number (`+15551234567`), a phone-number JID (`15551234567@s.whatsapp.net`) or a LID (`201000000000001@lid`). */
                id: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such contact. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_block: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact: a phone number (`+15551234567`), a phone-number JID (`15551234567@s.whatsapp.net`) or a LID (`201000000000001@lid`). */
                id: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, a number not on WhatsApp, or a LID whose number is unknown. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_unblock: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact: a phone number (`+15551234567`), a phone-number JID (`15551234567@s.whatsapp.net`) or a LID (`201000000000001@lid`). */
                id: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such contact. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_picture: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact: a phone number (`+15551234567`), a phone-number JID (`15551234567@s.whatsapp.net`) or a LID (`201000000000001@lid`). */
                id: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The picture (JPEG). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "image/jpeg": string;
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, no picture, or hidden by privacy. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    presence_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact: a phone number in international format, `<number>@s.whatsapp.net` or `<digits>@lid`. */
                id: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPresenceDto"];
                };
            };
            /** @description Invalid contact. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    presence_subscribe: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The contact: a phone number in international format, `<number>@s.whatsapp.net` or `<digits>@lid`. */
                id: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ContactPresenceDto"];
                };
            };
            /** @description Invalid contact. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
                refresh?: boolean;
            };
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description With `refresh=true`: the session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_create: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key within 24 h: the first response is returned again and nothing is created again. */
                "Idempotency-Key"?: string;
            };
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateGroupDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupCreatedDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_join: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["JoinGroupDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no group has this code. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateGroupDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_leave: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["GroupDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_invite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_revokeInvite: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["InviteDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_add: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipantsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipantsResultDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_demote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipantsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipantsResultDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_promote: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipantsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipantsResultDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    groups_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The group JID, e.g. `120363000000000042@g.us`. */
                jid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ParticipantsDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ParticipantsResultDto"];
                };
            };
            /** @description Invalid JID, body or participant. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or no such group. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_lidOfPhone: {
        parameters: {
            query: {
                /** @description A phone number or phone-number JID. */
                phoneNumber: string;
            };
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LidMappingDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or the LID is not known. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    contacts_phoneOfLid: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A LID, e.g. `201000000000001@lid`. */
                lid: string;
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["LidMappingDto"];
                };
            };
            /** @description Invalid contact id, query or body. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization, or the phone number is not known. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    messages_send: {
        parameters: {
            query?: never;
            header?: {
                /** @description Same key within 24 h: the first response is returned again and nothing is sent again. */
                "Idempotency-Key"?: string;
            };
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendMessageDto"];
            };
        };
        responses: {
            /** @description Sent. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Queued: it will be sent when the session is connected. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Invalid body (unknown type, missing content, bad recipient, bad base64, unsafe or unreachable media URL, replyTo of another session). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session (or message) in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session cannot send (stopped, logged out, failed, pairing), or the Idempotency-Key was used for another request. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Media over MEDIA_MAX_BYTES. */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    messages_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session (or message) in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    messages_edit: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["EditMessageDto"];
            };
        };
        responses: {
            /** @description The edited message. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Invalid body (`text` missing, blank or too long, unknown fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session (or message) in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Not editable (`details.reason`): `edit_window_passed` (more than 15 minutes since it was sent), `not_own` (not sent by this session), `not_sent` (queued or failed), `revoked`, `not_editable` (not a text, or media without a caption); or the session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    messages_revoke: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["MessageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session (or message) in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Not sent by this session, not sent yet, or the session is not connected. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    messages_media: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The media bytes, served with the media's own content type (e.g. `image/jpeg`, `application/pdf`) as an attachment. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "*/*": string;
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such message, or it has no media. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected here, or the message is not sent yet. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The message was deleted for everyone (`gone`): its media is no longer served. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    presence_setOwn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetOwnPresenceDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["OwnPresenceDto"];
                };
            };
            /** @description Invalid state. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    profile_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `send` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    profile_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateProfileDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileDto"];
                };
            };
            /** @description Invalid body (nothing to change, blank or too long text, unknown fields). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description WhatsApp refused the change (e.g. the display name before the phone shared its app-state key). */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    profile_setPicture: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SetPictureDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileDto"];
                };
            };
            /** @description Not base64, not a JPEG or PNG, damaged, too small or too large in pixels, or a `mimetype` that does not match the bytes. */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The picture is larger than 5 MB (or the body than MEDIA_MAX_BYTES as base64). */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    profile_removePicture: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The WhatsApp session id — one attached WhatsApp number. */
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ProfileDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not connected (the answer says what it is). */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    sessions_qr: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                session: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The QR payload as JSON, or (with `Accept: image/png`) the QR code as a PNG image. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["QrDto"];
                    "image/png": string;
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such session in your organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The session is not pairing. */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_list: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_create: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookDto"];
            };
        };
        responses: {
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecretDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No `manage` capability, or a listed event type the caller may not read (`message.*` and `channel.post` need `send`, `session.qr` needs `manage`). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description The `sessionId` is not a session of this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_get: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such webhook in this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_remove: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted, with its delivery log. */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such webhook in this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_update: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookDto"];
            };
        };
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No `manage` capability, or the caller may not read every event type the webhook receives now (or one it lists). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such webhook, or the `sessionId` is not a session of this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_rotateSecret: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookWithSecretDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No `manage` capability, or the caller may not read every event type the webhook receives now (or one it lists). */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such webhook in this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    webhooks_deliveries: {
        parameters: {
            query?: {
                /** @description Opaque cursor: the `nextCursor` of the previous page. */
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path: {
                webhook: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeliveryPageDto"];
                };
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No valid principal. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Requires the `manage` capability. */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description No such webhook in this organization. */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    health_healthz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
    health_readyz: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The database is reachable and every migration is applied. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Invalid body, path, query or cursor (`validation_error`). */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Unexpected failure (`internal`). */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
            /** @description Any other error, in the same envelope. */
            default: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelopeDto"];
                };
            };
        };
    };
}
