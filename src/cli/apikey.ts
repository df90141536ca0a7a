import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { ApiKeysRepository } from '../auth/api-keys.repository';
import { ApiKeysService } from '../auth/api-keys.service';
import { Capability, CAPABILITIES } from '../auth/decorators';
import { ApiKey } from '../auth/entities/api-key.entity';
import { ConfigError, loadConfig } from '../config/config';
import { dataSourceOptions } from '../database/data-source';
import { startEmbeddedPostgres } from '../database/embedded-postgres';

const USAGE = `Usage:
  npm run -s apikey -- create --org <org> --name <name> --capabilities send,manage,admin
  npm run -s apikey -- list [--org <org>]
  npm run -s apikey -- revoke <id>

Uses DATABASE_URL, or the embedded database under DATA_DIR (attaching to a running gateway's).
"create" prints the key, and nothing else, on stdout; it is shown only this once.
(-s keeps npm's own "> script" banner off stdout.)`;

class UsageError extends Error {}

/**
 * The first key of an empty installation. Without Nest: a data source with only the ApiKey entity
 * (plus every migration, so a fresh database gets its schema), so the CLI starts fast and does
 * not depend on the rest of the application loading.
 */
export async function run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { org: { type: 'string' }, name: { type: 'string' }, capabilities: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    err(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  if (!['create', 'list', 'revoke'].includes(command)) throw new UsageError(`unknown command "${command}"`);

  const config = loadConfig();
  const embedded = config.databaseUrl ? undefined : await startEmbeddedPostgres(config.dataDir, 4);
  const dataSource = new DataSource({ ...dataSourceOptions(config.databaseUrl ?? embedded!.url, 2), entities: [ApiKey] });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const repository = new ApiKeysRepository(dataSource);
    const service = new ApiKeysService(repository);

    if (command === 'create') {
      const org = values.org?.trim();
      const name = values.name?.trim();
      if (!org) throw new UsageError('--org is required');
      if (!name || name.length > 100) throw new UsageError('--name is required (at most 100 characters)');
      const capabilities = parseCapabilities(values.capabilities ?? '');
      const { apiKey, key } = await service.create(org, name, capabilities);
      out(`${key}\n`);
      err(`Created API key ${apiKey.id} (${apiKey.prefix}…) for organization "${org}" with [${apiKey.capabilities.join(', ')}]. It is not shown again.\n`);
      return 0;
    }
    if (command === 'list') {
      const keys = await repository.listAllActive(values.org);
      out(`${['ID', 'ORG', 'NAME', 'PREFIX', 'CAPABILITIES', 'CREATED', 'LAST USED'].join('\t')}\n`);
      for (const k of keys) {
        out(`${[k.id, k.orgId, k.name, k.prefix, k.capabilities.join(',') || '-', k.createdAt.toISOString(), k.lastUsedAt?.toISOString() ?? '-'].join('\t')}\n`);
      }
      return 0;
    }
    const [id] = rest;
    if (!id) throw new UsageError('revoke needs the key id');
    if (!(await repository.revoke(id, undefined, new Date()))) {
      err(`No active API key ${id}.\n`);
      return 1;
    }
    err(`Revoked API key ${id}.\n`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

function parseCapabilities(raw: string): Capability[] {
  const caps = raw.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = caps.filter((c) => !(CAPABILITIES as readonly string[]).includes(c));
  if (unknown.length) throw new UsageError(`unknown capabilities: ${unknown.join(', ')} (known: ${CAPABILITIES.join(', ')})`);
  return caps as Capability[];
}

if (require.main === module) {
  run(process.argv.slice(2), (s) => process.stdout.write(s), (s) => process.stderr.write(s)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      if (e instanceof UsageError || (e instanceof TypeError && (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))) {
        process.stderr.write(`apikey: ${e.message}\n\n${USAGE}\n`);
        process.exitCode = 2;
      } else if (e instanceof ConfigError) {
        process.stderr.write(`${e.message}\n`);
        process.exitCode = 2;
      } else {
        process.stderr.write(`apikey failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exitCode = 1;
      }
    },
  );
}
