import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname } from 'node:path';

import { z } from 'zod';

import { defaultPaths, hostPlatform, type HostPlatform } from '../platform/platform-paths';

const agentFileSchema = z.object({
  consoleUrl: z.url({ message: 'must be the console URL, e.g. https://rampart.example:3000' }),
  agentId: z.uuid({ message: 'must be the id the console gave at enrollment' }),
  secret: z.string().min(20, { message: 'is missing: enroll the agent first' }),
  redisUrl: z.string().min(1),
  queuePrefix: z
    .string()
    .regex(/^[A-Za-z0-9_:-]{1,64}$/)
    .default('rampart'),
  dataDir: z.string().optional(),
  ipcPath: z.string().optional(),
  /** Runs at once across all databases; one RMAN session per database regardless. */
  concurrency: z.number().int().min(1).max(16).default(2),
  cancelGraceSeconds: z.number().int().min(1).max(600).default(30),
  heartbeatSeconds: z.number().int().min(1).max(300).default(10),
});
export type AgentFile = z.infer<typeof agentFileSchema>;

export interface AgentConfig extends AgentFile {
  platform: HostPlatform;
  configFile: string;
  dataDir: string;
  ipcPath: string;
}

export class AgentConfigError extends Error {}

/** The config file path: --config, then RAMPART_AGENT_CONFIG, then the platform default. */
export function configPath(explicit: string | undefined, env = process.env): string {
  const platform = hostPlatform();
  return (
    explicit ?? env['RAMPART_AGENT_CONFIG'] ?? defaultPaths(platform, env, homedir()).configFile
  );
}

export function loadAgentConfig(path: string, env = process.env): AgentConfig {
  if (!existsSync(path)) {
    throw new AgentConfigError(
      `no agent configuration at ${path}: run "rampart-agent enroll --console URL --token T" first`,
    );
  }

  const parsed = agentFileSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AgentConfigError(`${path}: ${issue?.path.join('.')} ${issue?.message}`);
  }

  warnIfReadableByOthers(path);
  const platform = hostPlatform();
  const defaults = defaultPaths(platform, env, homedir());
  return {
    ...parsed.data,
    platform,
    configFile: path,
    dataDir: parsed.data.dataDir ?? defaultDataDir(path, defaults.dataDir),
    ipcPath: parsed.data.ipcPath ?? defaults.ipcPath,
  };
}

export function writeAgentConfig(path: string, file: AgentFile): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
}

/** A config file kept next to its data (as `npm start` does) keeps its data beside it. */
function defaultDataDir(configFile: string, platformDefault: string): string {
  return configFile.endsWith('agent.json') && !configFile.startsWith('/etc/')
    ? `${dirname(configFile)}/data`
    : platformDefault;
}

function warnIfReadableByOthers(path: string): void {
  if (process.platform === 'win32') return;
  if ((statSync(path).mode & 0o077) !== 0) {
    process.stderr.write(`warning: ${path} is readable by other users; chmod 600 it\n`);
  }
}
