import { randomBytes } from 'node:crypto';

import { RunsService } from '../src/runs/runs.service';
import { WatchdogService } from '../src/runs/watchdog.service';
import { startTestConsole, type TestConsole } from './support/test-console';

/** Two consoles of one deployment (same Redis and queue prefix): one watchdog sweeps. */
describe(WatchdogService.name, () => {
  const shared = { RAMPART_QUEUE_PREFIX: `rt-wd-${randomBytes(4).toString('hex')}` };
  let first: TestConsole;
  let second: TestConsole;
  let firstOpen = true;

  beforeAll(async () => {
    first = await startTestConsole(shared);
    second = await startTestConsole(shared);
  });

  afterAll(async () => {
    await Promise.all([firstOpen ? first?.close() : null, second?.close()]);
  });

  it('sweeps on the console that holds the lead and not on the other', async () => {
    const leading = first.get(WatchdogService);
    const following = second.get(WatchdogService);
    await leading.leader.acquireOrRenew();
    const swept = jest.spyOn(first.get(RunsService), 'interruptSilentRuns');
    const skipped = jest.spyOn(second.get(RunsService), 'interruptSilentRuns');

    await Promise.all([leading.sweep(), following.sweep()]);

    expect(leading.leader.isLeader).toBe(true);
    expect(following.leader.isLeader).toBe(false);
    expect(swept).toHaveBeenCalledTimes(1);
    expect(skipped).not.toHaveBeenCalled();
  });

  it('hands the sweeping to the other console when the leader shuts down', async () => {
    await first.close();
    firstOpen = false;

    expect(await second.get(WatchdogService).leader.acquireOrRenew()).toBe(true);
  });
});
