import { Controller, Get, Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';

import { Public } from '../auth/auth.decorators';
import { REDIS } from '../redis.provider';

@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  /** Liveness and readiness: PostgreSQL and Redis answer. */
  @Public()
  @Get('health')
  async health() {
    const [database, redis] = await Promise.all([
      this.dataSource.query('SELECT 1').then(
        () => 'up',
        () => 'down',
      ),
      this.redis.ping().then(
        () => 'up',
        () => 'down',
      ),
    ]);
    const status = database === 'up' && redis === 'up' ? 'ok' : 'degraded';
    return { status, database, redis };
  }
}
