import { type INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * socket.io across console processes: what one console emits to a room (a run's followers,
 * every signed-in user) reaches the sockets of that room on every console, through Redis
 * pub/sub. The channels carry the queue prefix, so two deployments (or two test runs) on one
 * Redis never hear each other.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly logger = new Logger(RedisIoAdapter.name);
  private readonly clients: Redis[] = [];
  private adapter: ReturnType<typeof createAdapter> | null = null;

  constructor(
    app: INestApplicationContext,
    private readonly redisUrl: string,
    private readonly channelPrefix: string,
  ) {
    super(app);
  }

  /** Opens the publishing and the subscribing connection; call before the app listens. */
  async connect(): Promise<void> {
    const pub = new Redis(this.redisUrl, { lazyConnect: true, maxRetriesPerRequest: null });
    const sub = pub.duplicate();
    for (const client of [pub, sub]) {
      client.on('error', (error) => {
        this.logger.warn({ msg: 'socket.io redis adapter error', error: error.message });
      });
      this.clients.push(client);
    }

    await Promise.all([pub.connect(), sub.connect()]);
    this.adapter = createAdapter(pub, sub, { key: `${this.channelPrefix}:socket.io` });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    if (this.adapter) server.adapter(this.adapter);
    return server;
  }

  override async dispose(): Promise<void> {
    await super.dispose();
    await Promise.all(
      this.clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())),
    );
  }
}
