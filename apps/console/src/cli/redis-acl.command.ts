import { createHash, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';

import { agentQueueName } from '@rampart/contracts';

import { ConfigError, type ConsoleConfig } from '../config/console-config';

/** What a BullMQ worker sends: data, scripts, blocking pops; nothing keyless that reveals. */
export const AGENT_ACL_COMMANDS = [
  '-@all',
  '+@read',
  '+@write',
  '+@scripting',
  '+@blocking',
  '+@transaction',
  '+@connection',
  '-@dangerous',
  '-@admin',
  '-@pubsub',
  '+info',
  '+client|setname',
  '+client|getname',
  '+client|id',
  '-scan',
  '-randomkey',
  '-dbsize',
  '-function',
  '-fcall',
  '-fcall_ro',
  '-script|flush',
  '-script|kill',
  '-select',
  '-swapdb',
  '-move',
  '-copy',
  '-sort',
  '-sort_ro',
] as const;

const AGENT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const QUEUE_PREFIX = /^[A-Za-z0-9_:-]{1,64}$/;

export interface AgentAclRequest {
  agentId: string;
  queuePrefix: string;
  password: string;
}

export interface AgentAcl {
  username: string;
  /** Only the agent's own queue: `<prefix>:agent.<id>:*`. */
  keyPattern: string;
  /** `ACL SETUSER …` to send to a running Redis (redis-cli, or every node's ACL LOAD file). */
  setUser: string;
  /** The same user as a line of a Redis `aclfile`. */
  aclFileLine: string;
}

/**
 * A Redis user for one agent that can work its own BullMQ queue and nothing else: its keys
 * match `~<prefix>:agent.<id>:*`, no channel, no keyless command that lists or wipes data.
 * The password is stored as its SHA-256, so the ACL file holds no secret.
 */
export function agentAcl(request: AgentAclRequest): AgentAcl {
  if (!AGENT_ID.test(request.agentId)) {
    throw new ConfigError('--agent must be an agent id (letters, digits, _ and - only)');
  }
  if (!QUEUE_PREFIX.test(request.queuePrefix)) {
    throw new ConfigError('RAMPART_QUEUE_PREFIX must be letters, digits, _ : - only');
  }
  if (request.password.length < 24 || /\s/.test(request.password)) {
    throw new ConfigError('the agent password must be 24+ characters without spaces');
  }

  const username = `rampart-agent-${request.agentId}`;
  const keyPattern = `${request.queuePrefix}:${agentQueueName(request.agentId)}:*`;
  const hash = createHash('sha256').update(request.password).digest('hex');
  const rules = ['on', `#${hash}`, 'resetchannels', `~${keyPattern}`, ...AGENT_ACL_COMMANDS];

  return {
    username,
    keyPattern,
    setUser: `ACL SETUSER ${username} reset ${rules.join(' ')}`,
    aclFileLine: `user ${username} ${rules.join(' ')}`,
  };
}

/** A password for an agent's Redis user: 32 random bytes, URL-safe. */
export function newAgentRedisPassword(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * `rampart-console redis-acl --agent ID [--format setuser|aclfile]`: prints the ACL to stdout
 * (pipe it into `redis-cli`) and the agent's Redis URL, with its new password, to stderr.
 */
export function redisAclCommand(config: ConsoleConfig, argv: string[]): void {
  const { values } = parseArgs({
    args: argv,
    options: {
      agent: { type: 'string' },
      format: { type: 'string', default: 'setuser' },
    },
  });
  if (!values.agent) throw new ConfigError('usage: redis-acl --agent ID [--format aclfile]');
  if (values.format !== 'setuser' && values.format !== 'aclfile') {
    throw new ConfigError('--format must be setuser or aclfile');
  }

  const password = newAgentRedisPassword();
  const acl = agentAcl({ agentId: values.agent, queuePrefix: config.queuePrefix, password });
  process.stdout.write(`${values.format === 'setuser' ? acl.setUser : acl.aclFileLine}\n`);

  const redis = new URL(config.redisUrl);
  redis.username = acl.username;
  redis.password = password;
  process.stderr.write(
    `# the agent's --redis URL (shown once; keep it secret): ${redis.toString()}\n`,
  );
}
