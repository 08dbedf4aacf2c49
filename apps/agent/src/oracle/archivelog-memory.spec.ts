import { ArchivelogMemory } from './archivelog-memory';

describe(ArchivelogMemory.name, () => {
  const prod = { oracleHome: '/u01/app/oracle/19c', oracleSid: 'PROD' };
  const test = { oracleHome: '/u01/app/oracle/19c', oracleSid: 'TEST' };
  let now: number;
  let memory: ArchivelogMemory;

  beforeEach(() => {
    now = 1_000_000;
    memory = new ArchivelogMemory(60_000, () => now);
  });

  it('recalls ARCHIVELOG for the same database within its time, then forgets it', () => {
    memory.record(prod, 'ARCHIVELOG');

    const soon = memory.recall(prod);
    const other = memory.recall(test);
    now += 60_000;

    expect(soon).toBe('ARCHIVELOG');
    expect(other).toBeNull();
    expect(memory.recall(prod)).toBeNull();
  });

  it('never remembers NOARCHIVELOG, and forgets ARCHIVELOG when told otherwise', () => {
    memory.record(test, 'NOARCHIVELOG');
    memory.record(prod, 'ARCHIVELOG');
    memory.record(prod, null);

    expect(memory.recall(test)).toBeNull();
    expect(memory.recall(prod)).toBeNull();
  });
});
