import { resolve } from 'node:path';
import { ConfigError, DEFAULT_RETRY_SCHEDULE, EnvReader, LOG_LEVELS, parseDurations, type Env } from './env-reader';

export { ConfigError, loadEnvFile } from './env-reader';

/**
 * The whole configuration of the gateway, read once from the environment.
 * Later features add their variables here (and to `.env.example`).
 */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  corsOrigins: string[];
  bodyLimit: string;
  cursorSecret?: string;
  metricsToken?: string;
  /** Serve the operator dashboard at /dashboard (DASHBOARD=off: not served). */
  dashboard: boolean;
  dbPoolSize: number;
  /** Limits of the HTTP server and per client (see the README's Security section). */
  http: HttpLimitsConfig;
  auth: AuthConfig;
  whatsapp: WhatsAppConfig;
  events: EventsConfig;
  channels: ChannelsConfig;
  contacts: ContactsConfig;
  messages: MessagesConfig;
}

/** What one client, or a stranger, can make the gateway hold or do. */
export interface HttpLimitsConfig {
  /** Express' "trust proxy": false (the socket's address is the client), a hop count, or addresses/CIDRs of proxies. */
  trustProxy: boolean | number | string[];
  /** Open connections per process; more are refused by the server. */
  maxConnections: number;
  /** A request's headers must arrive within this. */
  headersTimeoutMs: number;
  /** A body must arrive within this plus its size limit at BODY_MIN_BYTES_PER_SECOND. */
  bodyTimeoutMs: number;
  bodyMinBytesPerSecond: number;
  /** Failed authentications per client IP and minute before 429 (checked before any token is verified). */
  authFailuresPerMinute: number;
  /** Token bucket per API key or JWT subject: refill per second and bucket size (0: no limit). */
  requestsPerSecond: number;
  requestBurst: number;
}

/** Contacts: pacing and caching "is this number on WhatsApp" (bulk checks are how numbers get banned). */
export interface ContactsConfig {
  /** Phone numbers a session may look up on WhatsApp per minute (stored answers do not count). */
  checkRatePerMinute: number;
  /** How long a stored answer is used instead of asking WhatsApp again, in seconds. */
  checkTtlSeconds: number;
}

/** Channels (newsletters). */
export interface ChannelsConfig {
  /** Off (v1 default): channel creation answers 501 not_implemented, as the API contract says. */
  createEnabled: boolean;
}

/** Sending and storing messages. */
export interface MessagesConfig {
  /** Outbound messages per second per session (0: no pacing, for tests and benchmarks). */
  sendRatePerSecond: number;
  /** Random extra delay (0..n ms) added to each paced send, so bursts do not look robotic. */
  sendJitterMs: number;
  /** How long POST /messages waits for the send before answering 202 (queued). */
  sendWaitMs: number;
  sendMaxAttempts: number;
  /** Fallback polling of the outbound queue (sends are also woken at once in-process). */
  outboundPollMs: number;
  mediaMaxBytes: number;
  mediaFetchTimeoutMs: number;
  /** Messages one session may have queued (not yet sent); a send beyond it is refused (429). */
  sendMaxQueued: number;
  /** Hosts, IPs or CIDRs media URLs may point at although private/loopback. */
  mediaAllowedHosts: string[];
}

/** The event stream and webhook delivery. */
export interface EventsConfig {
  /** Delays before webhook retries 1..n (ms); the attempt after the last one is final. */
  webhookRetryScheduleMs: number[];
  webhookTimeoutMs: number;
  /** Hosts, IPs or CIDRs a webhook may target although private/loopback (tests, internal services). */
  webhookAllowedHosts: string[];
  webhookConcurrency: number;
  /** Whether this process delivers webhooks (an API-only process may turn it off). */
  webhookWorker: boolean;
  /** Fallback polling interval of SSE streams and the delivery worker when NOTIFY is missed. */
  eventsPollMs: number;
  eventsHeartbeatMs: number;
  /** Concurrent SSE streams per API key (or JWT subject), and per process. */
  maxStreamsPerKey: number;
  maxStreams: number;
  /** Events, finished webhook deliveries and idempotency keys older than this are deleted. */
  retentionHours: number;
}

/** Login-JWT verification (API keys need no configuration). */
export interface AuthConfig {
  /** Unset: login JWTs are not accepted at all, only API keys. */
  jwksUrl?: string;
  jwtAlgorithms: string[];
  jwtIssuer?: string;
  jwtAudience?: string;
  clockSkewSeconds: number;
  jwksTimeoutMs: number;
  jwksCooldownSeconds: number;
  jwksCacheSeconds: number;
  orgClaim: string;
  roleClaim: string;
  /** Role name → capability names (validated against CAPABILITIES by the auth module). */
  roleCapabilities: Record<string, string[]>;
}

/** Asymmetric only: `none` and HS* (shared secrets, algorithm confusion) are never accepted. */
export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
const AUTH_CAPABILITIES = ['send', 'manage', 'admin'];
export const DEFAULT_ROLE_CAPABILITIES: Record<string, string[]> = {
  owner: ['send', 'manage', 'admin'],
  admin: ['send', 'manage', 'admin'],
  member: ['send'],
  viewer: [],
};

/** How sessions reach WhatsApp and keep their state. */
export interface WhatsAppConfig {
  /** Unset: WhatsApp itself. Set to an emulator's ws:// URL for tests and the demo. */
  webSocketUrl?: string;
  /** Base64 public key of an emulator's root certificate: trusted instead of WhatsApp's. */
  trustRootPublicKey?: string;
  /** Base64 32-byte AES key for state at rest; unset: generated once under DATA_DIR. */
  stateKey?: string;
  /** Off: this process serves the API but runs no WhatsApp connection (they run elsewhere). */
  runtimeEnabled: boolean;
  restoreConcurrency: number;
  reconnectBaseMs: number;
  reconnectMaxMs: number;
  /**
   * Failed attempts after which a session that has not connected since its `:start` goes
   * `failed` (with the cause) instead of retrying; a session that was connected never gives up.
   */
  firstConnectAttempts: number;
  reconcileIntervalMs: number;
  baileysLogLevel: string;
  /**
   * Liveness watchdog: a connected session whose connection makes no progress for this long while
   * work waits on it (received stanzas not handled, a send not acknowledged, a keep-alive not
   * answered) is reconnected from its stored state. 0: off.
   */
  watchdogMs: number;
}

export const APP_CONFIG = Symbol('APP_CONFIG');


export function loadConfig(env: Env = process.env): AppConfig {
  const r = new EnvReader(env);
  const config: AppConfig = {
    port: r.int('PORT', 3000, 0, 65535),
    host: r.string('HOST', '0.0.0.0')!,
    databaseUrl: r.url('DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: resolve(r.string('DATA_DIR', './data')!),
    logLevel: r.oneOf('LOG_LEVEL', LOG_LEVELS, 'info'),
    corsOrigins: r.list('CORS_ORIGINS'),
    bodyLimit: r.string('BODY_LIMIT', '1mb')!,
    cursorSecret: r.secret('CURSOR_SECRET', 32),
    metricsToken: r.secret('METRICS_TOKEN', 16),
    dashboard: r.oneOf('DASHBOARD', ['on', 'off'] as const, 'on') === 'on',
    dbPoolSize: r.int('DB_POOL_SIZE', 10, 1, 200),
    http: {
      trustProxy: parseTrustProxy(r),
      maxConnections: r.int('MAX_CONNECTIONS', 4096, 1, 1_000_000),
      headersTimeoutMs: r.int('HEADERS_TIMEOUT_MS', 10_000, 1000, 300_000),
      bodyTimeoutMs: r.int('BODY_TIMEOUT_MS', 10_000, 1000, 600_000),
      bodyMinBytesPerSecond: r.int('BODY_MIN_BYTES_PER_SECOND', 256 * 1024, 1024, 1024 * 1024 * 1024),
      authFailuresPerMinute: r.int('AUTH_FAILURE_LIMIT', 30, 1, 1_000_000),
      requestsPerSecond: r.int('RATE_LIMIT_PER_SECOND', 300, 0, 1_000_000),
      requestBurst: r.int('RATE_LIMIT_BURST', 600, 1, 10_000_000),
    },
    events: {
      webhookRetryScheduleMs: parseDurations(r, 'WEBHOOK_RETRY_SCHEDULE', r.list('WEBHOOK_RETRY_SCHEDULE'), DEFAULT_RETRY_SCHEDULE),
      webhookTimeoutMs: r.int('WEBHOOK_TIMEOUT_MS', 15_000, 100, 300_000),
      webhookAllowedHosts: r.list('WEBHOOK_ALLOWED_HOSTS'),
      webhookConcurrency: r.int('WEBHOOK_CONCURRENCY', 10, 1, 500),
      webhookWorker: r.oneOf('WEBHOOK_WORKER', ['on', 'off'], 'on') === 'on',
      eventsPollMs: r.int('EVENTS_POLL_MS', 1000, 10, 60_000),
      eventsHeartbeatMs: r.int('EVENTS_HEARTBEAT_MS', 15_000, 100, 300_000),
      maxStreamsPerKey: r.int('EVENTS_MAX_STREAMS_PER_KEY', 10, 1, 10_000),
      maxStreams: r.int('EVENTS_MAX_STREAMS', 1000, 1, 1_000_000),
      retentionHours: r.int('EVENTS_RETENTION_HOURS', 168, 24, 24 * 3650),
    },
    contacts: {
      checkRatePerMinute: r.int('CONTACT_CHECK_RATE', 120, 1, 100_000),
      checkTtlSeconds: r.int('CONTACT_CHECK_TTL', 86_400, 0, 365 * 86_400),
    },
    channels: {
      createEnabled: r.oneOf('CHANNEL_CREATE_ENABLED', ['true', 'false'] as const, 'false') === 'true',
    },
    messages: {
      sendRatePerSecond: r.int('SEND_RATE_PER_SECOND', 1, 0, 1000),
      sendJitterMs: r.int('SEND_JITTER_MS', 1000, 0, 60_000),
      sendWaitMs: r.int('SEND_WAIT_MS', 5000, 0, 60_000),
      sendMaxAttempts: r.int('SEND_MAX_ATTEMPTS', 5, 1, 100),
      outboundPollMs: r.int('OUTBOUND_POLL_MS', 1000, 10, 60_000),
      mediaMaxBytes: r.int('MEDIA_MAX_BYTES', 16 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
      mediaFetchTimeoutMs: r.int('MEDIA_FETCH_TIMEOUT_MS', 15_000, 100, 300_000),
      sendMaxQueued: r.int('SEND_MAX_QUEUED', 1000, 1, 10_000_000),
      mediaAllowedHosts: r.list('MEDIA_ALLOWED_HOSTS'),
    },
    auth: {
      jwksUrl: r.url('AUTH_JWKS_URL', ['http:', 'https:']),
      jwtAlgorithms: r.list('AUTH_JWT_ALGORITHMS'),
      jwtIssuer: r.string('AUTH_JWT_ISSUER'),
      jwtAudience: r.string('AUTH_JWT_AUDIENCE'),
      clockSkewSeconds: r.int('AUTH_JWT_CLOCK_SKEW_SECONDS', 30, 0, 300),
      jwksTimeoutMs: r.int('AUTH_JWKS_TIMEOUT_MS', 2000, 100, 30_000),
      jwksCooldownSeconds: r.int('AUTH_JWKS_COOLDOWN_SECONDS', 30, 0, 3600),
      jwksCacheSeconds: r.int('AUTH_JWKS_CACHE_SECONDS', 600, 1, 86_400),
      orgClaim: r.string('AUTH_ORG_CLAIM', 'org')!,
      roleClaim: r.string('AUTH_ROLE_CLAIM', 'role')!,
      roleCapabilities: parseRoleCapabilities(r.raw('AUTH_ROLE_CAPABILITIES'), r.problems),
    },
    whatsapp: {
      webSocketUrl: r.url('WA_WEBSOCKET_URL', ['ws:', 'wss:']),
      trustRootPublicKey: r.string('WA_TRUST_ROOT_PUBLIC_KEY'),
      stateKey: r.string('WA_STATE_KEY'),
      runtimeEnabled: r.oneOf('WA_RUNTIME', ['on', 'off'] as const, 'on') === 'on',
      restoreConcurrency: r.int('WA_RESTORE_CONCURRENCY', 10, 1, 500),
      reconnectBaseMs: r.int('WA_RECONNECT_BASE_MS', 1000, 10, 600_000),
      reconnectMaxMs: r.int('WA_RECONNECT_MAX_MS', 60_000, 100, 3_600_000),
      firstConnectAttempts: r.int('WA_FIRST_CONNECT_ATTEMPTS', 5, 1, 1000),
      reconcileIntervalMs: r.int('WA_RECONCILE_INTERVAL_MS', 10_000, 200, 600_000),
      baileysLogLevel: r.oneOf('WA_BAILEYS_LOG_LEVEL', LOG_LEVELS, 'warn'),
      watchdogMs: r.int('WA_WATCHDOG_MS', 60_000, 0, 3_600_000),
    },
  };
  if (config.whatsapp.stateKey && Buffer.from(config.whatsapp.stateKey, 'base64').length !== 32) {
    r.problems.push('WA_STATE_KEY: must be 32 bytes, base64-encoded (openssl rand -base64 32)');
  }
  if (config.whatsapp.trustRootPublicKey && Buffer.from(config.whatsapp.trustRootPublicKey, 'base64').length !== 32) {
    r.problems.push('WA_TRUST_ROOT_PUBLIC_KEY: must be a 32-byte public key, base64-encoded');
  }
  if (!config.auth.jwtAlgorithms.length) config.auth.jwtAlgorithms = ['RS256', 'ES256'];
  const badAlgs = config.auth.jwtAlgorithms.filter((a) => !(JWT_ALGORITHMS as readonly string[]).includes(a));
  if (badAlgs.length) r.problems.push(`AUTH_JWT_ALGORITHMS: only ${JWT_ALGORITHMS.join(', ')} (got "${badAlgs.join(',')}")`);
  if (!/^\d+(b|kb|mb)$/i.test(config.bodyLimit)) {
    r.problems.push(`BODY_LIMIT: must look like 512kb or 1mb (got "${config.bodyLimit}")`);
  }
  if (r.problems.length) throw new ConfigError(r.problems);
  return config;
}

/**
 * TRUST_PROXY: unset or "false" (default) trusts no proxy: the client IP is the socket's peer.
 * A number trusts that many proxies in front; otherwise a comma-separated list of proxy
 * addresses/CIDRs (or Express' names loopback, linklocal, uniquelocal).
 */
function parseTrustProxy(r: EnvReader): boolean | number | string[] {
  const raw = r.raw('TRUST_PROXY');
  if (raw === undefined || raw === 'false') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') {
    r.problems.push('TRUST_PROXY: "true" would trust any client to name its own IP; give the hop count or the proxies\' addresses');
    return false;
  }
  return r.list('TRUST_PROXY');
}

/** `{"owner":["send","manage","admin"],"member":["send"]}` replaces the default table entirely. */
function parseRoleCapabilities(raw: string | undefined, problems: string[]): Record<string, string[]> {
  if (raw === undefined) return DEFAULT_ROLE_CAPABILITIES;
  const problem = `AUTH_ROLE_CAPABILITIES: must be a JSON object of role → array of ${AUTH_CAPABILITIES.join('/')}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    problems.push(problem);
    return DEFAULT_ROLE_CAPABILITIES;
  }
  const ok =
    parsed !== null &&
    typeof parsed === 'object' &&
    !Array.isArray(parsed) &&
    Object.values(parsed).every((caps) => Array.isArray(caps) && caps.every((c) => AUTH_CAPABILITIES.includes(c as string)));
  if (!ok) {
    problems.push(problem);
    return DEFAULT_ROLE_CAPABILITIES;
  }
  return parsed as Record<string, string[]>;
}
