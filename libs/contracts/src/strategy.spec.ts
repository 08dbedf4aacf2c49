import { strategyDocumentSchema, usesDataPump } from './strategy';

describe('strategyDocumentSchema', () => {
  const base = { name: 'Nightly full', target: 'PROD1', type: 'full' };

  it('fills the defaults a DBA would expect for a full backup', () => {
    const doc = strategyDocumentSchema.parse(base);

    expect(doc.priority).toBe('normal');
    expect(doc.options.destination).toEqual({ kind: 'recovery-area' });
    expect(doc.options.archivedLogs.include).toBe(true);
    expect(doc.schedule).toBeNull();
  });

  it('refuses an incremental strategy without its level', () => {
    const result = strategyDocumentSchema.safeParse({ ...base, type: 'incremental' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['incremental']);
  });

  it('refuses a partial strategy mixing tablespaces and schemas', () => {
    const result = strategyDocumentSchema.safeParse({
      ...base,
      type: 'partial',
      partial: { tablespaces: ['USERS'], schemas: ['HR'] },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0].message).toMatch(/cannot mix/);
  });

  it.each([
    ['USERS; DROP', 'an injected statement'],
    ["US'ERS", 'a quote'],
    ['1USERS', 'a leading digit'],
    ['TABLE', 'a reserved word'],
    ['A'.repeat(129), 'an over-long name'],
  ])('refuses the tablespace name %j (%s) naming the field', (name) => {
    const result = strategyDocumentSchema.safeParse({
      ...base,
      type: 'partial',
      partial: { tablespaces: [name] },
    });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['partial', 'tablespaces', 0]);
  });

  it('upper-cases object names as Oracle stores them', () => {
    const doc = strategyDocumentSchema.parse({
      ...base,
      type: 'partial',
      partial: { tables: ['hr.employees'] },
    });

    expect(doc.partial?.tables).toEqual(['HR.EMPLOYEES']);
    expect(usesDataPump(doc)).toBe(true);
  });

  it.each(['relative/path', '/u01/../etc', "/u01/it's", '/u01/a;rm -rf /', '/u01/$HOME'])(
    'refuses the disk destination %j',
    (path) => {
      const result = strategyDocumentSchema.safeParse({
        ...base,
        options: { destination: { kind: 'disk', path } },
      });

      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['options', 'destination', 'path']);
    },
  );
});

describe('calendar schedules', () => {
  const withCalendar = (expression: string) => ({
    name: 'Flood',
    target: 'PROD1',
    type: 'archivelog',
    schedule: { spec: { kind: 'calendar', expression, timezone: 'UTC' } },
  });

  it.each(['FREQ=SECONDLY;INTERVAL=1', 'freq = minutely; interval = 5', 'FREQ=MINUTELY'])(
    'refuses %j, which would flood the run log',
    (expression) => {
      const result = strategyDocumentSchema.safeParse(withCalendar(expression));

      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['schedule', 'spec', 'expression']);
    },
  );

  it.each(['FREQ=MINUTELY;INTERVAL=30', 'FREQ=HOURLY;INTERVAL=1', 'FREQ=DAILY;BYHOUR=2'])(
    'accepts %j',
    (expression) => {
      expect(strategyDocumentSchema.safeParse(withCalendar(expression)).success).toBe(true);
    },
  );
});

describe('schedule start dates', () => {
  const startingAt = (startDate: string) => ({
    name: 'Nightly',
    target: 'PROD1',
    type: 'full',
    schedule: { spec: { kind: 'daily', time: '01:30', timezone: 'Europe/Paris', startDate } },
  });

  it.each(['2027-02-30T01:00', '2027-13-01T01:00', '2027-01-01T24:00', '2027-01-01T01:60'])(
    'refuses %j under schedule.spec.startDate',
    (startDate) => {
      const result = strategyDocumentSchema.safeParse(startingAt(startDate));

      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path).toEqual(['schedule', 'spec', 'startDate']);
    },
  );

  it.each(['2028-02-29T01:00', '2027-12-31T23:59:59'])('accepts %j', (startDate) => {
    expect(strategyDocumentSchema.safeParse(startingAt(startDate)).success).toBe(true);
  });
});
