/**
 * The bare baseline of bench:read-path: node:http + pg and nothing else (no framework, no auth,
 * no session check), answering one page of a channel's stored posts with the gateway's own query.
 *   GET /?session=&jid=&limit=50[&ts=<iso>&id=<id>]  → { items, nextCursor }
 * Prints "listening on <port>" once ready. DATABASE_URL and POOL_SIZE from the environment.
 */
import { createServer } from 'node:http';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.POOL_SIZE ?? 10) });
const COLUMNS = `id, session_id AS "sessionId", channel_jid AS "chatJid", wa_message_id AS "waMessageId",
  server_id AS "serverId", from_me AS "fromMe", type, text, media, timestamp, created_at AS "createdAt"`;

const server = createServer(async (req, res) => {
  try {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const limit = Number(q.get('limit') ?? 50);
    const params = [q.get('session'), q.get('jid'), limit + 1];
    let keyset = '';
    if (q.get('ts')) {
      params.push(q.get('ts'), q.get('id'));
      keyset = 'AND (timestamp, id) < ($4::timestamptz, $5)';
    }
    const { rows } = await pool.query(
      `SELECT ${COLUMNS} FROM channel_posts WHERE session_id = $1 AND channel_jid = $2 ${keyset} ORDER BY timestamp DESC, id DESC LIMIT $3`,
      params,
    );
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const body = JSON.stringify({
      items: page.map((r) => ({ ...r, timestamp: r.timestamp.toISOString(), createdAt: r.createdAt.toISOString() })),
      nextCursor: rows.length > limit ? Buffer.from(JSON.stringify([last.timestamp.toISOString(), last.id])).toString('base64url') : '',
    });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  } catch (err) {
    res.writeHead(500).end(String(err));
  }
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
