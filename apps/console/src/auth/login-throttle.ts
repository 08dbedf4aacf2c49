import { isIPv6 } from 'node:net';

import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';

import { DomainError } from '../common/domain-error';
import { CONSOLE_CONFIG, type ConsoleConfig } from '../config/console-config';
import { REDIS } from '../redis.provider';
import { sha256 } from './token.service';

/** Sign-in attempts one address may make for one username in a window, failures only. */
export const FAILURES_PER_USER_AND_ADDRESS = 5;
/** Failed sign-ins one address may make in a window, whatever the usernames. */
export const FAILURES_PER_ADDRESS = 30;
export const THROTTLE_WINDOW_SECONDS = 15 * 60;

/**
 * Slows password guessing without handing anyone a way to lock others out: attempts are
 * counted per client address and username (and per address), in Redis so every replica sees
 * them, before the password is checked, so a burst of parallel guesses cannot slip past. A
 * name that does not exist is counted exactly like one that does, so the answers never tell
 * which users exist. IPv6 clients are counted per /64, the block one subscriber holds.
 */
@Injectable()
export class LoginThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  /** Counts this attempt; refuses with 429 once the address has tried too often. */
  async reserve(address: string, username: string): Promise<void> {
    const client = clientOf(address);
    const userKey = this.userKey(username);
    const addressKey = this.addressKey(client);
    const counts = await this.redis
      .multi()
      .hincrby(userKey, client, 1)
      .expire(userKey, THROTTLE_WINDOW_SECONDS)
      .incr(addressKey)
      .expire(addressKey, THROTTLE_WINDOW_SECONDS)
      .exec();

    const forUser = Number(counts?.[0]?.[1] ?? 0);
    const forAddress = Number(counts?.[2]?.[1] ?? 0);
    if (forUser <= FAILURES_PER_USER_AND_ADDRESS && forAddress <= FAILURES_PER_ADDRESS) return;

    throw new DomainError(
      'throttled',
      `too many failed sign-ins from your address: wait ${THROTTLE_WINDOW_SECONDS / 60} ` +
        'minutes, or ask an admin to unlock the user',
    );
  }

  /** A successful sign-in takes its attempt back: only failures keep counting. */
  async succeeded(address: string, username: string): Promise<void> {
    const client = clientOf(address);
    await this.redis
      .multi()
      .hdel(this.userKey(username), client)
      .decr(this.addressKey(client))
      .exec();
  }

  /** An admin's unlock or password reset clears the user's counts from every address. */
  async clear(username: string): Promise<void> {
    await this.redis.del(this.userKey(username));
  }

  private userKey(username: string): string {
    return `${this.config.queuePrefix}:login-failures:user:${sha256(username.toLowerCase())}`;
  }

  private addressKey(client: string): string {
    return `${this.config.queuePrefix}:login-failures:address:${client}`;
  }
}

/** An IPv4 address as is (also when mapped into IPv6); an IPv6 address as its /64. */
export function clientOf(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  if (!isIPv6(address)) return address;

  const [head, tail = ''] = address.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = address.includes('::') && tail ? tail.split(':') : [];
  const groups = address.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
