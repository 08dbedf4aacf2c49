import { join } from 'node:path';

import { AgentLogger } from './agent-logger';
import type { AgentConfig } from './config/agent-config';
import { loadOrCreateSealKeys } from './config/seal-keys';
import { ConsoleLink } from './link/console-link';
import { Outbox } from './outbox/outbox';
import { BackupRunner } from './runner/backup-runner';
import { createAgentScheduling } from './scheduling/agent-scheduling';
import { AgentWorker } from './worker/agent-worker';
import { oracleJobHandlers } from './worker/oracle-job-handlers';

export const AGENT_VERSION = '0.1.0';

const SHUTDOWN_WAIT_MS = 30_000;
const FLUSH_WAIT_MS = 10_000;

export interface RunningAgent {
  stop(): Promise<void>;
}

/** The daemon: a queue worker, the runner, the outbox and the link to the console. */
export async function startDaemon(
  config: AgentConfig,
  log = new AgentLogger(),
): Promise<RunningAgent> {
  const outbox = new Outbox(join(config.dataDir, 'outbox'));
  reportRunsCutShort(outbox, log);
  const sealKeys = loadOrCreateSealKeys(config.dataDir);

  const runner = new BackupRunner(
    {
      platform: config.platform,
      dataDir: config.dataDir,
      cancelGraceMs: config.cancelGraceSeconds * 1000,
      sealKey: sealKeys.privateKey,
    },
    outbox,
    log,
  );
  const link = new ConsoleLink(
    {
      consoleUrl: config.consoleUrl,
      agentId: config.agentId,
      secret: config.secret,
      sealPublicKey: sealKeys.publicKey,
      version: AGENT_VERSION,
      heartbeatSeconds: config.heartbeatSeconds,
      runningRunIds: () => runner.runningRunIds(),
      onRunCancel: (runId) => runner.cancel(runId),
    },
    outbox,
    log,
  );
  const scheduling = createAgentScheduling(config, link, log, sealKeys.privateKey);
  const worker = new AgentWorker(
    {
      agentId: config.agentId,
      redisUrl: config.redisUrl,
      queuePrefix: config.queuePrefix,
      concurrency: config.concurrency,
    },
    runner,
    log,
    {
      ...oracleJobHandlers(
        { platform: config.platform, dataDir: config.dataDir, sealKey: sealKeys.privateKey },
        log,
      ),
      ...scheduling.handlers,
    },
  );

  link.start();
  await scheduling.start();
  worker.start();
  log.info('agent started', { agentId: config.agentId, platform: config.platform });

  return {
    async stop() {
      log.info('agent stopping: finishing the runs in hand');
      const finished = await Promise.race([
        worker.stop().then(() => true),
        sleep(SHUTDOWN_WAIT_MS).then(() => false),
      ]);
      if (!finished) {
        log.warn('runs still going at shutdown: cancelling them');
        runner.cancelAll();
        await worker.stop(true);
      }

      const delivered = await link.flush(FLUSH_WAIT_MS);
      if (!delivered) log.warn('some events stay in the outbox; they go at the next start');
      await scheduling.stop();
      link.stop();
    },
  };
}

/** A run whose last event is not final was cut short when the agent last stopped. */
function reportRunsCutShort(outbox: Outbox, log: AgentLogger): void {
  for (const runId of outbox.unfinishedRuns()) {
    log.warn('run was cut short by an agent stop', { runId });
    outbox.append(runId, {
      kind: 'log',
      ts: new Date().toISOString(),
      stream: 'agent',
      text:
        'The agent stopped during this run; its outcome is unknown. ' +
        'Check the backup and run it again.',
    });
    outbox.append(runId, {
      kind: 'state',
      ts: new Date().toISOString(),
      state: 'interrupted',
      message: 'the agent stopped during the run',
    });
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}
