import { getRepositoryToken } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';
import type { Repository } from 'typeorm';

import { generateSealKeys, openSealed } from '@rampart/agent-seal';
import {
  agentQueueName,
  JOB_NAMES,
  schedulerCredentialPurpose,
  type ScheduleSyncJob,
} from '@rampart/contracts';

import { AgentEntity } from '../src/agents/agent.entity';
import { AgentsService } from '../src/agents/agents.service';
import { apiOf, nightlyFull } from './catalog/catalog-fixtures';
import { startTestConsole, type TestConsole } from './support/test-console';

const OS_PASSWORD = "0s'Pa55&word";

describe('Scheduler OS credential', () => {
  const keys = generateSealKeys();
  let console: TestConsole;
  let admin: string;
  let agentId: string;
  let socket: Socket;
  let worker: Worker;
  let redis: Redis;
  const syncJobs: Job<ScheduleSyncJob>[] = [];

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    const identity = await console.get(AgentsService).register('dbhost-credential');
    agentId = identity.agentId;

    socket = io(`${console.url}/agents`, {
      auth: { agentId, secret: identity.secret, sealPublicKey: keys.publicKey },
      transports: ['websocket'],
      reconnection: false,
    });
    await new Promise<void>((resolve, reject) =>
      socket.once('connect', () => resolve()).once('connect_error', reject),
    );

    redis = new Redis(console.config.redisUrl, { maxRetriesPerRequest: null });
    worker = new Worker(
      agentQueueName(agentId),
      async (job: Job) => {
        if (job.name === JOB_NAMES.scheduleSync) syncJobs.push(job as Job<ScheduleSyncJob>);
        return {
          strategyId: job.data.strategyId,
          jobName: job.data.jobName,
          outcome: 'registered',
          job: null,
        };
      },
      { connection: redis, prefix: console.config.queuePrefix },
    );
  });

  afterAll(async () => {
    socket.close();
    await worker.close();
    await redis.quit();
    await console.close();
  });

  const api = (path: string, init: RequestInit & { token?: string } = {}) =>
    apiOf(console)(path, { token: admin, ...init });

  const target = (extra: Record<string, unknown>) => ({
    name: 'PROD9',
    agentId,
    oracleHome: '/u01/app/oracle/19c',
    oracleSid: 'PROD9',
    ...extra,
  });

  async function nextSyncJob(after: number): Promise<Job<ScheduleSyncJob>> {
    for (let i = 0; i < 200 && syncJobs.length <= after; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const job = syncJobs[after];
    if (!job) throw new Error(`no schedule.sync job after ${after}`);
    return job;
  }

  it('records the sealing key the agent reports when it connects', async () => {
    const agents = console.get<Repository<AgentEntity>>(getRepositoryToken(AgentEntity) as never);

    let recorded: string | null = null;
    for (let i = 0; i < 100 && recorded === null; i += 1) {
      recorded = (await agents.findOneByOrFail({ id: agentId })).sealPublicKey;
      if (recorded === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }

    expect(recorded).toBe(keys.publicKey);
  });

  it('asks for the password of a new OS account, naming the field', async () => {
    const response = await api('/api/v1/targets', {
      method: 'POST',
      body: JSON.stringify(target({ schedulerOsUser: 'oracle' })),
    });

    expect(response.status).toBe(400);
    expect((await response.json()).problems[0].field).toBe('schedulerOsPassword');
  });

  it('seals the OS password for the agent alone, and re-syncs when the target moves', async () => {
    const created = await api('/api/v1/targets', {
      method: 'POST',
      body: JSON.stringify(target({ schedulerOsUser: 'oracle', schedulerOsPassword: OS_PASSWORD })),
    });
    const createdText = await created.text();
    const targetId = JSON.parse(createdText).id as string;
    await api('/api/v1/strategies', { method: 'POST', body: JSON.stringify(nightlyFull('PROD9')) });

    const first = await nextSyncJob(0);
    const stored = JSON.stringify(
      await redis.hgetall(`${console.config.queuePrefix}:${agentQueueName(agentId)}:${first.id}`),
    );
    const moved = await api(`/api/v1/targets/${targetId}`, {
      method: 'PUT',
      body: JSON.stringify(target({ oracleHome: '/u02/app/oracle/19c' })),
    });
    const second = await nextSyncJob(1);

    expect(created.status).toBe(201);
    expect(JSON.parse(createdText)).toMatchObject({
      schedulerOsUser: 'oracle',
      hasSchedulerOsPassword: true,
    });
    expect(createdText).not.toContain('Pa55');
    expect(first.data.credential?.username).toBe('oracle');
    expect(stored).toContain('rseal1.');
    expect(stored).not.toContain('Pa55');
    expect(
      openSealed(
        keys.privateKey,
        first.data.credential?.sealedPassword ?? '',
        schedulerCredentialPurpose(targetId),
      ),
    ).toBe(OS_PASSWORD);
    expect(moved.status).toBe(200);
    expect(second.data.target.oracleHome).toBe('/u02/app/oracle/19c');
    expect(second.data.credential?.username).toBe('oracle');
  });

  it('keeps the pinned key when the agent shows another, until an admin resets it', async () => {
    const agents = console.get<Repository<AgentEntity>>(getRepositoryToken(AgentEntity) as never);
    const thief = generateSealKeys();
    const identity = await console.get(AgentsService).register('dbhost-pinned');
    const connectWith = async (publicKey: string) => {
      const other = io(`${console.url}/agents`, {
        auth: { agentId: identity.agentId, secret: identity.secret, sealPublicKey: publicKey },
        transports: ['websocket'],
        reconnection: false,
      });
      await new Promise<void>((resolve, reject) =>
        other.once('connect', () => resolve()).once('connect_error', reject),
      );
      await other.timeout(5_000).emitWithAck('agent.heartbeat', {
        ts: new Date().toISOString(),
        version: 'test',
        platform: 'linux',
        runningRunIds: [],
      });
      other.close();
    };
    const pinned = async () =>
      (await agents.findOneByOrFail({ id: identity.agentId })).sealPublicKey;

    await connectWith(keys.publicKey);
    const first = await pinned();
    await connectWith(thief.publicKey);
    const afterThief = await pinned();
    const reset = await api(`/api/v1/agents/${identity.agentId}/seal-key/reset`, {
      method: 'POST',
    });
    await connectWith(thief.publicKey);
    const audit = await (await api(`/api/v1/audit?entityId=${identity.agentId}`)).json();

    expect(first).toBe(keys.publicKey);
    expect(afterThief).toBe(keys.publicKey);
    expect(reset.status).toBe(204);
    expect(await pinned()).toBe(thief.publicKey);
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['seal-key-mismatch', 'seal-key-reset']),
    );
  });

  it('previews the job under the OS account, and warns when a target has none', async () => {
    await api('/api/v1/targets', {
      method: 'POST',
      body: JSON.stringify({
        name: 'NOOS',
        agentId,
        oracleHome: '/u01/app/oracle/19c',
        oracleSid: 'NOOS',
      }),
    });
    const preview = async (target: string) =>
      (await (
        await api('/api/v1/strategies/preview', {
          method: 'POST',
          body: JSON.stringify(nightlyFull(target, `preview of ${target}`)),
        })
      ).json()) as { schedulerPlsql: string; findings: { code: string }[] };

    const withAccount = await preview('PROD9');
    const without = await preview('NOOS');

    expect(withAccount.schedulerPlsql).toContain("attribute => 'credential_name'");
    expect(withAccount.findings.map((f) => f.code)).not.toContain('SCHEDULER_NO_OS_ACCOUNT');
    expect(without.schedulerPlsql).not.toContain('credential_name');
    expect(without.findings.map((f) => f.code)).toContain('SCHEDULER_NO_OS_ACCOUNT');
  });
});
