import { randomBytes, randomUUID } from 'node:crypto';

import { io, type Socket } from 'socket.io-client';

import { RedisIoAdapter } from '../src/realtime/redis-io.adapter';
import { RunEventsBus } from '../src/runs/run-events.bus';
import { startTestConsole, type TestConsole } from './support/test-console';

/** Two consoles in one deployment (same Redis, same queue prefix, same signing secret). */
describe(RedisIoAdapter.name, () => {
  const shared = {
    RAMPART_QUEUE_PREFIX: `rt-io-${randomBytes(4).toString('hex')}`,
    RAMPART_JWT_SECRET: randomBytes(32).toString('base64'),
  };
  let a: TestConsole;
  let b: TestConsole;
  let other: TestConsole;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    a = await startTestConsole(shared);
    b = await startTestConsole(shared);
    other = await startTestConsole({ RAMPART_JWT_SECRET: shared.RAMPART_JWT_SECRET });
  });

  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await Promise.all([a?.close(), b?.close(), other?.close()]);
  });

  async function followOn(target: TestConsole, runId: string, token: string): Promise<Socket> {
    const socket = io(`${target.url}/ui`, { auth: { token }, transports: ['websocket'] });
    sockets.push(socket);
    await new Promise<void>((done, fail) => {
      socket.once('connect', () => done());
      socket.once('connect_error', fail);
    });

    expect(await socket.emitWithAck('run.follow', runId)).toEqual({ ok: true });
    return socket;
  }

  function linesReceived(socket: Socket): string[] {
    const texts: string[] = [];
    socket.on('run.log', (event: { lines: { text: string }[] }) => {
      texts.push(...event.lines.map((line) => line.text));
    });
    return texts;
  }

  it('delivers run lines published on one console to a follower on the other', async () => {
    const runId = randomUUID();
    const token = await a.login();
    const received = linesReceived(await followOn(b, runId, token));

    a.get(RunEventsBus).publish({
      kind: 'log',
      runId,
      lines: [
        { seq: 1, ts: new Date().toISOString(), stream: 'stdout', text: 'channel ORA_DISK_1' },
      ],
    });

    await waitUntil(() => received.length > 0);
    expect(received).toEqual(['channel ORA_DISK_1']);
  });

  it('keeps another deployment on the same Redis out of the room', async () => {
    const runId = randomUUID();
    const token = await a.login();
    const onB = linesReceived(await followOn(b, runId, token));
    const onOther = linesReceived(await followOn(other, runId, token));

    a.get(RunEventsBus).publish({
      kind: 'log',
      runId,
      lines: [{ seq: 1, ts: new Date().toISOString(), stream: 'stdout', text: 'piece handle=x' }],
    });

    await waitUntil(() => onB.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(onOther).toEqual([]);
  });
});

async function waitUntil(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
