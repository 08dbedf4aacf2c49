#!/usr/bin/env node
// console_rss_500_agents_mb: resident memory of the console process with 500 agents connected.
// Each simulated agent is the built agent's own ConsoleLink (apps/agent/dist) with its own id
// and secret, heartbeating every 10 s as the agent does by default; they connect 50 a second,
// as a fleet coming back after a console restart would. Once all are connected the console
// settles for 20 s (two heartbeat rounds), then VmRSS is read every 5 s for 30 s; the highest
// reading is reported (--quick: 10 s settle, 10 s of readings).
// Target: DESIGN.md names none; 512 MB is issue 11's default.
import {
  connectBenchAgents,
  enrollBenchAgents,
  peakRssMb,
  quickMode,
  report,
  rssMb,
  sleep,
  startBenchConsole,
} from './support/bench-console.mjs';

const quick = quickMode();
const AGENTS = 500;
const settleSeconds = quick ? 10 : 20;
const readingSeconds = quick ? 10 : 30;
const READING_INTERVAL_S = 5;

const bench = await startBenchConsole('rss');
let fleet;
try {
  const idle = rssMb(bench.pid);
  const agents = await enrollBenchAgents(bench, AGENTS);
  fleet = await connectBenchAgents(bench, agents, { perSecond: 50 });
  await sleep(settleSeconds * 1000);

  const readings = [];
  for (let i = 0; i <= readingSeconds / READING_INTERVAL_S; i++) {
    if (i > 0) await sleep(READING_INTERVAL_S * 1000);
    if (!fleet.agents.every((agent) => agent.link.connected)) {
      throw new Error('an agent lost its connection while the console settled');
    }
    readings.push(rssMb(bench.pid));
  }

  const online = await onlineAgents();
  if (online !== AGENTS) throw new Error(`the console sees ${online} of ${AGENTS} agents online`);
  process.stderr.write(
    `console RSS idle ${idle.toFixed(0)} MB; with ${AGENTS} agents ` +
      `${readings.map((r) => r.toFixed(0)).join(' ')} MB; ` +
      `peak so far (VmHWM) ${peakRssMb(bench.pid).toFixed(0)} MB\n`,
  );
  report({
    console_rss_500_agents_mb: {
      value: Math.max(...readings),
      unit: quick ? 'MB (10 s settle)' : 'MB',
      target: 512,
      better: 'lower',
    },
  });
} finally {
  fleet?.close();
  await bench.close();
}

/** Bench agents the console reports online through its own API. */
async function onlineAgents() {
  const response = await fetch(`${bench.url}/api/v1/agents`, {
    headers: { authorization: `Bearer ${bench.token}` },
  });
  if (!response.ok) throw new Error(`GET /api/v1/agents answered ${response.status}`);
  const agents = await response.json();
  return agents.filter((agent) => agent.name.startsWith('bench-host-') && agent.online).length;
}
