import { TargetLocks } from './target-locks';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Work that records when it starts and ends. */
function recorder(events: string[]) {
  return (name: string) => async () => {
    events.push(`start ${name}`);
    await tick();
    events.push(`end ${name}`);
  };
}

describe(TargetLocks.name, () => {
  it('runs work for one target one at a time, in arrival order', async () => {
    const locks = new TargetLocks();
    const events: string[] = [];
    const job = recorder(events);

    await Promise.all([locks.withTarget('PROD', job('a')), locks.withTarget('PROD', job('b'))]);

    expect(events).toEqual(['start a', 'end a', 'start b', 'end b']);
  });

  it('lets different targets run side by side', async () => {
    const locks = new TargetLocks();
    const events: string[] = [];
    const job = recorder(events);

    await Promise.all([locks.withTarget('PROD', job('a')), locks.withTarget('TEST', job('b'))]);

    expect(events.slice(0, 2)).toEqual(['start a', 'start b']);
  });

  it('releases the target when the work fails', async () => {
    const locks = new TargetLocks();

    await expect(
      locks.withTarget('PROD', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');

    await expect(locks.withTarget('PROD', async () => 'next')).resolves.toBe('next');
  });
});
