import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import { createApp } from './app.setup';
import { ConfigError, loadConfig, loadEnvFile } from './config/config';

async function main(): Promise<void> {
  let config;
  let envFile: string | undefined;
  try {
    envFile = loadEnvFile();
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  if (envFile) process.stdout.write(`Read settings from ${relative(process.cwd(), envFile) || envFile} (variables set in the environment win)\n`);
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  process.stdout.write(`${listeningLine(app.getHttpServer().address() as AddressInfo)}\n`);
}

/**
 * What the server really listens on, and where to open the docs:
 * `WhatsApp Gateway listening on http://0.0.0.0:3000 (all interfaces); docs: http://localhost:3000/docs`.
 * Tests and benchmarks read the `listening on http://HOST:PORT` part.
 */
function listeningLine(address: AddressInfo): string {
  const ipv6 = address.family === 'IPv6' || address.address.includes(':');
  const host = ipv6 ? `[${address.address}]` : address.address;
  const everywhere = address.address === '0.0.0.0' || address.address === '::';
  const loopback = address.address.startsWith('127.') || address.address === '::1';
  const scope = everywhere ? 'all interfaces' : loopback ? 'this machine only' : 'this address only';
  const browse = everywhere ? 'localhost' : host;
  return `WhatsApp Gateway listening on http://${host}:${address.port} (${scope}); docs: http://${browse}:${address.port}/docs`;
}

void main().catch((e: unknown) => {
  process.stderr.write(`Gateway failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
