import { parseRmanLog } from '@rampart/rman';

import { SimHost, ToolRun } from './sim-harness';

function fullBackup(host: SimHost, device = 'disk'): ToolRun {
  const dir = host.dir('bk');
  const format = device === 'disk' ? ` format '${dir}/%d_%U'` : '';
  return host.rman(`run {
  allocate channel c1 device type ${device}${format};
  allocate channel c2 device type ${device}${format};
  backup as compressed backupset database plus archivelog tag 'NIGHTLY';
}
`);
}

function fault(host: SimHost, kind: string, once = false): void {
  host.cli(
    'fault',
    '--home',
    host.home,
    '--sid',
    'DEMO',
    '--kind',
    kind,
    ...(once ? ['--once'] : []),
  );
}

describe('rman faults', () => {
  let host: SimHost;

  beforeEach(() => {
    host = new SimHost();
    host.create();
  });

  afterEach(() => host.cleanup());

  it('disk-full: ORA-19502 / ORA-27072 per channel, failed, archived-log pieces kept', () => {
    fault(host, 'disk-full');
    const run = fullBackup(host);
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(run.status).toBe(1);
    expect(verdict.status).toBe('failed');
    expect(verdict.errorCodes).toEqual(
      expect.arrayContaining(['RMAN-03009', 'ORA-19502', 'ORA-27072']),
    );
    expect(verdict.primaryError).toBe('ORA-27072');
    expect(run.stdout).toMatch(
      /channel c1 disabled, job failed on it will be run on another channel/,
    );
    expect(verdict.handles.length).toBeGreaterThan(0);
  });

  it('fra-full: RMAN-03002 with ORA-19809 / ORA-19804', () => {
    fault(host, 'fra-full');
    const run = host.rman("backup incremental level 0 database plus archivelog tag 'L0';\n");
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(verdict.status).toBe('failed');
    expect(verdict.errorCodes).toEqual(['RMAN-03002', 'ORA-19809', 'ORA-19804']);
    expect(run.stdout).toMatch(
      /RMAN-03002: failure of backup plus archivelog command at \d\d\/\d\d\/\d{4} /,
    );
  });

  it('a recovery area really over its limit gives the same stack', () => {
    host.cleanup();
    host = new SimHost();
    host.create('--fra-limit-mb', '1');
    const run = host.rman('backup database;\n');

    expect(parseRmanLog(run.stdout, run.status).errorCodes).toContain('ORA-19809');
  });

  it('noarchivelog: RMAN-06149 after the informational ORA-00258', () => {
    fault(host, 'noarchivelog');
    const run = host.rman('backup database plus archivelog;\n');
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(verdict.status).toBe('failed');
    expect(verdict.primaryError).toBe('RMAN-06149');
    expect(run.stdout).toMatch(/backup cancelled because there are no files to backup/);
  });

  it('a NOARCHIVELOG database refuses an open tablespace backup with ORA-19602', () => {
    host.cleanup();
    host = new SimHost();
    host.create('--noarchivelog');
    const run = host.rman('backup tablespace users;\n');

    expect(parseRmanLog(run.stdout, run.status).errorCodes).toContain('ORA-19602');
  });

  it('missing-archivelog: RMAN-06059 + ORA-19625, until a crosscheck', () => {
    fault(host, 'missing-archivelog', true);
    const run = host.rman('backup archivelog all;\n');
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(verdict.status).toBe('failed');
    expect(verdict.errorCodes).toEqual(['RMAN-03002', 'RMAN-06059', 'ORA-19625', 'ORA-27037']);
    const fixed = host.rman('crosscheck archivelog all;\nbackup archivelog all;\n');
    expect(parseRmanLog(fixed.stdout, fixed.status).status).toBe('success');
  });

  it('insufficient-privileges: the connect stack and no "Recovery Manager complete."', () => {
    fault(host, 'insufficient-privileges', true);
    const run = host.rman('backup database;\n');
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(run.status).toBe(1);
    expect(verdict.status).toBe('failed');
    expect(verdict.errorCodes).toEqual(['RMAN-00554', 'RMAN-04005', 'ORA-01031']);
    expect(run.stdout).not.toMatch(/Recovery Manager complete/);
    expect(parseRmanLog(host.rman('backup database;\n').stdout).status).toBe('success');
  });

  it('killed-session: ORA-00028 then ORA-03113, interrupted', () => {
    fault(host, 'killed-session');
    const run = fullBackup(host);
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(verdict.status).toBe('interrupted');
    expect(verdict.errorCodes).toEqual(expect.arrayContaining(['ORA-00028', 'ORA-03113']));
  });

  it('media-manager: ORA-19511 on an SBT channel', () => {
    fault(host, 'media-manager');
    const run = fullBackup(host, 'sbt');
    const verdict = parseRmanLog(run.stdout, run.status);

    expect(verdict.status).toBe('failed');
    expect(verdict.errorCodes).toEqual(expect.arrayContaining(['ORA-19506', 'ORA-19511']));
  });

  it('slow-io: the same success, slower', () => {
    const normal = fullBackup(host);
    fault(host, 'slow-io');
    const slow = host.rman("backup database tag 'SLOW';\n");

    expect(parseRmanLog(slow.stdout, slow.status).status).toBe('success');
    expect(slow.ms).toBeGreaterThan(normal.ms);
  });

  it('SIGINT cancels like Ctrl-C: ORA-01013 / RMAN-03099, interrupted', async () => {
    host.cleanup();
    host = new SimHost();
    host.create('--pace-ms', '300');
    const child = host.spawnRman('backup database;\n');
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('starting piece 1')) child.kill('SIGINT');
    });
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const verdict = parseRmanLog(out, status);

    expect(status).toBe(1);
    expect(verdict.status).toBe('interrupted');
    expect(verdict.errorCodes).toEqual(['RMAN-03009', 'ORA-01013', 'RMAN-03099']);
  });

  it('KILL SESSION on the v$session of a SET COMMAND ID ends RMAN with ORA-00028', async () => {
    host.cleanup();
    host = new SimHost();
    host.create('--pace-ms', '300');
    const script = "run {\n set command id to 'rampart-42';\n backup database;\n}\n";
    const child = host.spawnRman(script);
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    while (!out.includes('starting piece 1')) await new Promise((r) => setTimeout(r, 25));

    const query =
      "set heading off feedback off colsep ','\nselect sid, serial# from v$session " +
      "where client_info like 'id=rampart-42%';\n";
    const session = host.sqlplus(query).stdout.replace(/\s+/g, '');
    const killed = host.sqlplus(`alter system kill session '${session}' immediate;\n`);
    const missing = host.sqlplus("alter system kill session '9999,1';\n");
    const status = await closed;
    const verdict = parseRmanLog(out, status);

    expect(session).toMatch(/^\d+,\d+$/);
    expect(killed.stdout).toContain('System altered.');
    expect(missing.stdout).toContain('ORA-00030: User session ID does not exist.');
    expect(verdict.status).toBe('interrupted');
    expect(verdict.errorCodes).toEqual(expect.arrayContaining(['ORA-00028', 'ORA-03113']));
    expect(host.sqlplus(query).stdout.replace(/\s+/g, '')).toBe('');
  });
});
