import * as fs from 'node:fs';
import * as path from 'node:path';

import { schedulerJobPlsql } from '@rampart/oracle-calendar';

import { SimHost } from './sim-harness';

describe('scheduler', () => {
  let host: SimHost;

  beforeEach(() => {
    host = new SimHost();
    host.create();
  });

  afterEach(() => host.cleanup());

  it('fires an external job by its calendar when the clock advances, once per planned run', () => {
    const marker = path.join(host.root, 'fired.txt');
    const action = path.join(host.root, 'trigger.sh');
    fs.writeFileSync(action, `#!/bin/sh\necho "$@ $ORACLE_SID" >> '${marker}'\n`, { mode: 0o755 });
    const plsql = schedulerJobPlsql({
      jobName: 'RAMPART_7',
      expression: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=30;BYSECOND=0',
      startDate: '2024-03-08T00:00:00',
      timezone: 'Europe/Paris',
      jobAction: action,
      arguments: ['trigger', '--strategy', '7'],
      credentialName: null,
      maxRunMinutes: 60,
      comments: 'strategy 7',
      enabled: true,
    });
    expect(host.sqlplus(`WHENEVER SQLERROR EXIT SQL.SQLCODE\n${plsql}\n/\n`).status).toBe(0);

    host.cli('scheduler', 'advance', '--home', host.home, '--to', '2024-03-07T12:00:00Z');
    const out = host.cli('scheduler', 'advance', '--home', host.home, '--by', '2d');
    host.cli('scheduler', 'advance', '--home', host.home, '--by', '1h');

    expect(out).toMatch(/2024-03-08T02:30:00\+01:00 DEMO RAMPART_7 SUCCEEDED/);
    expect(fs.readFileSync(marker, 'utf8')).toBe(
      'trigger --strategy 7 DEMO\ntrigger --strategy 7 DEMO\n',
    );
    const report = host.inspect();
    expect(report.schedulerJobs[0].runCount).toBe(2);
    expect(report.jobRuns.map((r) => r.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  });
});
