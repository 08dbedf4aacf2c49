import * as fs from 'node:fs';
import * as path from 'node:path';

import { parseExpdpLog } from '@rampart/rman';

import { SimHost } from './sim-harness';

function parfile(host: SimHost, lines: string[]): string {
  const file = path.join(host.root, `exp-${Math.random().toString(36).slice(2)}.par`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('expdp', () => {
  let host: SimHost;

  beforeEach(() => {
    host = new SimHost();
    host.create();
  });

  afterEach(() => host.cleanup());

  it('exports schemas into real dump files with a log file in the corpus format', () => {
    const par = parfile(host, [
      'SCHEMAS=HR,SALES',
      'DIRECTORY=DATA_PUMP_DIR',
      'DUMPFILE=nightly_%U.dmp',
      'LOGFILE=nightly.log',
      'PARALLEL=2',
    ]);
    const run = host.tool('expdp', ['/ as sysdba', `parfile=${par}`]);
    const dpdump = path.join(host.home, 'oradata', 'DEMO', 'dpdump');
    const logText = fs.readFileSync(path.join(dpdump, 'nightly.log'), 'utf8');

    expect(run.status).toBe(0);
    expect(logText.startsWith(';;; \nExport: Release 19.0.0.0.0')).toBe(true);
    expect(logText).toMatch(
      /^Starting "SYS"."SYS_EXPORT_SCHEMA_01": {2}\/\*{8} AS SYSDBA parfile=/m,
    );
    expect(logText).toMatch(/^\. \. exported "HR"."EMPLOYEES" +\d+(\.\d+)? KB +107 rows$/m);
    expect(logText).toMatch(/successfully completed at .* elapsed 0 \d\d:\d\d:\d\d/);
    expect(fs.statSync(path.join(dpdump, 'nightly_01.dmp')).size).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(dpdump, 'nightly_02.dmp'))).toBe(true);
    expect(parseExpdpLog(logText, run.status).status).toBe('success');
  });

  it('reports an invalid directory with ORA-39002 / ORA-39087 and no log file', () => {
    const run = host.tool('expdp', ['"/ as sysdba"', 'schemas=HR', 'directory=NO_SUCH_DIR']);
    const verdict = parseExpdpLog(run.stdout, run.status);

    expect(run.status).toBe(1);
    expect(verdict.status).toBe('failed');
    expect(verdict.errorCodes).toEqual(['ORA-39002', 'ORA-39070', 'ORA-39087']);
  });

  it('refuses a job whose master table survives a killed run (ORA-31633)', () => {
    host.cli('fault', '--home', host.home, '--sid', 'DEMO', '--kind', 'killed-session', '--once');
    const killed = host.tool('expdp', [
      '/ as sysdba',
      'schemas=HR',
      'job_name=NIGHTLY',
      'dumpfile=a.dmp',
    ]);
    const next = host.tool('expdp', [
      '/ as sysdba',
      'schemas=HR',
      'job_name=NIGHTLY',
      'dumpfile=b.dmp',
    ]);

    expect(killed.status).toBe(1);
    expect(parseExpdpLog(next.stdout, next.status).errorCodes).toContain('ORA-31633');
  });

  it('completes with errors (exit 5) when a schema does not exist', () => {
    const run = host.tool('expdp', ['/ as sysdba', 'schemas=HR,NOBODY', 'dumpfile=c.dmp']);

    expect(run.status).toBe(5);
    expect(run.stdout).toMatch(/ORA-39165: Schema NOBODY was not found\./);
    expect(run.stdout).toMatch(/completed with 1 error\(s\) at/);
  });
});
