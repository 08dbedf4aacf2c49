import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { generateSealKeys } from '@rampart/agent-seal';
import { strategyDocumentSchema } from '@rampart/contracts';

import { AgentLogger } from '../src/agent-logger';
import { Outbox } from '../src/outbox/outbox';
import { BackupRunner } from '../src/runner/backup-runner';
import { backupJob } from './support/fake-console';
import { createSimulatedOracle, type SimulatedOracle } from './support/simulated-oracle';

const SEAL_KEY = generateSealKeys().privateKey;

/** The console admits custom scripts from admins only; the agent then runs them. */
describe('a custom strategy on the agent', () => {
  let oracle: SimulatedOracle;
  let dataDir: string;

  beforeEach(() => {
    oracle = createSimulatedOracle();
    dataDir = mkdtempSync(join(tmpdir(), 'rampart-agent-custom-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
    oracle.remove();
  });

  it('runs the admitted script to success instead of refusing it', async () => {
    const outbox = new Outbox(join(dataDir, 'outbox'));
    const runner = new BackupRunner(
      { platform: 'linux', dataDir, cancelGraceMs: 1_000, sealKey: SEAL_KEY },
      outbox,
      new AgentLogger('error'),
    );
    const runId = randomUUID();
    const job = {
      ...backupJob(runId, oracle.target),
      strategy: strategyDocumentSchema.parse({
        name: 'DEMO custom',
        target: oracle.target.name,
        type: 'custom',
        custom: { script: "RUN {\n  BACKUP DATABASE TAG 'CUSTOM_OK';\n}\n" },
      }),
    };

    const state = await runner.run(job);

    expect(state).toBe('succeeded');
    const events = readFileSync(join(dataDir, 'outbox', `${runId}.jsonl`), 'utf8');
    expect(events).toContain('CUSTOM_OK');
  });

  it('reports the bytes the run wrote, as the database recorded them', async () => {
    const outbox = new Outbox(join(dataDir, 'outbox'));
    const runner = new BackupRunner(
      { platform: 'linux', dataDir, cancelGraceMs: 1_000, sealKey: SEAL_KEY },
      outbox,
      new AgentLogger('error'),
    );
    const runId = randomUUID();

    const state = await runner.run(backupJob(runId, oracle.target));

    const events = readFileSync(join(dataDir, 'outbox', `${runId}.jsonl`), 'utf8')
      .trim()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            kind: string;
            verdict?: { bytes: number | null; handles: string[] };
          },
      );
    const verdict = events.find((e) => e.kind === 'state' && e.verdict)?.verdict;
    const onDisk = (verdict?.handles ?? [])
      .filter((handle) => existsSync(handle))
      .reduce((sum, handle) => sum + statSync(handle).size, 0);
    expect(state).toBe('succeeded');
    expect(verdict?.bytes).toBeGreaterThan(0);
    expect(verdict?.bytes).toBe(onDisk);
  });
});
