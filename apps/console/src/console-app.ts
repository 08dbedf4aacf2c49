import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';

import { AppModule } from './app.module';
import { JsonLogger } from './common/json-logger';
import type { ConsoleConfig } from './config/console-config';
import { createDataSource } from './database/data-source';
import { ensureDatabase } from './database/ensure-database';
import { httpObserver } from './metrics/http-observer.middleware';
import { MetricsService } from './metrics/metrics.service';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

/** Creates the database when missing and applies the reviewed migrations. */
export async function migrate(config: ConsoleConfig): Promise<string[]> {
  await ensureDatabase(config.databaseUrl);
  const dataSource = createDataSource(config.databaseUrl);
  await dataSource.initialize();
  // Consoles starting together migrate one at a time; the others then find nothing to do.
  const lock = dataSource.createQueryRunner();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext('rampart.migrations'))`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    // Ending the session below releases the lock too, should this unlock fail.
    await lock.query(`SELECT pg_advisory_unlock(hashtext('rampart.migrations'))`).catch(() => null);
    await lock.release();
    await dataSource.destroy();
  }
}

export async function createConsoleApp(config: ConsoleConfig): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forConfig(config), {
    logger: new JsonLogger(config.logLevel, config.env === 'production'),
    bufferLogs: false,
  });
  app.setGlobalPrefix('api/v1', { exclude: ['health', 'metrics'] });
  if (config.trustProxyHops > 0) app.set('trust proxy', config.trustProxyHops);
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  app.use(httpObserver(app.get(MetricsService)));

  // socket.io rooms span every console process sharing this Redis (several replicas).
  const ioAdapter = new RedisIoAdapter(app, config.redisUrl, config.queuePrefix);
  await ioAdapter.connect();
  app.useWebSocketAdapter(ioAdapter);

  const openApi = new DocumentBuilder()
    .setTitle('Rampart console API')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, openApi));

  serveDashboard(app, config);
  return app;
}

/** The built dashboard, with every non-API path answered by index.html (client routing). */
function serveDashboard(app: NestExpressApplication, config: ConsoleConfig): void {
  const dir = config.dashboardDir ?? join(__dirname, '..', '..', 'dashboard', 'dist', 'browser');
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return;

  app.useStaticAssets(dir, { index: false, maxAge: '1h' });
  app.use((req: Request, res: Response, next: NextFunction) => {
    const apiPath = /^\/(api|socket\.io|health|metrics)(\/|$)/.test(req.path);
    if (req.method !== 'GET' || apiPath) return next();
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
