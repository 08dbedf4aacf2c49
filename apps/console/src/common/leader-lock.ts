import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';

/** Extends the lock's life when its value is still ours; 1 when renewed, 0 otherwise. */
const RENEW_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

/** Deletes the lock only when its value is still ours. */
const RELEASE_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

export interface LeaderLockOptions {
  /** How long the lock lives without renewal: a dead holder is replaced within this time. */
  ttlMs?: number;
  /** How often the holder renews (and a follower tries to take over); a third of the TTL. */
  renewEveryMs?: number;
  /** This process's value in the lock; host, pid and a random part by default. */
  owner?: string;
}

/**
 * One holder at a time among console processes, for the work that must run once (the
 * watchdog, the console's schedulers): Redis `SET key owner NX PX ttl`, renewed by its holder
 * before it expires and released on stop. A holder that dies stops renewing, and another
 * process takes the lead within one TTL. A holder that cannot reach Redis stops believing it
 * leads before its lock can expire, so two processes never both act.
 */
export class LeaderLock {
  readonly owner: string;
  private readonly logger = new Logger(LeaderLock.name);
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private heldUntil = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    options: LeaderLockOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30_000;
    this.renewEveryMs = options.renewEveryMs ?? Math.floor(this.ttlMs / 3);
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    if (this.renewEveryMs >= this.ttlMs) {
      throw new Error(`lock ${key}: renewal (${this.renewEveryMs} ms) must beat the TTL`);
    }
  }

  /** True while this process holds the lock, by its own clock, with a margin before expiry. */
  get isLeader(): boolean {
    return Date.now() < this.heldUntil;
  }

  /** Takes the lead when free and keeps renewing it, until `stop()`. */
  start(): void {
    if (this.timer) return;

    void this.acquireOrRenew();
    this.timer = setInterval(() => void this.acquireOrRenew(), this.renewEveryMs);
    this.timer.unref();
  }

  /** One attempt: take the free lock or renew ours. Never throws; false when in doubt. */
  async acquireOrRenew(): Promise<boolean> {
    const askedAt = Date.now();
    const wasLeader = this.isLeader;
    let held = false;
    try {
      held = await this.trySet();
    } catch (error) {
      this.logger.warn({ msg: 'leader lock unreachable', lock: this.key, error: String(error) });
    }

    // The lock expires ttl after Redis saw the command; count from before we sent it.
    this.heldUntil = held ? askedAt + this.ttlMs - this.renewEveryMs : 0;
    this.logChange(wasLeader, held);
    return held;
  }

  /** Stops renewing and frees the lock for another process at once. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;

    const wasLeader = this.isLeader;
    this.heldUntil = 0;
    if (!wasLeader) return;
    await this.redis.eval(RELEASE_IF_OURS, 1, this.key, this.owner).catch((error: unknown) => {
      this.logger.warn({ msg: 'could not release lock', lock: this.key, error: String(error) });
    });
    this.logger.log({ msg: 'released the lead', lock: this.key, owner: this.owner });
  }

  private async trySet(): Promise<boolean> {
    const set = await this.redis.set(this.key, this.owner, 'PX', this.ttlMs, 'NX');
    if (set === 'OK') return true;

    const renewed = await this.redis.eval(RENEW_IF_OURS, 1, this.key, this.owner, this.ttlMs);
    return renewed === 1;
  }

  private logChange(wasLeader: boolean, held: boolean): void {
    if (held && !wasLeader) {
      this.logger.log({ msg: 'took the lead', lock: this.key, owner: this.owner });
    }
    if (!held && wasLeader) {
      this.logger.warn({ msg: 'lost the lead', lock: this.key, owner: this.owner });
    }
  }
}
