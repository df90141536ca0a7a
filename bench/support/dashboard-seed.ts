import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { hashApiKey } from '../../src/auth/api-keys.service';
import { newId } from '../../src/common/ids';

/**
 * The rows bench/dashboard.mts reads through the dashboard, written straight into the scratch
 * database after the gateway ran its migrations, in the shapes the gateway itself writes:
 * - an API key (as `npm run apikey` stores it: prefix + hash);
 * - one stopped session of the key's organization;
 * - one 1:1 chat with `count` text messages, received ones as InboundIngest stores them (sender
 *   JIDs, push name, the engine record in `raw`, status null) and sent ones as the outbound worker
 *   leaves them once sent (status sent/delivered/read, `outbound` cleared, `raw` set), a few with
 *   reactions as MessageChanges records them (one per reactor, keyed by JID or `me`);
 * - the chat's row with its last activity, as touchChats upserts it.
 * Texts are made by a seeded generator: the same run after run.
 */

export interface SeededChat {
  sessionId: string;
  sessionName: string;
  chatJid: string;
  /** Texts oldest first, as the chat shows them. */
  messages: { id: string; fromMe: boolean; text: string; timestamp: Date }[];
  reactions: number;
}

const WORDS = (
  'the of and to a in is it you that he was for on are with as his they be at one have this from or had by hot word but what some we can out other were all ' +
  'there when up use your how said an each she which do their time if will way about many then them write would like so these her long make thing see him two ' +
  'has look more day could go come did number sound no most people my over know water than call first who may down side been now find any new work part take ' +
  'get place made live where after back little only round man year came show every good me give our under name very through just form sentence great think say ' +
  'invoice delivery order tomorrow thanks please confirm address payment received tracking parcel appointment price quote available Monday Friday morning'
).split(' ');

/** mulberry32: a small deterministic generator, so every run stores the same texts. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Varied lengths: mostly short, some paragraphs, a few long ones with line breaks and a link. */
function makeText(rand: () => number, i: number): string {
  const r = rand();
  const words = r < 0.55 ? 1 + Math.floor(rand() * 10) : r < 0.88 ? 10 + Math.floor(rand() * 40) : 50 + Math.floor(rand() * 110);
  const out: string[] = [];
  for (let w = 0; w < words; w++) {
    let word = WORDS[Math.floor(rand() * WORDS.length)]!;
    if (w === 0) word = word[0]!.toUpperCase() + word.slice(1);
    out.push(word);
    if (words > 20 && rand() < 0.04) out.push(rand() < 0.5 ? '.\n' : '.\n\n');
  }
  let text = out.join(' ').replace(/ \.\n/g, '.\n');
  if (rand() < 0.03) text += ` https://example.com/orders/${100000 + i}`;
  if (rand() < 0.05) text += ' 🙂';
  return `${text}${/[.!?🙂\d]$/u.test(text) ? '' : '.'}`;
}

export async function seedDashboard(url: string, opts: { orgId: string; apiKey: string; count: number; seed?: number }): Promise<SeededChat> {
  const rand = generator(opts.seed ?? 20261130);
  const sessionId = newId();
  const sessionName = 'bench-support';
  const me = '4915550000000@s.whatsapp.net';
  const chatJid = '4915550000001@s.whatsapp.net';
  const pushName = 'Bench Contact';

  // Oldest first: gaps of 5 s to ~20 min, the newest a minute ago; whole seconds as WhatsApp's.
  const gaps = Array.from({ length: opts.count }, () => 5 + Math.floor(rand() * rand() * 1200));
  let at = Math.floor(Date.now() / 1000) - 60 - gaps.reduce((a, b) => a + b, 0);
  const rows = gaps.map((gap, i) => {
    at += gap;
    // Runs of a few messages from one side, as a conversation goes.
    return { i, fromMe: false, text: makeText(rand, i), timestamp: new Date(at * 1000) };
  });
  let side = false;
  for (const row of rows) {
    if (rand() < 0.35) side = !side;
    row.fromMe = side;
  }

  const ids: string[] = [];
  const waIds: string[] = [];
  const cols = {
    id: [] as string[],
    fromMe: [] as boolean[],
    senderJid: [] as (string | null)[],
    pushName: [] as (string | null)[],
    text: [] as string[],
    status: [] as (string | null)[],
    raw: [] as string[],
    reactions: [] as (string | null)[],
    ts: [] as string[],
    created: [] as string[],
  };
  let reactions = 0;
  for (const row of rows) {
    const id = newId();
    const waId = `3EB0${randomBytes(9).toString('hex').toUpperCase()}`;
    ids.push(id);
    waIds.push(waId);
    const ts = row.timestamp.toISOString();
    // Stored a moment after WhatsApp's time (received: on arrival; sent: queued then sent).
    const created = new Date(row.timestamp.getTime() + 150 + Math.floor(rand() * 600)).toISOString();
    const raw = {
      key: { remoteJid: chatJid, fromMe: row.fromMe, id: waId },
      message: { conversation: row.text },
      messageTimestamp: Math.floor(row.timestamp.getTime() / 1000),
      ...(row.fromMe ? { status: 2 } : { pushName }),
    };
    let reaction: string | null = null;
    if (row.i % 250 === 17) {
      reactions++;
      const at = new Date(row.timestamp.getTime() + 30_000).toISOString();
      // A contact reacts to what the session sent; the session reacts to what the contact sent.
      reaction = JSON.stringify(
        row.fromMe
          ? { [chatJid]: { emoji: ['👍', '❤️', '😂', '🙏'][reactions % 4], fromMe: false, jid: chatJid, at } }
          : { me: { emoji: ['👍', '🎉'][reactions % 2], fromMe: true, jid: me, at }, ...(reactions % 3 === 0 ? { [chatJid]: { emoji: '👍', fromMe: false, jid: chatJid, at } } : {}) },
      );
    }
    cols.id.push(id);
    cols.fromMe.push(row.fromMe);
    cols.senderJid.push(row.fromMe ? null : chatJid);
    cols.pushName.push(row.fromMe ? null : pushName);
    cols.text.push(row.text);
    cols.status.push(row.fromMe ? (row.i >= opts.count - 3 ? 'delivered' : 'read') : null);
    cols.raw.push(JSON.stringify(raw));
    cols.reactions.push(reaction);
    cols.ts.push(ts);
    cols.created.push(created);
  }

  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    await db.query('BEGIN');
    const now = new Date().toISOString();
    await db.query(`INSERT INTO api_keys (id, org_id, name, prefix, key_hash, capabilities, created_at) VALUES ($1, $2, 'bench-dashboard', $3, $4, '{send,manage}', $5)`, [
      newId(),
      opts.orgId,
      opts.apiKey.slice(0, 12),
      hashApiKey(opts.apiKey),
      now,
    ]);
    await db.query(
      `INSERT INTO sessions (id, org_id, name, status, desired_state, phone_number, jid, push_name, created_at, updated_at)
       VALUES ($1, $2, $3, 'stopped', 'stopped', '4915550000000', $4, 'Bench Support', $5, $5)`,
      [sessionId, opts.orgId, sessionName, me, now],
    );
    await db.query(
      `INSERT INTO messages (id, org_id, session_id, chat_jid, wa_message_id, from_me, sender_jid, sender_pn, sender_lid, push_name,
         type, text, status, attempts, raw, reactions, timestamp, created_at, updated_at)
       SELECT u.id, $1, $2, $3, u.wa_id, u.from_me, u.sender_jid, u.sender_jid, NULL, u.push_name,
         'text', u.text, u.status, CASE WHEN u.from_me THEN 1 ELSE 0 END, u.raw, u.reactions::jsonb, u.ts, u.created, u.created
       FROM unnest($4::text[], $5::text[], $6::bool[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::timestamptz[], $14::timestamptz[])
         AS u(id, wa_id, from_me, sender_jid, push_name, text, status, raw, reactions, ts, created)`,
      [opts.orgId, sessionId, chatJid, cols.id, waIds, cols.fromMe, cols.senderJid, cols.pushName, cols.text, cols.status, cols.raw, cols.reactions, cols.ts, cols.created],
    );
    const last = rows.at(-1)!;
    await db.query(
      `INSERT INTO chats (session_id, jid, org_id, name, last_message_at, last_message_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [sessionId, chatJid, opts.orgId, pushName, last.timestamp.toISOString(), ids.at(-1), rows[0]!.timestamp.toISOString()],
    );
    await db.query('COMMIT');
    await db.query('ANALYZE messages');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await db.end();
  }
  return { sessionId, sessionName, chatJid, messages: rows.map(({ fromMe, text, timestamp }, i) => ({ id: ids[i]!, fromMe, text, timestamp })), reactions };
}
