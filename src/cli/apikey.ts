import 'reflect-metadata';
import { parseArgs } from 'node:util';
import type { Capability } from '../auth/decorators';
import { ConfigError, loadConfig, loadEnvFile } from '../config/config';

const USAGE = `Usage:
  npm run apikey -- create --org <org> --name <name> --capabilities <list>
  npm run apikey -- list [--org <org>]
  npm run apikey -- revoke <id>

  <list>: comma-separated, from send, manage, admin (e.g. send,manage,admin).

"create" prints the key, and nothing else, on stdout; it is shown only this once.
Uses DATABASE_URL, or the embedded database under DATA_DIR (attaching to a running gateway's),
read from the environment or from .env in the current folder, like the gateway.
Runs the compiled gateway in dist/ (built first when missing or older than the sources).`;

/** The capability names, kept here so arguments are checked without loading the application. */
const KNOWN_CAPABILITIES = ['send', 'manage', 'admin'] as const satisfies readonly Capability[];
// Fails to compile when a capability is added to CAPABILITIES but not here.
const everyCapability: Exclude<Capability, (typeof KNOWN_CAPABILITIES)[number]> extends never ? true : never = true;
void everyCapability;

class UsageError extends Error {}

type Request =
  | { command: 'create'; org: string; name: string; capabilities: Capability[] }
  | { command: 'list'; org?: string }
  | { command: 'revoke'; id: string };

/** Every argument is checked here, before any configuration or database is touched. */
function parseRequest(argv: string[]): Request | 'help' | undefined {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { org: { type: 'string' }, name: { type: 'string' }, capabilities: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const [command, ...rest] = positionals;
  if (values.help) return 'help';
  if (!command) return undefined;
  const unexpected = (allowed: number) => {
    if (rest.length > allowed) throw new UsageError(`unexpected argument "${rest[allowed]}"`);
  };
  switch (command) {
    case 'create': {
      unexpected(0);
      const org = values.org?.trim();
      const name = values.name?.trim();
      if (!org) throw new UsageError('--org is required');
      if (!name || name.length > 100) throw new UsageError('--name is required (at most 100 characters)');
      if (values.capabilities === undefined) throw new UsageError(`--capabilities is required (some of ${KNOWN_CAPABILITIES.join(', ')})`);
      return { command, org, name, capabilities: parseCapabilities(values.capabilities) };
    }
    case 'list':
      unexpected(0);
      return { command, org: values.org?.trim() || undefined };
    case 'revoke':
      unexpected(1);
      if (!rest[0]) throw new UsageError('revoke needs the key id (see "list")');
      return { command, id: rest[0] };
    default:
      throw new UsageError(`unknown command "${command}"`);
  }
}

/**
 * The first key of an empty installation. Without Nest: a data source with only the ApiKey entity
 * (plus every migration, so a fresh database gets its schema), so the CLI starts fast and does
 * not depend on the rest of the application loading. Arguments are checked before anything else.
 */
export async function run(argv: string[], out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const request = parseRequest(argv);
  if (!request || request === 'help') {
    err(`${USAGE}\n`);
    return request ? 0 : 2;
  }

  loadEnvFile();
  const config = loadConfig();
  // Loaded only now: a usage error never pays for TypeORM, pg or PGlite.
  const [{ DataSource }, { ApiKeysRepository }, { ApiKeysService }, { ApiKey }, { dataSourceOptions }] = await Promise.all([
    import('typeorm'),
    import('../auth/api-keys.repository'),
    import('../auth/api-keys.service'),
    import('../auth/entities/api-key.entity'),
    import('../database/data-source'),
  ]);
  const embedded = config.databaseUrl ? undefined : await (await import('../database/embedded-postgres')).startEmbeddedPostgres(config.dataDir, 4);
  const dataSource = new DataSource({ ...dataSourceOptions(config.databaseUrl ?? embedded!.url, 2), entities: [ApiKey] });
  try {
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
    const repository = new ApiKeysRepository(dataSource);

    if (request.command === 'create') {
      const { apiKey, key } = await new ApiKeysService(repository).create(request.org, request.name, request.capabilities);
      out(`${key}\n`);
      err(`Created API key ${apiKey.id} (${apiKey.prefix}…) for organization "${request.org}" with [${apiKey.capabilities.join(', ')}]. It is not shown again.\n`);
      return 0;
    }
    if (request.command === 'list') {
      const keys = await repository.listAllActive(request.org);
      out(`${['ID', 'ORG', 'NAME', 'PREFIX', 'CAPABILITIES', 'CREATED', 'LAST USED'].join('\t')}\n`);
      for (const k of keys) {
        out(`${[k.id, k.orgId, k.name, k.prefix, k.capabilities.join(',') || '-', k.createdAt.toISOString(), k.lastUsedAt?.toISOString() ?? '-'].join('\t')}\n`);
      }
      return 0;
    }
    if (!(await repository.revoke(request.id, undefined, new Date()))) {
      err(`No active API key ${request.id}.\n`);
      return 1;
    }
    err(`Revoked API key ${request.id}.\n`);
    return 0;
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await embedded?.stop();
  }
}

function parseCapabilities(raw: string): Capability[] {
  const caps = raw.split(',').map((c) => c.trim()).filter(Boolean);
  const unknown = caps.filter((c) => !(KNOWN_CAPABILITIES as readonly string[]).includes(c));
  if (unknown.length) throw new UsageError(`unknown capabilities: ${unknown.join(', ')} (known: ${KNOWN_CAPABILITIES.join(', ')})`);
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
