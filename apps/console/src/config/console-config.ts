import { randomBytes } from 'node:crypto';

import { z } from 'zod';

const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/rampart'),
  REDIS_URL: z.string().default('redis://127.0.0.1:6379'),
  RAMPART_QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:-]{1,64}$/, { message: 'letters, digits, _ : - only' })
    .default('rampart'),
  RAMPART_PUBLIC_URL: z.string().optional(),
  RAMPART_JWT_SECRET: z.string().min(32).optional(),
  RAMPART_MASTER_KEY: z
    .string()
    .optional()
    .refine((k) => k === undefined || Buffer.from(k, 'base64').length === 32, {
      message: 'must be 32 bytes, base64 encoded (openssl rand -base64 32)',
    }),
  RAMPART_MASTER_KEY_ID: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,32}$/)
    .default('k1'),
  RAMPART_ADMIN_PASSWORD: z.string().min(8).optional(),
  RAMPART_DASHBOARD_DIR: z.string().optional(),
  RAMPART_AGENT_SILENCE_SECONDS: z.coerce.number().int().min(5).max(3600).default(45),
  RAMPART_ACCESS_TOKEN_SECONDS: z.coerce.number().int().min(30).max(86400).default(900),
  RAMPART_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  RAMPART_NOTIFY_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  RAMPART_NOTIFY_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(5_000),
  RAMPART_NOTIFY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(120),
  RAMPART_TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
});

export interface ConsoleConfig {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  publicUrl: string;
  jwtSecret: string;
  masterKey: Buffer;
  masterKeyId: string;
  adminPassword: string | null;
  dashboardDir: string | null;
  agentSilenceSeconds: number;
  accessTokenSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Mail delivery: attempts per message, first back-off (doubling), lease of one attempt. */
  notify: { attempts: number; backoffMs: number; leaseSeconds: number };
  /**
   * Reverse proxies in front of the console whose X-Forwarded-For is believed (0: none), so
   * sign-in throttling counts clients, not the proxy.
   */
  trustProxyHops: number;
  /** Secrets generated for this process only, because none was configured. */
  ephemeralSecrets: string[];
}

export class ConfigError extends Error {}

/** Reads and validates the environment once, at start-up. Nothing else reads process.env. */
export function loadConsoleConfig(env: NodeJS.ProcessEnv = process.env): ConsoleConfig {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }

  const c = parsed.data;
  const ephemeralSecrets: string[] = [];
  if (c.NODE_ENV === 'production' && (!c.RAMPART_JWT_SECRET || !c.RAMPART_MASTER_KEY)) {
    throw new ConfigError(
      'RAMPART_JWT_SECRET and RAMPART_MASTER_KEY must be set in production ' +
        '(openssl rand -base64 32 makes either)',
    );
  }
  if (!c.RAMPART_JWT_SECRET) ephemeralSecrets.push('RAMPART_JWT_SECRET');
  if (!c.RAMPART_MASTER_KEY) ephemeralSecrets.push('RAMPART_MASTER_KEY');

  return {
    env: c.NODE_ENV,
    port: c.PORT,
    host: c.HOST,
    databaseUrl: c.DATABASE_URL,
    redisUrl: c.REDIS_URL,
    queuePrefix: c.RAMPART_QUEUE_PREFIX,
    publicUrl: c.RAMPART_PUBLIC_URL ?? `http://localhost:${c.PORT}`,
    jwtSecret: c.RAMPART_JWT_SECRET ?? randomBytes(32).toString('base64'),
    masterKey: c.RAMPART_MASTER_KEY ? Buffer.from(c.RAMPART_MASTER_KEY, 'base64') : randomBytes(32),
    masterKeyId: c.RAMPART_MASTER_KEY_ID,
    adminPassword: c.RAMPART_ADMIN_PASSWORD ?? null,
    dashboardDir: c.RAMPART_DASHBOARD_DIR ?? null,
    agentSilenceSeconds: c.RAMPART_AGENT_SILENCE_SECONDS,
    accessTokenSeconds: c.RAMPART_ACCESS_TOKEN_SECONDS,
    logLevel: c.RAMPART_LOG_LEVEL,
    trustProxyHops: c.RAMPART_TRUST_PROXY,
    notify: {
      attempts: c.RAMPART_NOTIFY_ATTEMPTS,
      backoffMs: c.RAMPART_NOTIFY_BACKOFF_MS,
      leaseSeconds: c.RAMPART_NOTIFY_LEASE_SECONDS,
    },
    ephemeralSecrets,
  };
}

export const CONSOLE_CONFIG = Symbol('CONSOLE_CONFIG');
