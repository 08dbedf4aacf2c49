import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';

import { CONSOLE_CONFIG, type ConsoleConfig } from './config/console-config';

export const REDIS = Symbol('REDIS');

/** Connections made with `duplicate()` for BullMQ queues and workers, closed at shutdown. */
const DUPLICATES = new WeakMap<Redis, Redis[]>();

/**
 * The console's Redis connection. BullMQ never closes a connection it was handed, so every
 * `duplicate()` of this one is remembered and closed with it when the console stops.
 */
export const redisProvider: Provider = {
  provide: REDIS,
  inject: [CONSOLE_CONFIG],
  useFactory: (config: ConsoleConfig) => {
    const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false });
    const duplicates: Redis[] = [];
    const duplicate = redis.duplicate.bind(redis);
    redis.duplicate = (...args: Parameters<Redis['duplicate']>) => {
      const copy = duplicate(...args);
      duplicates.push(copy);
      return copy;
    };
    DUPLICATES.set(redis, duplicates);
    return redis;
  },
};

/** Closes the shared Redis connection and its duplicates when the console stops. */
@Injectable()
export class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    const all = [...(DUPLICATES.get(this.redis) ?? []), this.redis];
    await Promise.all(
      all.map((connection) => connection.quit().catch(() => connection.disconnect())),
    );
  }
}
