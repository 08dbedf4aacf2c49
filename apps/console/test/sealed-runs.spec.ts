import { io, type Socket } from 'socket.io-client';

import { runFixtures } from './support/run-fixtures';
import { startTestConsole, type TestConsole } from './support/test-console';

/** A finished run's record is evidence: an agent's later events must not change it. */
describe('events for a finished run', () => {
  let console: TestConsole;
  let agent: Socket;
  let token: string;

  beforeAll(async () => {
    console = await startTestConsole();
    token = await console.login();
  });

  afterAll(async () => {
    agent?.disconnect();
    await console.close();
  });

  it('acknowledges them without rewriting the run, its script or its log', async () => {
    const fixtures = await runFixtures(console);
    const runId = await fixtures.run({ status: 'queued', script: null });
    agent = io(`${console.url}/agents`, {
      auth: { agentId: fixtures.agentId, secret: fixtures.secret },
      transports: ['websocket'],
    });
    await new Promise<void>((resolve) => agent.once('connect', () => resolve()));
    const send = (event: string, body: unknown) => agent.timeout(5000).emitWithAck(event, body);
    const ts = new Date().toISOString();

    await send('run.state', { runId, seq: 1, ts, state: 'running', script: 'BACKUP DATABASE;' });
    await send('run.log', { runId, lines: [{ seq: 2, ts, stream: 'stdout', text: 'done' }] });
    await send('run.state', { runId, seq: 3, ts, state: 'succeeded', verdict: verdict([]) });
    const late = await send('run.state', {
      runId,
      seq: 4,
      ts,
      state: 'failed',
      script: "HOST 'rm -rf /';",
      verdict: verdict(['ORA-00600']),
    });
    const lateLine = await send('run.log', {
      runId,
      lines: [{ seq: 5, ts, stream: 'stdout', text: 'forged' }],
    });

    expect(late).toEqual({ runId, ackedSeq: 4 });
    expect(lateLine).toEqual({ runId, ackedSeq: 5 });
    const run = await (await console.api(`/api/v1/runs/${runId}`, { token })).json();
    expect(run).toMatchObject({ status: 'succeeded', errorCodes: [], script: 'BACKUP DATABASE;' });
    const response = await console.api(`/api/v1/runs/${runId}/log`, { token });
    const log = (await response.json()) as { lines: { text: string }[] };
    expect(log.lines.map((l) => l.text)).toEqual(['done']);
  });
});

function verdict(errorCodes: string[]) {
  return {
    status: errorCodes.length ? 'failed' : 'success',
    errorCodes,
    warningCodes: [],
    primaryError: errorCodes[0] ?? null,
    pieces: 1,
    handles: ['/u04/piece1'],
    tags: [],
    bytes: null,
    partialOutput: false,
  };
}
