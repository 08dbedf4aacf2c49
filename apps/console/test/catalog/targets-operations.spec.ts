import { getRepositoryToken } from '@nestjs/typeorm';
import { type Job, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Repository } from 'typeorm';

import { generateSealKeys, openSealed } from '@rampart/agent-seal';
import {
  agentQueueName,
  type ArchivelogEnableResult,
  type ConnectionTestResult,
  JOB_NAMES,
  type TargetInspection,
  targetPasswordPurpose,
} from '@rampart/contracts';

import { AgentEntity } from '../../src/agents/agent.entity';
import { AgentsService } from '../../src/agents/agents.service';
import { SecretBox } from '../../src/common/secret-box';
import { TargetOperationsService } from '../../src/targets/target-operations.service';
import { TargetEntity } from '../../src/targets/target.entity';
import { startTestConsole, type TestConsole } from '../support/test-console';
import { addAgent, addTarget, apiOf, signInAs } from './catalog-fixtures';

const PASSWORD = "Tiger'#1&2; DROP USER sys --";

function inspection(logMode: 'ARCHIVELOG' | 'NOARCHIVELOG', n: number): TargetInspection {
  return {
    inspectedAt: new Date().toISOString(),
    databaseName: 'PROD1',
    dbid: '1234567890',
    version: '19.21.0.0.0',
    logMode,
    openMode: 'READ WRITE',
    role: 'PRIMARY',
    recoveryArea: null,
    tablespaces: [{ name: `USERS${n}`, contents: 'PERMANENT', status: 'ONLINE' }],
    schemas: ['HR'],
    tables: [{ owner: 'HR', name: 'EMPLOYEES' }],
  };
}

/** Stands in for the agent: answers the request jobs of one queue as the contracts say. */
class StandInAgent {
  readonly jobs: Job[] = [];
  inspections = 0;
  private worker: Worker | null = null;
  private redis: Redis | null = null;

  constructor(
    private readonly console: TestConsole,
    private readonly agentId: string,
  ) {}

  start(): void {
    this.redis = new Redis(this.console.config.redisUrl, { maxRetriesPerRequest: null });
    this.worker = new Worker(agentQueueName(this.agentId), (job) => this.answer(job), {
      connection: this.redis,
      prefix: this.console.config.queuePrefix,
    });
  }

  async stop(): Promise<void> {
    await this.worker?.close();
    await this.redis?.quit();
  }

  private async answer(job: Job): Promise<unknown> {
    this.jobs.push(job);
    switch (job.name) {
      case JOB_NAMES.connectionTest:
        return {
          ok: true,
          message: 'connected as SYSBACKUP',
          databaseName: 'PROD1',
          logMode: 'NOARCHIVELOG',
          elapsedMs: 12,
        } satisfies ConnectionTestResult;
      case JOB_NAMES.targetInspect:
        return inspection('NOARCHIVELOG', ++this.inspections);
      case JOB_NAMES.archivelogEnable:
        return {
          before: 'NOARCHIVELOG',
          after: 'ARCHIVELOG',
          output: ['Database altered.'],
          needsLevel0: true,
        } satisfies ArchivelogEnableResult;
      default:
        throw new Error(`unexpected job ${job.name}`);
    }
  }
}

describe(TargetOperationsService.name, () => {
  let console: TestConsole;
  let admin: string;
  let operator: string;
  let agent: StandInAgent;
  let target: { id: string; agentId: string };

  const agentKeys = generateSealKeys();

  beforeAll(async () => {
    console = await startTestConsole();
    admin = await console.login();
    operator = await signInAs(console, 'oper2', 'operator');
    target = await addTarget(console, admin, 'PROD1', null);
    agent = new StandInAgent(console, target.agentId);
    agent.start();
    const agents = console.get(AgentsService);
    await agents.recordSealKey(
      (await agents.get(target.agentId)) as AgentEntity,
      agentKeys.publicKey,
    );
  });

  afterAll(async () => {
    await agent.stop();
    await console.close();
  });

  const call = (method: string, path: string, token: string, body?: unknown) =>
    apiOf(console)(`/api/v1/targets/${target.id}${path}`, {
      method,
      token,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  describe('update', () => {
    it('seals the password under the target id and never returns it', async () => {
      const settings = {
        name: 'PROD1',
        agentId: target.agentId,
        oracleSid: 'PROD1',
        auth: 'password',
        connectString: 'dbhost:1521/PROD1',
        username: 'c##rampart',
        password: PASSWORD,
      };

      const response = await call('PUT', '', admin, settings);
      const text = await response.text();
      const stored = await console
        .get<Repository<TargetEntity>>(getRepositoryToken(TargetEntity) as never)
        .findOneByOrFail({ id: target.id });

      expect(response.status).toBe(200);
      expect(JSON.parse(text)).toMatchObject({ hasPassword: true, auth: 'password' });
      expect(text).not.toContain('Tiger');
      expect(stored.passwordEnc).not.toContain('Tiger');
      expect(console.get(SecretBox).open(stored.passwordEnc ?? '', `target:${target.id}`)).toBe(
        PASSWORD,
      );
    });

    it('keeps the stored password when none is sent', async () => {
      const before = await (await call('GET', '', admin)).json();

      const response = await call('PUT', '', admin, {
        name: 'PROD1',
        agentId: target.agentId,
        auth: 'password',
        connectString: 'dbhost:1521/PROD1',
        username: 'c##rampart',
      });

      expect(before.hasPassword).toBe(true);
      expect((await response.json()).hasPassword).toBe(true);
    });

    it('asks for the password again when the agent, connect string or user changes', async () => {
      const moved = {
        name: 'PROD1',
        agentId: target.agentId,
        auth: 'password',
        connectString: 'otherhost:1521/PROD1',
        username: 'c##rampart',
      };

      const refused = await call('PUT', '', admin, moved);
      const renamedUser = await call('PUT', '', admin, {
        ...moved,
        connectString: 'dbhost:1521/PROD1',
        username: 'c##other',
      });
      const otherAgent = await addAgent(console, 'dbhost-elsewhere');
      const toOtherAgent = await call('PUT', '', admin, {
        ...moved,
        connectString: 'dbhost:1521/PROD1',
        agentId: otherAgent,
      });
      const accepted = await call('PUT', '', admin, { ...moved, password: PASSWORD });

      expect(refused.status).toBe(400);
      expect((await refused.json()).problems[0].field).toBe('password');
      expect(renamedUser.status).toBe(400);
      expect(toOtherAgent.status).toBe(400);
      expect((await toOtherAgent.json()).problems[0].field).toBe('password');
      expect(accepted.status).toBe(200);
    });

    it('names the field for a hostile ORACLE_HOME and forbids an operator', async () => {
      const hostile = { name: 'PROD1', agentId: target.agentId, oracleHome: '/u01/$(reboot)' };

      const bad = await call('PUT', '', admin, hostile);
      const forbidden = await call('PUT', '', operator, { ...hostile, oracleHome: null });

      expect(bad.status).toBe(400);
      expect((await bad.json()).problems[0].field).toBe('oracleHome');
      expect(forbidden.status).toBe(403);
    });
  });

  describe('testConnection', () => {
    it('asks the agent, records the log mode, and seals the password for it alone', async () => {
      const response = await call('POST', '/test-connection', operator);
      const job = agent.jobs.find((j) => j.name === JOB_NAMES.connectionTest);
      const sealed = String(job?.data.target.sealedPassword);

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ ok: true, logMode: 'NOARCHIVELOG' });
      expect(JSON.stringify(job?.data)).not.toContain('Tiger');
      expect(job?.data).toEqual({
        target: expect.objectContaining({ targetId: target.id, name: 'PROD1', auth: 'password' }),
      });
      expect(openSealed(agentKeys.privateKey, sealed, targetPasswordPurpose(target.id))).toBe(
        PASSWORD,
      );
    });

    it('answers 503 agent_offline with what to do when no agent answers in time', async () => {
      const silent = await addAgent(console, 'silent-host');
      const lonely = await addTarget(console, admin, 'LONELY', null, silent);
      const operations = console.get(TargetOperationsService);
      operations.timeouts.connectionTest = 300;

      const response = await apiOf(console)(`/api/v1/targets/${lonely.id}/test-connection`, {
        method: 'POST',
        token: operator,
      });
      const body = await response.json();

      expect(response.status).toBe(503);
      expect(body.error).toBe('agent_offline');
      expect(body.message).toContain('rampart-agent start');
    });
  });

  describe('catalog', () => {
    it('inspects once, answers from the stored inspection, and refreshes on demand', async () => {
      const first = await (await call('GET', '/catalog', admin)).json();
      const second = await (await call('GET', '/catalog', admin)).json();
      const refreshed = await (await call('GET', '/catalog?refresh=true', admin)).json();

      expect(first).toMatchObject({ cached: false, tablespaces: [{ name: 'USERS1' }] });
      expect(second).toMatchObject({ cached: true, tablespaces: [{ name: 'USERS1' }] });
      expect(refreshed).toMatchObject({ cached: false, tablespaces: [{ name: 'USERS2' }] });
      expect(refreshed.schemas).toEqual(['HR']);
    });

    it('names the query field when refresh is not a boolean', async () => {
      const response = await call('GET', "/catalog?refresh=1'--", admin);

      expect(response.status).toBe(400);
      expect((await response.json()).problems[0].field).toBe('refresh');
    });
  });

  describe('archivelog', () => {
    it('refuses the switch on a password target: a restart needs OS authentication', async () => {
      const response = await call('POST', '/archivelog/enable', admin, { confirm: 'PROD1' });

      expect(response.status).toBe(409);
      expect((await response.json()).message).toMatch(/needs OS authentication on its host/);
      const osSettings = { name: 'PROD1', agentId: target.agentId, oracleHome: '/u01/app/oracle' };
      expect((await call('PUT', '', admin, { ...osSettings, oracleSid: 'PROD1' })).status).toBe(
        200,
      );
    });

    it('warns in plain words when the target is in NOARCHIVELOG mode', async () => {
      await call('GET', '/catalog?refresh=true', admin);

      const status = await (await call('GET', '/archivelog', operator)).json();

      expect(status).toMatchObject({ targetName: 'PROD1', logMode: 'NOARCHIVELOG' });
      expect(status.warning).toContain('NOARCHIVELOG');
      expect(status.warning).toContain('restarts');
    });

    it('refuses the switch unless the body repeats the target name exactly', async () => {
      const wrong = await call('POST', '/archivelog/enable', admin, { confirm: 'prod1' });
      const missing = await call('POST', '/archivelog/enable', admin, {});
      const operatorTry = await call('POST', '/archivelog/enable', operator, { confirm: 'PROD1' });

      expect(wrong.status).toBe(400);
      expect((await wrong.json()).problems[0].field).toBe('confirm');
      expect(missing.status).toBe(400);
      expect(operatorTry.status).toBe(403);
      expect(agent.jobs.filter((j) => j.name === JOB_NAMES.archivelogEnable)).toHaveLength(0);
    });

    it('switches an admin-confirmed target, records the result and audits it', async () => {
      const response = await call('POST', '/archivelog/enable', admin, { confirm: 'PROD1' });
      const status = await (await call('GET', '/archivelog', operator)).json();
      const audit = await (
        await apiOf(console)(`/api/v1/audit?action=archivelog.enable&entityId=${target.id}`, {
          token: admin,
        })
      ).json();

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ after: 'ARCHIVELOG', needsLevel0: true });
      expect(status).toMatchObject({ logMode: 'ARCHIVELOG', warning: null });
      expect(audit.items[0]).toMatchObject({ actorName: 'admin', details: { ok: true } });
      const job = agent.jobs.find((j) => j.name === JOB_NAMES.archivelogEnable);
      expect(job?.data).toMatchObject({ confirmed: true, requestedBy: 'admin' });
    });
  });
});
