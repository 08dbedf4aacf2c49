import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { io, type Socket } from 'socket.io-client';

import { AGENT_EVENTS, agentQueueName, JOB_NAMES } from '@rampart/contracts';

import { AgentsService } from '../src/agents/agents.service';
import { TargetsService } from '../src/targets/targets.service';
import { startTestConsole, type TestConsole } from './support/test-console';

describe('agent connection', () => {
  let console: TestConsole;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    console = await startTestConsole();
  });

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await console.close();
  });

  /** Emits a heartbeat the moment the socket connects, as the agent's link does. */
  async function heartbeatOnConnect(agentId: string, secret: string): Promise<unknown> {
    const socket = io(`${console.url}/agents`, {
      auth: { agentId, secret },
      transports: ['websocket'],
      reconnection: false,
    });
    sockets.push(socket);
    return new Promise((resolve, reject) => {
      socket.once('connect_error', reject);
      socket.once('connect', () => {
        socket
          .timeout(5_000)
          .emitWithAck(AGENT_EVENTS.heartbeat, {
            ts: new Date().toISOString(),
            version: '0.1.0',
            platform: 'linux',
            runningRunIds: [],
          })
          .then(resolve, reject);
      });
    });
  }

  it('answers a heartbeat sent the moment the agent connects, however slow the check', async () => {
    const agents = console.get(AgentsService);
    const { agentId, secret } = await agents.register('dbhost-connect');
    const authenticate = agents.authenticate.bind(agents);
    jest.spyOn(agents, 'authenticate').mockImplementation(async (...args) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return authenticate(...args);
    });

    const answer = await heartbeatOnConnect(agentId, secret);

    expect(answer).toEqual({ ok: true });
    jest.restoreAllMocks();
  });

  it('refuses events from an agent whose secret is wrong', async () => {
    const { agentId } = await console.get(AgentsService).register('dbhost-wrong');

    const answer = await heartbeatOnConnect(agentId, 'not-the-secret-of-this-agent').catch(
      (error: unknown) => ({ failed: String(error) }),
    );

    expect(answer).not.toEqual({ ok: true });
  });

  it("tests a new target's connection when its agent comes online, for its log mode", async () => {
    const { agentId, secret } = await console.get(AgentsService).register('dbhost-new-target');
    const target = await console
      .get(TargetsService)
      .create(
        {
          name: 'FRESH',
          agentId,
          oracleHome: '/u01/app/oracle/19c',
          oracleSid: 'FRESH',
          auth: 'os',
          connectString: null,
          username: null,
        },
        { id: null, username: 'test-setup' },
      );
    const redis = new Redis(console.config.redisUrl, { maxRetriesPerRequest: null });
    const worker = new Worker(
      agentQueueName(agentId),
      async (job) => {
        if (job.name !== JOB_NAMES.connectionTest) throw new Error(`unexpected ${job.name}`);
        return {
          ok: true,
          message: 'connected',
          databaseName: 'FRESH',
          logMode: 'ARCHIVELOG',
          elapsedMs: 3,
        };
      },
      { connection: redis, prefix: console.config.queuePrefix },
    );

    await heartbeatOnConnect(agentId, secret);
    let logMode: string | null = null;
    for (let i = 0; i < 100 && logMode === null; i += 1) {
      logMode = (await console.get(TargetsService).get(target.id)).logMode;
      if (logMode === null) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await worker.close();
    await redis.quit();

    expect(logMode).toBe('ARCHIVELOG');
  });
});
