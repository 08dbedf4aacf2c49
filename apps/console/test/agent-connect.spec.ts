import { io, type Socket } from 'socket.io-client';

import { AGENT_EVENTS } from '@rampart/contracts';

import { AgentsService } from '../src/agents/agents.service';
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
});
