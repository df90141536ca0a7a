import 'reflect-metadata';
import { createApp } from './app.setup';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(1);
    }
    throw e;
  }
  const app = await createApp(config);
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  const url = await app.getUrl();
  process.stdout.write(`WhatsApp Gateway listening on ${url.replace('[::1]', 'localhost')} (docs: ${url}/docs)\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`Gateway failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
