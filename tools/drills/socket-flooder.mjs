#!/usr/bin/env node
// The socket-flood drill's hostile agent, in a process of its own so that its work does not
// slow the drill's health probes. It holds valid agent credentials (RAMPART_FLOOD_AGENT_ID,
// RAMPART_FLOOD_SECRET) and floods the console's /agents namespace on loopback:
//   1. single messages far beyond the console's message limit;
//   2. a burst of large run.log batches for a run it does not own, as fast as the console reads;
//   3. malformed events: wrong shapes, unknown events, an undecodable packet.
// It prints one JSON line: what each phase sent, what the console answered, whether it hung up.
//
// node tools/drills/socket-flooder.mjs CONSOLE_URL RUN_ID BATCHES LINES_PER_BATCH
import { io } from 'socket.io-client';

const [consoleUrl, runId, batchesArg, linesArg] = process.argv.slice(2);
const agentId = process.env.RAMPART_FLOOD_AGENT_ID;
const secret = process.env.RAMPART_FLOOD_SECRET;
if (!consoleUrl || !runId || !agentId || !secret) {
  process.stderr.write('usage: socket-flooder.mjs URL RUN_ID BATCHES LINES (+ agent in env)\n');
  process.exit(2);
}

const MB = 1024 * 1024;
const LINE_CHARS = 8000;
/** How much the flooder lets wait in its own socket before writing more. */
const BACKLOG_BYTES = 8 * MB;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const report = {
  oversize: await oversize([3 * MB, 8 * MB]),
  burst: await burst(Number(batchesArg ?? 1000), Number(linesArg ?? 100)),
  malformed: await malformed(),
};
process.stdout.write(JSON.stringify(report) + '\n');
process.exit(0);

/** One socket per message: each should be cut by the console before it parses it. */
async function oversize(sizes) {
  const results = [];
  for (const size of sizes) {
    const flood = await open();
    const tally = answers();
    const line = { seq: 1, ts: new Date().toISOString(), stream: 'stdout', text: 'x'.repeat(size) };
    flood.socket.emit('run.log', { runId, lines: [line] }, tally.answer);
    await Promise.race([flood.closed, sleep(15_000)]);
    results.push({ bytes: size, ...tally.counts(), disconnected: flood.isClosed() });
    flood.socket.close();
  }
  return results;
}

/** Thousands of batches of full-length lines, without waiting for any answer. */
async function burst(batches, linesPerBatch) {
  const flood = await open();
  const tally = answers();
  const started = Date.now();
  const text = 'y'.repeat(LINE_CHARS);
  let sent = 0;
  let bytes = 0;
  for (let n = 0; n < batches && !flood.isClosed(); n++) {
    const lines = Array.from({ length: linesPerBatch }, (_, i) => ({
      seq: n * linesPerBatch + i + 1,
      ts: new Date().toISOString(),
      stream: 'stdout',
      text,
    }));
    flood.socket.emit('run.log', { runId, lines }, tally.answer);
    sent += 1;
    bytes += linesPerBatch * (LINE_CHARS + 80);
    while (backlog(flood.socket) > BACKLOG_BYTES && !flood.isClosed()) await sleep(2);
  }

  const wrote = Date.now() - started;
  const deadline = Date.now() + 60_000;
  while (tally.total() < sent && !flood.isClosed() && Date.now() < deadline) await sleep(50);
  const disconnected = flood.isClosed();
  flood.socket.close();
  return {
    sent,
    megabytes: Math.round(bytes / MB),
    writeSeconds: wrote / 1000,
    answerSeconds: (Date.now() - started) / 1000,
    ...tally.counts(),
    disconnected,
  };
}

/** Payloads the schemas refuse, events nobody handles, and a packet that cannot be decoded. */
async function malformed() {
  const flood = await open();
  const tally = answers();
  const line = { seq: 1, ts: 'now', stream: 'stdout', text: 'z' };
  const payloads = [
    ['run.log', null],
    ['run.log', 'run.log'],
    ['run.log', 42],
    ['run.log', { runId: 7, lines: [line] }],
    ['run.log', { runId, lines: 'none' }],
    ['run.log', { runId, lines: [{ ...line, seq: -1 }] }],
    ['run.log', { runId, lines: Array.from({ length: 5_000 }, () => line) }],
    ['run.log', { runId, lines: [{ ...line, text: 'z'.repeat(LINE_CHARS + 1) }] }],
    ['run.state', { runId, seq: 1, ts: 'now', state: 'exploded' }],
    ['run.state', { runId, seq: 1, ts: 'now', state: 'succeeded' }],
    ['run.progress', { runId, seq: 1, ts: 'now', percent: 1e9 }],
    ['agent.heartbeat', JSON.parse('{"__proto__": {"admin": true}, "ts": 1}')],
    ['run.request', { constructor: { prototype: { polluted: true } } }],
    ['no.such.event', { runId }],
  ];
  for (const [event, payload] of payloads) flood.socket.emit(event, payload, tally.answer);

  const deadline = Date.now() + 15_000;
  while (tally.total() < payloads.length - 1 && Date.now() < deadline) await sleep(50);
  // Lines nested 5,000 deep, written raw (the client cannot encode them); then a packet
  // socket.io cannot decode, after which the console should drop this connection.
  const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
  flood.socket.io.engine.write(`2/agents,["run.log",{"runId":"${runId}","lines":${deep}}]`);
  flood.socket.io.engine.write('2/agents,["run.log",{"runId":');
  await Promise.race([flood.closed, sleep(5_000)]);
  const disconnected = flood.isClosed();
  flood.socket.close();
  return { sent: payloads.length + 2, ...tally.counts(), disconnected };
}

async function open() {
  const socket = io(`${consoleUrl.replace(/\/$/, '')}/agents`, {
    auth: { agentId, secret },
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  let closed = false;
  const closedPromise = new Promise((resolve) =>
    socket.once('disconnect', (reason) => {
      closed = true;
      resolve(reason);
    }),
  );
  return { socket, closed: closedPromise, isClosed: () => closed };
}

/** Counts the console's answers: refusals (`{error}`) and anything else (an accepted event). */
function answers() {
  let refused = 0;
  let accepted = 0;
  const errors = new Map();
  return {
    answer(reply) {
      if (reply && typeof reply === 'object' && 'error' in reply) {
        refused += 1;
        const key = String(reply.error).slice(0, 60);
        errors.set(key, (errors.get(key) ?? 0) + 1);
      } else {
        accepted += 1;
      }
    },
    total: () => refused + accepted,
    counts: () => ({ refused, accepted, errors: Object.fromEntries(errors) }),
  };
}

/**
 * Bytes the flooder's own websocket still has to write. An emit first waits in the engine's
 * write buffer (flushed on a later tick), so a non-empty one counts as a full backlog.
 */
function backlog(socket) {
  const engine = socket.io.engine;
  if (engine?.writeBuffer?.length) return Infinity;
  return engine?.transport?.ws?.bufferedAmount ?? 0;
}
