import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { MediaTls } from './media-ca';
import type { MediaStore } from './media-store';

/**
 * Loopback HTTPS media server: Baileys POSTs encrypted uploads to /mms/<type>/<hash>?auth=...
 * and GETs downloads by direct path. TLS uses a certificate from the emulator's own CA.
 */
export async function startMediaServer(store: MediaStore, tls: MediaTls, port = 0): Promise<https.Server> {
  const server = https.createServer({ key: tls.keyPem, cert: tls.certPem }, (req, res) => {
    const url = req.url ?? '/';
    if (req.method === 'POST' && url.startsWith('/mms/')) {
      const auth = new URL(url, 'https://x').searchParams.get('auth');
      if (auth !== store.auth) {
        res.writeHead(401).end();
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const kind = url.split('/')[2] ?? 'm';
        const { directPath, url: mediaUrl } = store.put(Buffer.concat(chunks), kind);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ url: mediaUrl, direct_path: directPath }));
      });
      return;
    }
    const blob = req.method === 'GET' ? store.get(url) : undefined;
    if (!blob) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': blob.length });
    res.end(blob);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  store.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return server;
}
