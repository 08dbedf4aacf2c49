import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type Job, UnrecoverableError } from 'bullmq';

import { generateSealKeys, sealFor } from '@rampart/agent-seal';
import {
  type ConnectionTestResult,
  JOB_NAMES,
  type TargetConnection,
  targetInspectionSchema,
  targetPasswordPurpose,
} from '@rampart/contracts';

import { AgentLogger } from '../src/agent-logger';
import type { OracleDriver, OracleDriverConnection } from '../src/oracle/thin-session';
import { oracleJobHandlers } from '../src/worker/oracle-job-handlers';

const PASSWORD = "Net'Pa55&word";

/**
 * Stands in for Oracle Net, which cannot run here: answers the dictionary queries the agent
 * sends as a 19c database would, and records what it was asked.
 */
class StandInOracleNet implements OracleDriver {
  readonly OUT_FORMAT_ARRAY = 4001;
  readonly logins: { user: string; password: string; connectString: string }[] = [];
  readonly statements: string[] = [];
  closed = 0;
  refuseWith: Error | null = null;
  logMode = 'ARCHIVELOG';

  async getConnection(settings: { user: string; password: string; connectString: string }) {
    this.logins.push(settings);
    if (this.refuseWith) throw this.refuseWith;

    const connection: OracleDriverConnection = {
      execute: async (sql) => {
        this.statements.push(sql);
        return { rows: answerTo(sql, this.logMode) };
      },
      close: async () => {
        this.closed += 1;
      },
    };
    return connection;
  }
}

function answerTo(sql: string, logMode: string): unknown[][] {
  if (sql === 'SELECT name, dbid, log_mode, open_mode, database_role FROM v$database') {
    return [['PROD', 1234567890, logMode, 'READ WRITE', 'PRIMARY']];
  }
  if (sql === 'SELECT name, log_mode FROM v$database') return [['PROD', logMode]];
  if (sql === 'SELECT log_mode FROM v$database') return [[logMode]];
  if (/v\$instance/.test(sql)) return [['19.21.0.0.0', 'PROD', 'OPEN']];
  if (/v\$recovery_file_dest/.test(sql)) return [['/u02/fra', 161061273600, 2147483648, 0, 12]];
  if (/dba_tablespaces/.test(sql)) return [['USERS', 'PERMANENT', 'ONLINE']];
  if (/dba_users/.test(sql)) return [['HR']];
  if (/dba_tables/.test(sql))
    return [
      ['HR', 'EMPLOYEES'],
      ['SYSTEM', 'HELP'],
    ];
  throw new Error(`ORA-00942: table or view does not exist (${sql})`);
}

describe('password targets over Oracle Net (thin driver)', () => {
  const keys = generateSealKeys();
  let dataDir: string;
  let net: StandInOracleNet;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'rampart-agent-password-'));
    net = new StandInOracleNet();
  });

  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const target = (change: Partial<TargetConnection> = {}): TargetConnection => ({
    targetId: 'target-9',
    name: 'PROD',
    oracleHome: null,
    oracleSid: null,
    auth: 'password',
    connectString: 'dbhost:1521/PROD',
    username: 'c##rampart',
    sealedPassword: sealFor(keys.publicKey, PASSWORD, targetPasswordPurpose('target-9')),
    ...change,
  });

  const run = (name: string, data: unknown, driver: OracleDriver = net) => {
    const handlers = oracleJobHandlers(
      { platform: 'linux', dataDir, sealKey: keys.privateKey, loadDriver: () => driver },
      new AgentLogger('error'),
    );
    return (handlers[name] as NonNullable<(typeof handlers)[string]>)({
      id: 'job-1',
      name,
      data,
    } as Job);
  };

  it('tests the connection with the opened password, as the target user', async () => {
    const result = (await run(JOB_NAMES.connectionTest, {
      target: target(),
    })) as ConnectionTestResult;

    expect(result).toMatchObject({
      ok: true,
      databaseName: 'PROD',
      logMode: 'ARCHIVELOG',
      message: 'connected to PROD (ARCHIVELOG) as c##rampart over Oracle Net',
    });
    expect(net.logins).toEqual([
      { user: 'c##rampart', password: PASSWORD, connectString: 'dbhost:1521/PROD' },
    ]);
    expect(net.statements).toEqual(['SELECT name, log_mode FROM v$database']);
    expect(net.closed).toBe(1);
  });

  it('inspects the database for the wizard through the same session', async () => {
    const inspection = targetInspectionSchema.parse(
      await run(JOB_NAMES.targetInspect, { target: target() }),
    );

    expect(inspection).toMatchObject({
      databaseName: 'PROD',
      dbid: '1234567890',
      version: '19.21.0.0.0',
      recoveryArea: { limitBytes: 161061273600, files: 12 },
      schemas: ['HR'],
      tables: [{ owner: 'HR', name: 'EMPLOYEES' }],
    });
    expect(net.statements.every((sql) => !sql.endsWith(';'))).toBe(true);
    expect(net.closed).toBe(1);
  });

  it('says what to fix when the database refuses the password', async () => {
    net.refuseWith = new Error('ORA-01017: invalid username/password; logon denied');

    const result = (await run(JOB_NAMES.connectionTest, {
      target: target(),
    })) as ConnectionTestResult;

    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/ORA-01017.*check the user and password of the target/);
    expect(result.message).not.toContain('Pa55');
  });

  it('refuses a password sealed for another agent, and a target sent without one', async () => {
    const stranger = generateSealKeys();
    const foreign = target({
      sealedPassword: sealFor(stranger.publicKey, PASSWORD, targetPasswordPurpose('target-9')),
    });

    const refused = (await run(JOB_NAMES.connectionTest, {
      target: foreign,
    })) as ConnectionTestResult;
    const missing = await run(JOB_NAMES.targetInspect, {
      target: target({ sealedPassword: undefined }),
    }).catch((error: unknown) => error);

    expect(refused).toMatchObject({ ok: false });
    expect(refused.message).toMatch(/cannot be opened with this agent's key/);
    expect(missing).toBeInstanceOf(UnrecoverableError);
    expect(net.logins).toEqual([]);
  });

  it('refuses the ARCHIVELOG switch for good: a restart needs OS authentication', async () => {
    const data = { target: target(), confirmed: true, requestedBy: 'admin' };
    net.logMode = 'NOARCHIVELOG';

    const failure = await run(JOB_NAMES.archivelogEnable, data).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(String(failure)).toMatch(/needs OS authentication on its host/);
  });

  it('reaches the real thin driver, which reports a closed port with what to check', async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const local = target({ connectString: `127.0.0.1:${closedPort}/PROD` });
    const handlers = oracleJobHandlers(
      { platform: 'linux', dataDir, sealKey: keys.privateKey },
      new AgentLogger('error'),
    );

    const testConnection = handlers[JOB_NAMES.connectionTest] as NonNullable<
      (typeof handlers)[string]
    >;
    const result = (await testConnection({
      id: 'job-2',
      name: JOB_NAMES.connectionTest,
      data: { target: local },
    } as Job)) as ConnectionTestResult;

    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/NJS-\d+|ORA-\d+/);
    expect(result.message).toMatch(/check the connect string/);
    expect(result.message).not.toContain('Pa55');
  });
});
