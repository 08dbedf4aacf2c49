import {
  CalendarError,
  SchedulerJobInput,
  schedulerCredentialPlsql,
  schedulerDisablePlsql,
  schedulerDropPlsql,
  schedulerEnablePlsql,
  schedulerJobPlsql,
  sqlLiteral,
} from '../src';

function jobInput(overrides: Partial<SchedulerJobInput> = {}): SchedulerJobInput {
  return {
    jobName: 'RAMPART_42',
    expression: 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0',
    startDate: '2024-05-06T10:23',
    timezone: 'Europe/Berlin',
    jobAction: '/opt/rampart/bin/rampart-agent',
    arguments: ['trigger', '--strategy', '42'],
    credentialName: 'RAMPART_OS',
    maxRunMinutes: 240,
    comments: 'Nightly full backup',
    enabled: true,
    ...overrides,
  };
}

const CONTINUATION = "' || CHR(38) || '";

/**
 * Splits PL/SQL into the code outside string literals (literals become `?`) and the decoded
 * values of the literals, reading `''` as a quote and `' || CHR(38) || '` as an ampersand.
 */
function splitLiterals(plsql: string): { skeleton: string; values: string[] } {
  let skeleton = '';
  const values: string[] = [];
  let i = 0;
  while (i < plsql.length) {
    if (plsql[i] !== "'") {
      skeleton += plsql[i++];
      continue;
    }
    let value = '';
    i++;
    while (i < plsql.length) {
      if (plsql.startsWith("''", i)) {
        value += "'";
        i += 2;
      } else if (plsql.startsWith(CONTINUATION, i)) {
        value += '&';
        i += CONTINUATION.length;
      } else if (plsql[i] === "'") {
        i++;
        break;
      } else {
        value += plsql[i++];
      }
    }
    values.push(value);
    skeleton += '?';
  }
  return { skeleton, values };
}

describe(schedulerJobPlsql.name, () => {
  it('drops, creates, configures and enables an external job with a region start date', () => {
    const plsql = schedulerJobPlsql(jobInput());

    expect(plsql).toMatch(
      /^DECLARE\n {2}job_missing EXCEPTION;\n {2}PRAGMA EXCEPTION_INIT\(job_missing, -27475\);/,
    );
    expect(plsql).toContain("DBMS_SCHEDULER.DROP_JOB(job_name => 'RAMPART_42', force => TRUE);");
    expect(plsql).toContain('WHEN job_missing THEN NULL;');
    expect(plsql).toContain("job_type            => 'EXECUTABLE',");
    expect(plsql).toContain('number_of_arguments => 3,');
    expect(plsql).toContain(
      "TO_TIMESTAMP_TZ('2024-05-06 10:23:00 Europe/Berlin', 'YYYY-MM-DD HH24:MI:SS TZR')",
    );
    expect(plsql).toContain("repeat_interval     => 'FREQ=DAILY;BYHOUR=2;BYMINUTE=0;BYSECOND=0',");
    expect(plsql).toContain('auto_drop           => FALSE,');
    expect(plsql).toContain("argument_position => 3,\n    argument_value => '42'");
    expect(plsql).toContain(
      "attribute => 'max_run_duration',\n    value => NUMTODSINTERVAL(240, 'MINUTE')",
    );
    expect(plsql).toContain("attribute => 'credential_name',\n    value => 'RAMPART_OS'");
    expect(plsql).toContain('value => DBMS_SCHEDULER.LOGGING_FULL');
    expect(plsql).toMatch(/DBMS_SCHEDULER\.ENABLE\(name => 'RAMPART_42'\);\nEND;$/);
  });

  it('creates the job in order: drop, create, arguments, attributes, enable', () => {
    const plsql = schedulerJobPlsql(jobInput());
    const steps = [
      'DROP_JOB',
      'CREATE_JOB',
      'SET_JOB_ARGUMENT_VALUE',
      'max_run_duration',
      'credential_name',
      'logging_level',
      'ENABLE(',
    ];

    const positions = steps.map((step) => plsql.indexOf(step));

    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(positions).not.toContain(-1);
  });

  it('uses a fixed offset only when the schedule zone is one', () => {
    const plsql = schedulerJobPlsql(jobInput({ timezone: 'fixed:-04:00' }));

    expect(plsql).toContain(
      "TO_TIMESTAMP_TZ('2024-05-06 10:23:00 -04:00', 'YYYY-MM-DD HH24:MI:SS TZH:TZM')",
    );
  });

  it('leaves a disabled job disabled and omits an absent credential', () => {
    const plsql = schedulerJobPlsql(jobInput({ enabled: false, credentialName: null }));

    expect(plsql).not.toContain('DBMS_SCHEDULER.ENABLE');
    expect(plsql).not.toContain('credential_name');
  });

  it('writes the job name in upper case', () => {
    expect(schedulerJobPlsql(jobInput({ jobName: 'rampart_7' }))).toContain("'RAMPART_7'");
  });

  it('flattens and shortens comments to what Oracle stores', () => {
    const comments = `line one\nline two\t${'é'.repeat(300)}`;

    const { values } = splitLiterals(schedulerJobPlsql(jobInput({ comments })));
    const stored = values.find((value) => value.startsWith('line one')) as string;

    expect(stored.startsWith('line one line two é')).toBe(true);
    expect(Buffer.byteLength(stored, 'utf8')).toBeLessThanOrEqual(240);
    expect(Buffer.byteLength(stored, 'utf8')).toBeGreaterThan(235);
  });

  const hostile = [
    "x'; DROP TABLE strategies; --",
    "'); EXECUTE IMMEDIATE 'DROP USER sys'; --",
    "''''",
    'a&b &&c',
    'O\'Brien & sons\' "backup"',
    '/',
  ];

  it.each(hostile)('keeps the hostile value %j inside its literal', (value) => {
    const benign = splitLiterals(schedulerJobPlsql(jobInput({ arguments: ['x'], comments: 'x' })));

    const plsql = schedulerJobPlsql(jobInput({ arguments: [value], comments: value }));
    const parsed = splitLiterals(plsql);

    expect(parsed.skeleton).toBe(benign.skeleton);
    expect(parsed.values.filter((v) => v === value)).toHaveLength(2);
  });

  it.each<[Partial<SchedulerJobInput>, string]>([
    [{ jobName: "RAMPART_1'; DROP" }, 'ORA-27452'],
    [{ jobName: '1RAMPART' }, 'ORA-27452'],
    [{ jobName: 'TABLE' }, 'ORA-27452'],
    [{ jobName: `R${'X'.repeat(128)}` }, 'ORA-27452'],
    [{ expression: "FREQ=DAILY';--" }, 'ORA-27418'],
    [{ expression: "FREQ=DAILY'" }, 'ORA-27418'],
    [{ expression: 'FREQ=DAILY;BYHOUR=24' }, 'ORA-27414'],
    [{ startDate: "2024-05-06T10:23' --" }, 'INVALID_ARGUMENT'],
    [{ timezone: "Europe/Berlin'--" }, 'ORA-01882'],
    [{ jobAction: 'rampart-agent' }, 'ORA-27465'],
    [{ jobAction: '/opt/agent\n/' }, 'ORA-27465'],
    [{ arguments: ['trigger\n/\nDROP USER x'] }, 'ORA-27465'],
    [{ arguments: ['x'.repeat(4001)] }, 'ORA-27465'],
    [{ arguments: Array.from({ length: 256 }, () => 'x') }, 'ORA-27465'],
    [{ credentialName: "OS'; --" }, 'ORA-27465'],
    [{ credentialName: 'A.B.C' }, 'ORA-27465'],
    [{ maxRunMinutes: 0 }, 'ORA-27465'],
    [{ maxRunMinutes: 1.5 }, 'ORA-27465'],
  ])('refuses %j with %s', (overrides, code) => {
    expect(() => schedulerJobPlsql(jobInput(overrides))).toThrow(
      expect.objectContaining({ code }) as CalendarError,
    );
  });

  it('accepts an owner-qualified credential and a Windows executable', () => {
    const plsql = schedulerJobPlsql(
      jobInput({ credentialName: 'backup.rampart_os', jobAction: 'C:\\Rampart\\agent.exe' }),
    );

    expect(plsql).toContain("value => 'BACKUP.RAMPART_OS'");
    expect(plsql).toContain("job_action          => 'C:\\Rampart\\agent.exe',");
  });
});

describe(sqlLiteral.name, () => {
  it('doubles quotes and keeps ampersands away from SQL*Plus substitution', () => {
    expect(sqlLiteral("it's & done")).toBe("'it''s ' || CHR(38) || ' done'");
  });
});

describe(schedulerCredentialPlsql.name, () => {
  const credential = { credentialName: 'RAMPART_OS', username: 'oracle', password: 'Tiger1' };

  it('creates the credential or updates it in place, never dropping it', () => {
    expect(schedulerCredentialPlsql(credential)).toBe(
      [
        'DECLARE',
        '  credential_exists EXCEPTION;',
        '  PRAGMA EXCEPTION_INIT(credential_exists, -27477);',
        'BEGIN',
        '  BEGIN',
        "    DBMS_CREDENTIAL.CREATE_CREDENTIAL(credential_name => 'RAMPART_OS',",
        "      username => 'oracle', password => 'Tiger1');",
        '  EXCEPTION',
        '    WHEN credential_exists THEN NULL;',
        '  END;',
        "  DBMS_CREDENTIAL.UPDATE_CREDENTIAL('RAMPART_OS', 'username', 'oracle');",
        "  DBMS_CREDENTIAL.UPDATE_CREDENTIAL('RAMPART_OS', 'password', 'Tiger1');",
        'END;',
      ].join('\n'),
    );
  });

  it('passes a Windows domain apart', () => {
    const plsql = schedulerCredentialPlsql({ ...credential, username: 'CORP\\svc_oracle' });

    expect(plsql).toContain("username => 'svc_oracle'");
    expect(plsql).toContain("UPDATE_CREDENTIAL('RAMPART_OS', 'windows_domain', 'CORP');");
  });

  it('keeps a hostile password inside its literal', () => {
    const plsql = schedulerCredentialPlsql({ ...credential, password: "x'); DROP USER sys; --&a" });

    expect(plsql).toContain("'password', 'x''); DROP USER sys; --' || CHR(38) || 'a');");
  });

  it.each([
    [{ username: "oracle'--" }, /username/],
    [{ username: 'a b' }, /username/],
    [{ password: 'two\nlines' }, /control characters/],
    [{ password: '' }, /password/],
    [{ credentialName: "X'--" }, /credential_name/],
  ])('refuses %j, naming the attribute', (bad, message) => {
    expect(() => schedulerCredentialPlsql({ ...credential, ...bad })).toThrow(message);
  });
});

describe(schedulerDropPlsql.name, () => {
  it('drops the job and ignores a job that does not exist', () => {
    expect(schedulerDropPlsql('RAMPART_42')).toBe(
      [
        'DECLARE',
        '  job_missing EXCEPTION;',
        '  PRAGMA EXCEPTION_INIT(job_missing, -27475);',
        'BEGIN',
        '  BEGIN',
        "    DBMS_SCHEDULER.DROP_JOB(job_name => 'RAMPART_42', force => TRUE);",
        '  EXCEPTION',
        '    WHEN job_missing THEN NULL;',
        '  END;',
        'END;',
      ].join('\n'),
    );
  });

  it('refuses a name that is not an identifier', () => {
    expect(() => schedulerDropPlsql("X'); END; --")).toThrow(/ORA-27452/);
  });
});

describe(schedulerEnablePlsql.name, () => {
  it('enables the job', () => {
    expect(schedulerEnablePlsql('RAMPART_42')).toBe(
      "BEGIN\n  DBMS_SCHEDULER.ENABLE(name => 'RAMPART_42');\nEND;",
    );
  });
});

describe(schedulerDisablePlsql.name, () => {
  it('disables the job without waiting for a running instance', () => {
    expect(schedulerDisablePlsql('rampart_42')).toBe(
      "BEGIN\n  DBMS_SCHEDULER.DISABLE(name => 'RAMPART_42', force => TRUE);\nEND;",
    );
  });
});
