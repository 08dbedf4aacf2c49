import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

import { type Job, UnrecoverableError } from 'bullmq';
import type { z } from 'zod';

import {
  archivelogEnableJobSchema,
  JOB_NAMES,
  type TargetConnection,
  targetJobSchema,
} from '@rampart/contracts';

import type { AgentLogger } from '../agent-logger';
import { enableArchivelog } from '../oracle/archivelog-switch';
import { testConnection } from '../oracle/connection-tester';
import { OracleAccessError, openOracleSession } from '../oracle/oracle-session';
import { inspectTarget } from '../oracle/target-inspector';
import type { OracleDriver } from '../oracle/thin-session';
import type { HostPlatform } from '../platform/platform-paths';
import type { JobHandlers } from './job-handlers';

export interface OracleJobOptions {
  platform: HostPlatform;
  dataDir: string;
  sealKey: string;
  loadDriver?: () => OracleDriver;
}

/** `target.inspect`, `connection.test` and `archivelog.enable`: request/answer jobs. */
export function oracleJobHandlers(options: OracleJobOptions, log: AgentLogger): JobHandlers {
  const inScratch = <T>(work: (dir: string) => Promise<T>) => withScratchDir(options, work);
  const session = (target: TargetConnection, workDir: string) =>
    openOracleSession({ ...options, workDir }, target);

  return {
    [JOB_NAMES.targetInspect]: async (job) => {
      const { target } = payload(job, targetJobSchema);
      log.info('inspecting target', { target: target.name, jobId: job.id });
      return inScratch((dir) => unrecoverableOnAccess(() => inspectTarget(session(target, dir))));
    },

    [JOB_NAMES.connectionTest]: async (job) => {
      const { target } = payload(job, targetJobSchema);
      const result = await inScratch((dir) => testConnection(target, () => session(target, dir)));
      log.info('tested connection', { target: target.name, ok: result.ok });
      return result;
    },

    [JOB_NAMES.archivelogEnable]: async (job) => {
      const request = payload(job, archivelogEnableJobSchema, 'needs confirmed: true');
      const target = request.target;
      log.warn('restarting the database to enable ARCHIVELOG', {
        target: target.name,
        requestedBy: request.requestedBy,
      });
      const result = await inScratch((dir) =>
        unrecoverableOnAccess(() => enableArchivelog(session(target, dir))),
      );
      log.info('log mode switched', {
        target: target.name,
        before: result.before,
        after: result.after,
      });
      return result;
    },
  };
}

/** A payload that fails its schema is refused for good: retrying cannot mend it. */
function payload<S extends z.ZodType>(job: Job, schema: S, hint = ''): z.output<S> {
  const parsed = schema.safeParse(job.data);
  if (parsed.success) return parsed.data;

  const issue = parsed.error.issues[0];
  const where = issue?.path.join('.') || 'payload';
  const because = hint ? ` (${job.name} ${hint})` : '';
  throw new UnrecoverableError(`invalid ${job.name} job: ${where} ${issue?.message}${because}`);
}

async function unrecoverableOnAccess<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof OracleAccessError) throw new UnrecoverableError(error.message);
    throw error;
  }
}

/** SQL*Plus runs in a private directory of its own, removed afterwards. */
async function withScratchDir<T>(
  options: OracleJobOptions,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const parent = join(options.dataDir, 'work');
  mkdirSync(parent, { recursive: true, mode: 0o700 });
  const dir = mkdtempSync(join(parent, 'sqlplus-'));
  try {
    return await work(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
