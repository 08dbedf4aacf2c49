import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { Redis } from 'ioredis';

import { CONSOLE_CONFIG, type ConsoleConfig } from './config/console-config';

export const REDIS = Symbol('REDIS');

export const redisProvider: Provider = {
  provide: REDIS,
  inject: [CONSOLE_CONFIG],
  useFactory: (config: ConsoleConfig) =>
    new Redis(config.redisUrl, { maxRetriesPerRequest: null, lazyConnect: false }),
};

/** Closes the shared Redis connection when the console stops. */
@Injectable()
export class RedisCloser implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
