import { randomBytes } from 'node:crypto';

import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';

import { LeaderLock } from './leader-lock';

const REDIS_URL = process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(LeaderLock.name, () => {
  let redis: Redis;
  let key: string;
  const locks: LeaderLock[] = [];

  const lock = (ttlMs = 30_000, owner?: string) => {
    const made = new LeaderLock(redis, key, { ttlMs, owner });
    locks.push(made);
    return made;
  };

  beforeAll(() => {
    Logger.overrideLogger(false);
    redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  });

  beforeEach(() => {
    key = `rt-lock-${randomBytes(5).toString('hex')}:leader:watchdog`;
  });

  afterEach(async () => {
    await Promise.all(locks.splice(0).map((l) => l.stop()));
    await redis.del(key);
  });

  afterAll(async () => {
    await redis.quit();
  });

  describe('acquireOrRenew', () => {
    it('lets one console lead and keeps the other following', async () => {
      const a = lock();
      const b = lock();

      expect(await a.acquireOrRenew()).toBe(true);
      expect(await b.acquireOrRenew()).toBe(false);

      expect(a.isLeader).toBe(true);
      expect(b.isLeader).toBe(false);
      expect(await redis.get(key)).toBe(a.owner);
    });

    it('renews its own lock instead of losing it', async () => {
      const a = lock(400);
      await a.acquireOrRenew();
      await sleep(250);

      expect(await a.acquireOrRenew()).toBe(true);
      await sleep(250);

      expect(await lock(400).acquireOrRenew()).toBe(false);
      expect(await redis.pttl(key)).toBeGreaterThan(0);
    });

    it('hands the lead to another console once a dead holder lets the lock expire', async () => {
      const dead = lock(300);
      const survivor = lock(300);
      await dead.acquireOrRenew();

      expect(await survivor.acquireOrRenew()).toBe(false);
      await sleep(400);

      expect(await survivor.acquireOrRenew()).toBe(true);
      expect(await redis.get(key)).toBe(survivor.owner);
    });

    it('stops believing it leads when Redis cannot be reached', async () => {
      const unreachable = new Redis('redis://127.0.0.1:1', {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      const orphan = new LeaderLock(unreachable, key, { ttlMs: 1_000 });

      expect(await orphan.acquireOrRenew()).toBe(false);
      expect(orphan.isLeader).toBe(false);
      unreachable.disconnect();
    });
  });

  describe('start', () => {
    it('keeps the lead by renewing on its own for longer than one TTL', async () => {
      const a = lock(300);
      a.start();
      await sleep(700);

      expect(a.isLeader).toBe(true);
      expect(await lock(300).acquireOrRenew()).toBe(false);
    });
  });

  describe('stop', () => {
    it('frees the lock at once for the next console', async () => {
      const a = lock();
      const b = lock();
      await a.acquireOrRenew();

      await a.stop();

      expect(a.isLeader).toBe(false);
      expect(await b.acquireOrRenew()).toBe(true);
    });

    it('never deletes a lock that another console took meanwhile', async () => {
      const a = lock(200);
      await a.acquireOrRenew();
      await sleep(300);
      await redis.set(key, 'other-console', 'PX', 30_000);

      await a.stop();

      expect(await redis.get(key)).toBe('other-console');
    });
  });

  it('refuses a renewal interval that cannot beat the TTL', () => {
    expect(() => new LeaderLock(redis, key, { ttlMs: 100, renewEveryMs: 100 })).toThrow(
      /must beat the TTL/,
    );
  });
});
