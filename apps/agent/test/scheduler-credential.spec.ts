import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Job, UnrecoverableError } from 'bullmq';

import { generateSealKeys, sealFor } from '@rampart/agent-seal';
import {
  SCHEDULER_CREDENTIAL_NAME,
  schedulerCredentialPurpose,
  schedulerJobName,
  type TargetConnection,
} from '@rampart/contracts';

import { AgentLogger } from '../src/agent-logger';
import { runSqlplus } from '../src/oracle/sqlplus-session';
import { SchedulerJobs } from '../src/scheduling/scheduler-jobs';
import { SyncedSchedules } from '../src/scheduling/synced-schedules';
import { createSimulatedOracle, type SimulatedOracle } from './support/simulated-oracle';

const STRATEGY = '7c4e2a10-5b3d-4e8f-9a1b-2c3d4e5f6a7b';
const PASSWORD = "Sched'uler&Pa55";

describe('Scheduler jobs with an OS credential', () => {
  const keys = generateSealKeys();
  let prod: SimulatedOracle;
  let standby: SimulatedOracle;
  let dataDir: string;
  let logged: string;
  let jobs: SchedulerJobs;

  beforeAll(() => {
    prod = createSimulatedOracle({ sid: 'PROD1' });
    standby = createSimulatedOracle({ sid: 'PROD2' });
  });

  afterAll(() => {
    prod.remove();
    standby.remove();
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rampart-agent-credential-'));
    logged = '';
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      logged += String(chunk);
      return true;
    });
    jobs = new SchedulerJobs(
      {
        platform: 'linux',
        dataDir,
        nodePath: '/usr/bin/node',
        agentMain: '/opt/rampart/agent/main.js',
        configFile: '/etc/rampart/agent.json',
        sealKey: keys.privateKey,
      },
      new SyncedSchedules(join(dataDir, 'schedules.json')),
      new AgentLogger('debug'),
    );
  });

  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const syncJob = (target: TargetConnection, credential: unknown) =>
    ({
      id: 'sync-1',
      name: 'schedule.sync',
      data: {
        strategyId: STRATEGY,
        jobName: schedulerJobName(STRATEGY),
        strategy: { name: 'Nightly', target: target.name, type: 'full' },
        schedule: { spec: { kind: 'daily', time: '01:30', timezone: 'Europe/Paris' } },
        target,
        credential,
      },
    }) as Job;

  const sealed = (password: string, publicKey = keys.publicKey) =>
    sealFor(publicKey, password, schedulerCredentialPurpose(prod.target.targetId));

  const query = (oracle: SimulatedOracle, sql: string) =>
    runSqlplus(
      'linux',
      { oracleHome: oracle.oracleHome, oracleSid: oracle.target.oracleSid },
      [sql],
      dataDir,
    );

  it('creates the credential, runs the job under it, and never logs the password', async () => {
    const answer = await jobs.sync(
      syncJob(prod.target, { username: 'oracle', sealedPassword: sealed(PASSWORD) }),
    );

    const credentials = await query(
      prod,
      'SELECT credential_name, username FROM dba_scheduler_credentials;',
    );
    const job = await query(
      prod,
      `SELECT credential_name FROM dba_scheduler_jobs WHERE job_name = '${answer.jobName}';`,
    );
    expect(answer.outcome).toBe('registered');
    expect(credentials).toEqual([[SCHEDULER_CREDENTIAL_NAME, 'oracle']]);
    expect(job).toEqual([[SCHEDULER_CREDENTIAL_NAME]]);
    expect(logged).toContain('registered scheduler job');
    expect(logged).not.toContain('Pa55');
  });

  it('updates the credential in place when the account changes', async () => {
    await jobs.sync(syncJob(prod.target, { username: 'oracle', sealedPassword: sealed('a1') }));
    await jobs.sync(syncJob(prod.target, { username: 'orabackup', sealedPassword: sealed('b2') }));

    const credentials = await query(
      prod,
      'SELECT credential_name, username FROM dba_scheduler_credentials;',
    );
    expect(credentials).toEqual([[SCHEDULER_CREDENTIAL_NAME, 'orabackup']]);
  });

  it('refuses for good a password sealed for another agent, saying what to do', async () => {
    const stranger = generateSealKeys();
    const job = syncJob(prod.target, {
      username: 'oracle',
      sealedPassword: sealed(PASSWORD, stranger.publicKey),
    });

    const failure = await jobs.sync(job).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(String(failure)).toMatch(/cannot be opened.*restart the agent/);
    expect(String(failure)).not.toContain('Pa55');
  });

  it('drops the job from the database a target left when its SID changes', async () => {
    await jobs.sync(syncJob(prod.target, null));
    const moved = { ...prod.target, oracleHome: standby.oracleHome, oracleSid: 'PROD2' };
    await jobs.sync(syncJob(moved, null));

    const name = schedulerJobName(STRATEGY);
    const left = await query(
      prod,
      `SELECT job_name FROM dba_scheduler_jobs WHERE job_name = '${name}';`,
    );
    const now = await query(
      standby,
      `SELECT job_name FROM dba_scheduler_jobs WHERE job_name = '${name}';`,
    );
    expect(left).toEqual([]);
    expect(now).toEqual([[name]]);
    expect(logged).toContain('dropped scheduler job from the database the target left');
  });
});
