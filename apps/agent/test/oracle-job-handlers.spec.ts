import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Job, UnrecoverableError } from 'bullmq';

import { generateSealKeys } from '@rampart/agent-seal';
import {
  type ArchivelogEnableResult,
  archivelogEnableResultSchema,
  type ConnectionTestResult,
  connectionTestResultSchema,
  JOB_NAMES,
  type TargetConnection,
  targetInspectionSchema,
} from '@rampart/contracts';

import { AgentLogger } from '../src/agent-logger';
import { oracleJobHandlers } from '../src/worker/oracle-job-handlers';
import { createSimulatedOracle, type SimulatedOracle } from './support/simulated-oracle';

const quiet = new AgentLogger('error');
const SEAL_KEY = generateSealKeys().privateKey;

function runJob(dataDir: string, name: string, data: unknown): Promise<unknown> {
  const handlers = oracleJobHandlers({ platform: 'linux', dataDir, sealKey: SEAL_KEY }, quiet);
  const handler = handlers[name];
  if (!handler) throw new Error(`no handler for ${name}`);
  return handler({ id: 'job-1', name, data } as Job);
}

describe('oracleJobHandlers', () => {
  let oracle: SimulatedOracle;
  let dataDir: string;

  beforeAll(() => {
    oracle = createSimulatedOracle({ archivelog: false });
  });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rampart-agent-data-'));
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  afterAll(() => oracle.remove());

  const withTarget = (change: Partial<TargetConnection>) => ({ ...oracle.target, ...change });

  describe(JOB_NAMES.targetInspect, () => {
    it('answers the version, log mode, recovery area and the pickers of the database', async () => {
      const result = targetInspectionSchema.parse(
        await runJob(dataDir, JOB_NAMES.targetInspect, { target: oracle.target }),
      );

      expect(result).toMatchObject({
        databaseName: 'DEMO',
        logMode: 'NOARCHIVELOG',
        openMode: 'READ WRITE',
        role: 'PRIMARY',
      });
      expect(result.version).toMatch(/^19\./);
      expect(result.dbid).toMatch(/^\d+$/);
      expect(result.recoveryArea?.limitBytes).toBe(2048 * 1024 * 1024);
      expect(result.tablespaces).toContainEqual({
        name: 'USERS',
        contents: 'PERMANENT',
        status: 'ONLINE',
      });
      expect(result.schemas).toEqual(['HR', 'SALES']);
      expect(result.tables).toContainEqual({ owner: 'HR', name: 'EMPLOYEES' });
      expect(result.tables.every((t) => result.schemas.includes(t.owner))).toBe(true);
    });

    it('leaves no scratch directory behind', async () => {
      await runJob(dataDir, JOB_NAMES.targetInspect, { target: oracle.target });

      expect(existsSync(join(dataDir, 'work'))).toBe(true);
      expect(require('node:fs').readdirSync(join(dataDir, 'work'))).toEqual([]);
    });

    it('refuses a payload without a target for good, naming the field', async () => {
      const attempt = runJob(dataDir, JOB_NAMES.targetInspect, {});

      await expect(attempt).rejects.toBeInstanceOf(UnrecoverableError);
      await expect(attempt).rejects.toThrow(/target/);
    });

    it('refuses for good a password target sent without its sealed password', async () => {
      const target = withTarget({ auth: 'password', username: 'system' });

      await expect(runJob(dataDir, JOB_NAMES.targetInspect, { target })).rejects.toThrow(
        /password authentication but .* sealed password is missing: save the target/,
      );
    });
  });

  describe(JOB_NAMES.connectionTest, () => {
    const test = async (target: TargetConnection) =>
      connectionTestResultSchema.parse(
        await runJob(dataDir, JOB_NAMES.connectionTest, { target }),
      ) as ConnectionTestResult;

    it('answers ok with the database name and log mode', async () => {
      const result = await test(oracle.target);

      expect(result).toMatchObject({ ok: true, databaseName: 'DEMO', logMode: 'NOARCHIVELOG' });
      expect(result.elapsedMs).toBeGreaterThan(0);
    });

    it('says to start the instance or fix the SID when the SID names no instance', async () => {
      const result = await test(withTarget({ oracleSid: 'NOSUCH' }));

      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/ORA-01034.*start it or fix the SID/);
    });

    it('says to check ORACLE_HOME when sqlplus is not there', async () => {
      const result = await test(withTarget({ oracleHome: join(oracle.dir, 'missing') }));

      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/could not start sqlplus.*check ORACLE_HOME/);
    });

    it.each([
      ['a shell command', 'DEMO; touch PWNED'],
      ['a command substitution', '$(touch PWNED)'],
      ['a new line', 'DEMO\nEXIT'],
      ['a path', '../../etc'],
    ])('refuses an ORACLE_SID holding %s without running anything', async (_what, sid) => {
      const result = await test(withTarget({ oracleSid: sid }));

      expect(result.ok).toBe(false);
      expect(result.message).toMatch(/ORACLE_SID must start with a letter/);
      expect(existsSync(join(dataDir, 'PWNED'))).toBe(false);
    });

    it.each([
      ['a relative path', 'oracle/home'],
      ['a control character', '/u01/app/oracle\n/bin'],
    ])('refuses an ORACLE_HOME that is %s', async (_what, home) => {
      const result = await test(withTarget({ oracleHome: home }));

      expect(result).toMatchObject({ ok: false });
      expect(result.message).toMatch(/ORACLE_HOME must be an absolute directory path/);
    });
  });

  describe(JOB_NAMES.archivelogEnable, () => {
    it('refuses to restart the database without an explicit confirmation', async () => {
      const attempt = runJob(dataDir, JOB_NAMES.archivelogEnable, {
        target: oracle.target,
        confirmed: false,
        requestedBy: 'admin',
      });

      await expect(attempt).rejects.toBeInstanceOf(UnrecoverableError);
      await expect(attempt).rejects.toThrow(/confirmed.*needs confirmed: true/);
      expect(oracle.inspect().logMode).toBe('NOARCHIVELOG');
    });

    it('restarts the database in ARCHIVELOG mode and asks for a level 0', async () => {
      const result = archivelogEnableResultSchema.parse(
        await runJob(dataDir, JOB_NAMES.archivelogEnable, {
          target: oracle.target,
          confirmed: true,
          requestedBy: 'admin',
        }),
      ) as ArchivelogEnableResult;

      expect(result).toMatchObject({ before: 'NOARCHIVELOG', after: 'ARCHIVELOG' });
      expect(result.needsLevel0).toBe(true);
      expect(result.output).toEqual(
        expect.arrayContaining(['Database mounted.', 'Database altered.']),
      );
      expect(result.output.at(-1)).toMatch(/level 0/);
      expect(oracle.inspect()).toMatchObject({ logMode: 'ARCHIVELOG', instanceStatus: 'OPEN' });
    });

    it('leaves a database already in ARCHIVELOG alone', async () => {
      const result = (await runJob(dataDir, JOB_NAMES.archivelogEnable, {
        target: oracle.target,
        confirmed: true,
        requestedBy: 'admin',
      })) as ArchivelogEnableResult;

      expect(result).toMatchObject({ before: 'ARCHIVELOG', after: 'ARCHIVELOG' });
      expect(result.needsLevel0).toBe(false);
      expect(result.output.join('\n')).not.toMatch(/shut down/);
    });
  });
});
