import { Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  type OnGatewayConnection,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';

import { TokenService } from '../auth/token.service';
import { RunEventsBus } from './run-events.bus';

const runRoom = (runId: string) => `run:${runId}`;
const userRoom = (userId: string) => `user:${userId}`;

/** Namespace `/ui`: signed-in users receive run updates, and the lines of runs they follow. */
@WebSocketGateway({ namespace: '/ui' })
export class UiGateway implements OnGatewayConnection, OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(UiGateway.name);
  private subscription: Subscription | null = null;

  @WebSocketServer()
  private readonly namespace!: Namespace;

  constructor(
    private readonly tokens: TokenService,
    private readonly bus: RunEventsBus,
  ) {}

  onModuleInit(): void {
    // Through the Redis adapter, a revocation on one replica closes the sockets on every one.
    this.tokens.onRevoked((userId) => this.namespace?.in(userRoom(userId)).disconnectSockets(true));
    this.subscription = this.bus.events$.subscribe((event) => {
      if (!this.namespace) return;
      if (event.kind === 'updated') this.namespace.to('users').emit('run.updated', event.run);
      if (event.kind === 'progress') {
        const { runId, percent, detail } = event;
        this.namespace.to('users').emit('run.progress', { runId, percent, detail });
      }
      if (event.kind === 'log') {
        this.namespace.to(runRoom(event.runId)).emit('run.log', {
          runId: event.runId,
          lines: event.lines,
        });
      }
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /**
   * The client hears `connect` before the token is checked, and the dashboard follows its runs
   * at once: the check is kept on the socket so that `run.follow` waits for it.
   */
  async handleConnection(socket: Socket): Promise<void> {
    const signedIn = this.signIn(socket);
    socket.data = { signedIn };
    await signedIn;
  }

  @SubscribeMessage('run.follow')
  async follow(@ConnectedSocket() socket: Socket, @MessageBody() runId: unknown) {
    if (!(await socket.data?.signedIn)) return { error: 'not authenticated' };
    if (typeof runId !== 'string' || !/^[0-9a-f-]{36}$/i.test(runId)) {
      return { error: 'runId must be a run id' };
    }

    void socket.join(runRoom(runId));
    return { ok: true };
  }

  @SubscribeMessage('run.unfollow')
  unfollow(@ConnectedSocket() socket: Socket, @MessageBody() runId: unknown) {
    if (typeof runId === 'string') void socket.leave(runRoom(runId));
    return { ok: true };
  }

  private async signIn(socket: Socket): Promise<boolean> {
    try {
      const token = (socket.handshake.auth as { token?: unknown }).token;
      const user = await this.tokens.verifyCurrentAccessToken(
        typeof token === 'string' ? token : '',
      );
      socket.data.user = user;
      void socket.join(['users', userRoom(user.id)]);
      return true;
    } catch {
      this.logger.debug({ msg: 'refused ui connection without a valid token' });
      socket.disconnect(true);
      return false;
    }
  }
}
