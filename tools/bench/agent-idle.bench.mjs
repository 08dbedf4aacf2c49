#!/usr/bin/env node
// agent_idle_rss_mb: resident memory of an idle agent daemon (target < 80 MB). The agent
// connects to a minimal console stand-in (socket.io /agents on loopback) and to the local
// Redis with a queue prefix of its own, then sits idle; RSS is read from /proc.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { Server } = require('socket.io');
const root = resolve(import.meta.dirname, '..', '..');
const quick = process.argv.includes('--quick');

const http = createServer();
const io = new Server(http);
io.of('/agents').on('connection', (socket) => {
  socket.onAny((_event, _body, ack) => typeof ack === 'function' && ack({ ok: true }));
});
await new Promise((done) => http.listen(0, '127.0.0.1', done));

const dir = mkdtempSync(join(tmpdir(), 'rampart-bench-idle-'));
const config = join(dir, 'agent.json');
writeFileSync(
  config,
  JSON.stringify({
    consoleUrl: `http://127.0.0.1:${http.address().port}`,
    agentId: randomUUID(),
    secret: 'bench-secret-long-enough-1234',
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    queuePrefix: `bench-idle-${process.pid}`,
    dataDir: join(dir, 'data'),
  }),
  { mode: 0o600 },
);

// Started as every launcher in deploy/ starts it: with a small young generation.
const agent = spawn(
  'node',
  ['--max-semi-space-size=2', join(root, 'apps/agent/dist/main.js'), '--config', config, 'start'],
  {
    stdio: 'ignore',
  },
);
const samples = [];
for (let i = 0; i < (quick ? 5 : 20); i++) {
  await new Promise((done) => setTimeout(done, 1000));
  if (i >= 2) samples.push(rssMb(agent.pid));
}
agent.kill('SIGTERM');
await new Promise((done) => agent.once('exit', done));
io.close();
rmSync(dir, { recursive: true, force: true });

const value = Math.max(...samples);
process.stderr.write(
  `idle agent RSS samples (MB): ${samples.map((s) => s.toFixed(1)).join(' ')}\n`,
);
console.log(
  JSON.stringify({
    metrics: { agent_idle_rss_mb: { value, unit: 'MB', target: 80, better: 'lower' } },
  }),
);

function rssMb(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS'));
  return Number(line.split(/\s+/)[1]) / 1024;
}
