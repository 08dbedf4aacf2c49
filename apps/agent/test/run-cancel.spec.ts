import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateSealKeys } from '@rampart/agent-seal';

import { AgentLogger } from '../src/agent-logger';
import { ConsoleLink } from '../src/link/console-link';
import { Outbox } from '../src/outbox/outbox';
import { BackupRunner } from '../src/runner/backup-runner';
import { backupJob, FakeConsole } from './support/fake-console';
import { createSimulatedOracle, type SimulatedOracle } from './support/simulated-oracle';

const SEAL_KEY = generateSealKeys().privateKey;

const quiet = new AgentLogger('error');

async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('run.cancel from the console', () => {
  let oracle: SimulatedOracle;
  let fakeConsole: FakeConsole;
  let runner: BackupRunner;
  let link: ConsoleLink;
  let dataDir: string;

  beforeEach(async () => {
    oracle = createSimulatedOracle({ paceMs: 300 });
    dataDir = mkdtempSync(join(tmpdir(), 'rampart-agent-cancel-'));
    fakeConsole = new FakeConsole();
    const url = await fakeConsole.start();
    const outbox = new Outbox(join(dataDir, 'outbox'));
    runner = new BackupRunner(
      { platform: 'linux', dataDir, cancelGraceMs: 5_000, sealKey: SEAL_KEY },
      outbox,
      quiet,
    );
    link = new ConsoleLink(
      {
        consoleUrl: url,
        agentId: randomUUID(),
        secret: 'a-secret-long-enough-for-the-schema',
        version: 'test',
        heartbeatSeconds: 60,
        runningRunIds: () => runner.runningRunIds(),
        onRunCancel: (runId) => runner.cancel(runId),
      },
      outbox,
      quiet,
    );
    link.start();
    await until(() => fakeConsole.connected, 5_000, 'the agent to connect');
  });

  afterEach(async () => {
    runner.cancelAll();
    link.stop();
    await fakeConsole.stop();
    rmSync(dataDir, { recursive: true, force: true });
    oracle.remove();
  });

  it('interrupts RMAN mid-run and ends the run cancelled', async () => {
    const runId = randomUUID();
    const done = runner.run(backupJob(runId, oracle.target));
    await until(() => runner.runningRunIds().includes(runId), 10_000, 'rman to start');
    await until(() => (fakeConsole.lines.get(runId)?.length ?? 0) > 3, 10_000, 'output');

    const answer = await fakeConsole.cancel({ runId });
    const state = await done;
    await until(() => !!fakeConsole.finalState(runId), 10_000, 'the final state');

    expect(answer).toEqual({ runId, cancelling: true });
    expect(state).toBe('cancelled');
    expect(fakeConsole.finalState(runId)?.state).toBe('cancelled');
    const texts = fakeConsole.lines.get(runId)?.map((l) => l.text) ?? [];
    expect(texts).toContain('ORA-01013: user requested cancel of current operation');
    expect(texts.some((t) => t.startsWith('Finished backup'))).toBe(false);
  });

  it('interrupts through the database where no signal can (Windows): KILL SESSION', async () => {
    const outbox = new Outbox(join(dataDir, 'outbox-db'));
    const viaDatabase = new BackupRunner(
      {
        platform: 'linux',
        dataDir,
        cancelGraceMs: 120_000,
        sealKey: SEAL_KEY,
        interruptBy: 'session-kill',
      },
      outbox,
      quiet,
    );
    const runId = randomUUID();
    const lines = () =>
      (outbox.pendingByRun(100_000).get(runId) ?? []).flatMap((e) =>
        e.kind === 'log' ? [e.text] : [],
      );
    const done = viaDatabase.run(backupJob(runId, oracle.target));
    await until(() => lines().some((l) => l.includes('starting piece 1')), 10_000, 'a piece');

    const cancelling = viaDatabase.cancel(runId);
    const state = await done;

    expect(cancelling).toBe(true);
    expect(state).toBe('cancelled');
    expect(lines()).toContain('ORA-00028: your session has been killed');
    expect(lines().some((l) => l.startsWith('Finished backup'))).toBe(false);
  });

  it('ends a run cancelled before it started without running RMAN', async () => {
    const runId = randomUUID();

    const answer = await fakeConsole.cancel({ runId });
    const state = await runner.run(backupJob(runId, oracle.target));

    expect(answer).toEqual({ runId, cancelling: false });
    expect(state).toBe('cancelled');
    expect(oracle.inspect()).toMatchObject({ logMode: 'ARCHIVELOG' });
    await until(() => !!fakeConsole.finalState(runId), 10_000, 'the final state');
    expect(fakeConsole.lines.get(runId)?.map((l) => l.text)).toEqual([
      'cancelled from the console before it started',
    ]);
  });

  it('answers an error to a cancel without a run id', async () => {
    await expect(fakeConsole.cancel({})).resolves.toEqual({ error: 'runId is required' });
  });
});
