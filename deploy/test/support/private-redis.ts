import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Redis } from 'ioredis';

export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * A redis-server of this test's own, on a free loopback port with its own directory and no
 * persistence: ACL changes never touch the machine's shared Redis.
 */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'rampart-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir];
  const server = spawn('redis-server', [...args, '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, server);

  return {
    url,
    port,
    async stop() {
      await stopProcess(server);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

async function waitForPing(url: string, server: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`redis-server exited ${server.exitCode}`);
    const client = new Redis(url, { lazyConnect: true, retryStrategy: () => null });
    const pong = await client
      .connect()
      .then(() => client.ping())
      .catch(() => null);
    client.disconnect();
    if (pong === 'PONG') return;
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`redis-server did not answer on ${url}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
