import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';

import { type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';

import { type PrivateRedis, startPrivateRedis } from './support/private-redis';
import { ROOT } from './support/root';

/** DESIGN.md: one BullMQ queue per agent, `agent.<agentId>` (contracts' agentQueueName). */
const agentQueueName = (agentId: string) => `agent.${agentId}`;

interface AgentUser {
  agentId: string;
  redisUrl: string;
  setUser: string;
}

/**
 * The operator's path: `rampart-console redis-acl --agent ID` prints the ACL, piped into a
 * Redis of this test's own; the agent works its queue with its own user and nothing else.
 */
describe('per-agent Redis ACL users', () => {
  const prefix = `acl-${randomBytes(4).toString('hex')}`;
  let redis: PrivateRedis;
  let admin: Redis;
  let alpha: AgentUser;
  let bravo: AgentUser;
  const closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url, { maxRetriesPerRequest: null });
    alpha = generateUser(redis.url, prefix, randomUUID());
    bravo = generateUser(redis.url, prefix, randomUUID());
    for (const user of [alpha, bravo]) {
      expect(await admin.call(...splitCommand(user.setUser))).toBe('OK');
    }
  });

  afterAll(async () => {
    for (const close of closers.reverse()) await close().catch(() => undefined);
    admin?.disconnect();
    await redis?.stop();
  });

  function connectAs(user: AgentUser): Redis {
    const client = new Redis(user.redisUrl, { maxRetriesPerRequest: null });
    closers.push(async () => client.disconnect());
    return client;
  }

  function queueOf(agentId: string, connection: Redis): Queue {
    const queue = new Queue(agentQueueName(agentId), { connection, prefix });
    closers.push(() => queue.close());
    return queue;
  }

  it('lets the agent work its own queue with a BullMQ worker', async () => {
    await queueOf(alpha.agentId, admin).add('backup.run', { runId: 'r1' }, { jobId: 'r1' });
    const done = new Promise<Job>((resolve) => {
      const worker = new Worker(agentQueueName(alpha.agentId), async (job) => job.data, {
        connection: connectAs(alpha),
        prefix,
        maxStalledCount: 0,
      });
      closers.push(() => worker.close(true));
      worker.on('completed', (job) => resolve(job));
    });

    const job = await done;

    expect(job.id).toBe('r1');
    expect(await queueOf(alpha.agentId, admin).getJobState('r1')).toBe('completed');
  });

  it("refuses the agent on another agent's queue with NOPERM", async () => {
    const alphaOnBravo = queueOf(bravo.agentId, connectAs(alpha));

    await expect(alphaOnBravo.add('backup.run', { runId: 'r2' })).rejects.toThrow(/NOPERM/);
    await expect(alphaOnBravo.getJobCounts()).rejects.toThrow(/NOPERM/);
    await expect(
      connectAs(alpha).hgetall(`${prefix}:${agentQueueName(bravo.agentId)}:meta`),
    ).rejects.toThrow(/NOPERM/);
  });

  it('refuses the keyless commands that would list or wipe other queues', async () => {
    const client = connectAs(alpha);

    await expect(client.keys('*')).rejects.toThrow(/NOPERM/);
    await expect(client.scan(0)).rejects.toThrow(/NOPERM/);
    await expect(client.flushall()).rejects.toThrow(/NOPERM/);
    await expect(client.config('GET', 'requirepass')).rejects.toThrow(/NOPERM/);
    await expect(client.publish('socket.io#/ui#', 'x')).rejects.toThrow(/NOPERM/);
  });

  it('refuses a script that reaches past the key pattern', async () => {
    const client = connectAs(alpha);
    const foreign = `${prefix}:${agentQueueName(bravo.agentId)}:wait`;

    await expect(client.eval("return redis.call('LLEN', KEYS[1])", 1, foreign)).rejects.toThrow(
      /NOPERM/,
    );
  });

  it('refuses a wrong password for an agent user', async () => {
    const username = new URL(alpha.redisUrl).username;

    await expect(admin.call('AUTH', username, 'not-the-password-at-all-000')).rejects.toThrow(
      /WRONGPASS/,
    );
  });

  it('refuses an agent id that would widen the key pattern', () => {
    for (const hostile of ['x:*', 'a\nACL SETUSER x on']) {
      const result = runRedisAcl(redis.url, prefix, ['--agent', hostile]);

      expect(result.status).toBe(1);
      expect(result.stderr).toContain('--agent must be an agent id');
      expect(result.stdout).toBe('');
    }
  });
});

function generateUser(redisUrl: string, prefix: string, agentId: string): AgentUser {
  const result = runRedisAcl(redisUrl, prefix, ['--agent', agentId]);
  if (result.status !== 0) throw new Error(`redis-acl failed: ${result.stderr}`);

  const url = /--redis URL[^:]*: (\S+)/.exec(result.stderr)?.[1];
  if (!url) throw new Error(`no agent URL in: ${result.stderr}`);
  return { agentId, redisUrl: url, setUser: result.stdout.trim() };
}

function runRedisAcl(redisUrl: string, prefix: string, args: string[]) {
  return spawnSync('node', ['apps/console/dist/main.js', 'redis-acl', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'test', REDIS_URL: redisUrl, RAMPART_QUEUE_PREFIX: prefix },
  });
}

function splitCommand(line: string): [string, ...string[]] {
  const [command, ...args] = line.split(' ');
  if (!command) throw new Error('empty ACL line');
  return [command, ...args];
}
