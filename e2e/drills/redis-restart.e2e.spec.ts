import { OwnRedis } from '../support/own-redis';
import { startSmtpSink } from '../support/smtp-sink';
import { freePort, startSystem, type SystemUnderTest } from '../support/system-under-test';
import { DrillClient, recordFigure, SHORT } from './drill-kit';

/**
 * Drill (c): Redis restarts while backup jobs wait on the agent's queue. With an append-only
 * file nothing queued is lost, and the agent's worker reconnects by itself and runs them all.
 */
describe('drill: Redis restarts while jobs are queued', () => {
  let redis: OwnRedis;
  let system: SystemUnderTest;
  let sink: Awaited<ReturnType<typeof startSmtpSink>>;

  beforeAll(async () => {
    redis = new OwnRedis();
    await redis.start();
    sink = await startSmtpSink(await freePort());
    system = await startSystem(sink.port, { paceMs: SHORT ? 60 : 120, redisUrl: redis.url });
  });

  afterAll(async () => {
    await system?.stop();
    await sink?.close();
    await redis?.remove();
  });

  it('runs every queued job after the restart, none lost', async () => {
    const client = new DrillClient(system);
    await client.signIn();
    const first = await client.runDemo();
    await client.waitForLines(first, 5, 60_000);
    const queued = [await client.runDemo(), await client.runDemo()];
    expect(await client.status(queued[1])).toBe('queued');

    await redis.stop();
    const down = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await redis.start();
    recordFigure('redis-restart', 'redis_down_s', (Date.now() - down) / 1000, 's');

    const ended = Date.now();
    const states = [];
    for (const runId of [first, ...queued]) {
      states.push(await client.waitForStatus(runId, ['succeeded', 'failed'], 180_000));
    }
    recordFigure('redis-restart', 'jobs_run_after_restart', states.length, 'jobs');
    recordFigure('redis-restart', 'drained_after_s', (Date.now() - ended) / 1000, 's');
    expect(states.slice(1)).toEqual(['succeeded', 'succeeded']);
  });
});
