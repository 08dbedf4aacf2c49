import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { DomainError } from '../common/domain-error';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import { sha256 } from './token.service';

/** Failed sign-ins one address may make for one username in a window. */
export const FAILURES_PER_USER_AND_ADDRESS = 5;
/** Failed sign-ins one address may make in a window, whatever the usernames. */
export const FAILURES_PER_ADDRESS = 30;
export const THROTTLE_WINDOW_SECONDS = 15 * 60;

/**
 * Slows password guessing without handing anyone a way to lock others out: failures are
 * counted per client address and username (and per address), in Redis so every replica sees
 * them. A name that does not exist is counted exactly like one that does, so the answers
 * never tell which users exist.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** Refuses with 429 while this address has failed too often, for this user or at all. */
  async assertAllowed(address: string, username: string): Promise<void> {
    const [forUser, forAddress] = await Promise.all([
      this.redis.hget(this.userKey(username), address),
      this.redis.get(this.addressKey(address)),
    ]);
    const tooMany =
      Number(forUser ?? 0) >= FAILURES_PER_USER_AND_ADDRESS ||
      Number(forAddress ?? 0) >= FAILURES_PER_ADDRESS;
    if (!tooMany) return;

    throw new DomainError(
      'throttled',
      `too many failed sign-ins from your address: wait ${THROTTLE_WINDOW_SECONDS / 60} ` +
        'minutes, or ask an admin to unlock the user',
    );
  }

  async recordFailure(address: string, username: string): Promise<void> {
    await this.redis
      .multi()
      .hincrby(this.userKey(username), address, 1)
      .expire(this.userKey(username), THROTTLE_WINDOW_SECONDS)
      .incr(this.addressKey(address))
      .expire(this.addressKey(address), THROTTLE_WINDOW_SECONDS)
      .exec();
  }

  /** A successful sign-in, or an admin's unlock, clears the user's counts everywhere. */
  async clear(username: string): Promise<void> {
    await this.redis.del(this.userKey(username));
  }

  private userKey(username: string): string {
    return `${this.config.queuePrefix}:login-failures:user:${sha256(username.toLowerCase())}`;
  }

  private addressKey(address: string): string {
    return `${this.config.queuePrefix}:login-failures:address:${address}`;
  }
}
