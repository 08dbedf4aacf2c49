import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { Client } from 'pg';

import { ROOT, type SystemUnderTest, waitFor } from '../support/system-under-test';

/** `npm run drills` asks for the short form: a slower simulator is not needed there. */
export const SHORT = process.env['RAMPART_DRILL_SHORT'] === '1';

/** Records a figure of a drill for tools/drills/run.mjs (a JSON line per figure). */
export function recordFigure(drill: string, name: string, value: number, unit: string): void {
  const file = process.env['RAMPART_DRILL_FIGURES'];
  if (file) appendFileSync(file, JSON.stringify({ drill, name, value, unit }) + '\n');
}

/**
 * Puts a recorder in front of the simulator's rman: the agent still runs `bin/rman` with an
 * argument array, and every byte rman prints is also appended to `rman-output.log`.
 */
export function recordRmanOutput(oracleHome: string): () => string[] {
  const rman = join(oracleHome, 'bin', 'rman');
  const copy = join(oracleHome, 'rman-output.log');
  const main = /'([^']*rman-main\.js)'/.exec(readFileSync(rman, 'utf8'))?.[1];
  if (!main) throw new Error(`cannot find the simulator's rman in ${rman}`);

  const tee = join(ROOT, 'tools', 'drills', 'rman-tee.mjs');
  writeFileSync(rman, `#!/bin/sh\nexec '${process.execPath}' '${tee}' '${copy}' '${main}' "$@"\n`);
  return () => (existsSync(copy) ? readFileSync(copy, 'utf8').replace(/\n$/, '').split('\n') : []);
}

/** Makes the simulated database's next backup fail with `kind` (the simulator's own faults). */
export function injectFault(system: SystemUnderTest, kind: string): void {
  const args = ['apps/oracle-sim/dist/main.js', 'fault', '--home', system.oracleHome];
  const result = spawnSync('node', [...args, '--sid', 'DEMO', '--kind', kind, '--once'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`fault ${kind}: ${result.stdout}${result.stderr}`);
}

export class DrillClient {
  private token = '';

  constructor(private readonly system: SystemUnderTest) {}

  async signIn(): Promise<void> {
    const response = await fetch(`${this.system.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: this.system.adminPassword }),
    });
    if (!response.ok) throw new Error(`sign-in: ${response.status}`);
    this.token = ((await response.json()) as { accessToken: string }).accessToken;
  }

  async api<T = unknown>(path: string, method = 'GET', body?: unknown): Promise<T> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.token}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.system.url}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status}`);
    return (await response.json()) as T;
  }

  /** Starts the demo strategy now and answers the run id. */
  async runDemo(): Promise<string> {
    const strategies = await this.api<{ id: string; name: string }[]>('/api/v1/strategies');
    const demo = strategies.find((s) => s.name === 'DEMO nightly full');
    if (!demo) throw new Error('no demo strategy');
    return (await this.api<{ id: string }>(`/api/v1/strategies/${demo.id}/runs`, 'POST')).id;
  }

  async status(runId: string): Promise<string> {
    return (await this.api<{ status: string }>(`/api/v1/runs/${runId}`)).status;
  }

  async waitForStatus(runId: string, states: string[], timeoutMs: number): Promise<string> {
    await waitFor(
      async () => states.includes(await this.status(runId)),
      timeoutMs,
      `run ${runId} to end ${states.join('|')}\n${this.system.output().slice(-4000)}`,
    );
    return this.status(runId);
  }

  /** Waits until the console has stored at least `count` lines of the run. */
  async waitForLines(runId: string, count: number, timeoutMs: number): Promise<void> {
    await waitFor(
      async () => (await storedLines(this.system, runId)).length >= count,
      timeoutMs,
      `${count} lines of run ${runId}`,
    );
  }
}

/** The lines the console stored for a run, in sequence order, straight from PostgreSQL. */
export async function storedLines(
  system: SystemUnderTest,
  runId: string,
): Promise<{ seq: number; stream: string; text: string }[]> {
  const client = new Client({ connectionString: system.databaseUrl });
  await client.connect();
  try {
    const result = await client.query(
      'SELECT seq, stream, text FROM run_log_lines WHERE run_id = $1 ORDER BY seq',
      [runId],
    );
    return result.rows.map((r) => ({ seq: Number(r.seq), stream: r.stream, text: r.text }));
  } finally {
    await client.end();
  }
}

/** Stored RMAN lines (the agent's own notes left out) against what rman printed. */
export function compareWithRman(
  stored: { seq: number; stream: string; text: string }[],
  printed: string[],
): { printed: number; stored: number; identical: boolean } {
  const fromRman = stored.filter((l) => l.stream !== 'agent').map((l) => l.text);
  return {
    printed: printed.length,
    stored: fromRman.length,
    identical: fromRman.length === printed.length && fromRman.every((t, i) => t === printed[i]),
  };
}
