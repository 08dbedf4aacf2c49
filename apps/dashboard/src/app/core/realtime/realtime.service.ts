import { effect, inject, Injectable, signal } from '@angular/core';
import { filter, map, Observable } from 'rxjs';

import type { Run } from '../api/api.types';
import { AuthService } from '../auth/auth.service';
import type { LogLine, RunProgressUpdate, UiServerPayloads, UiSocket } from './realtime.types';
import { SOCKET_CONNECTOR } from './socket-connector';

export type RealtimeState = 'offline' | 'connecting' | 'live';

/**
 * The dashboard's one socket to the console (`/ui`). Events come out as observables; the
 * components bridge them to signals. The socket opens on first use and closes on sign-out.
 */
@Injectable({ providedIn: 'root' })
export class RealtimeService {
  private readonly auth = inject(AuthService);
  private readonly connector = inject(SOCKET_CONNECTOR);

  private socket: Promise<UiSocket> | null = null;
  private readonly followers = new Map<string, number>();
  private renewedSinceConnect = false;

  readonly state = signal<RealtimeState>('offline');

  constructor() {
    effect(() => {
      if (!this.auth.isSignedIn()) {
        this.close();
      }
    });
  }

  /** Opens the socket now rather than on the first subscription. */
  connect(): void {
    void this.open();
  }

  runUpdates(): Observable<Run> {
    return this.listen('run.updated');
  }

  runProgress(runId?: string): Observable<RunProgressUpdate> {
    return this.listen('run.progress').pipe(filter((p) => !runId || p.runId === runId));
  }

  /**
   * The log lines of one run while subscribed; asks the console to send them (`run.follow`),
   * again after every reconnect. Lines may repeat: callers merge by `seq`.
   */
  followRunLog(runId: string): Observable<LogLine[]> {
    return new Observable<LogLine[]>((subscriber) => {
      const lines = this.listen('run.log')
        .pipe(
          filter((batch) => batch.runId === runId),
          map((batch) => batch.lines),
        )
        .subscribe(subscriber);

      this.follow(runId);

      return () => {
        lines.unsubscribe();
        this.unfollow(runId);
      };
    });
  }

  private listen<E extends keyof UiServerPayloads>(event: E): Observable<UiServerPayloads[E]> {
    return new Observable<UiServerPayloads[E]>((subscriber) => {
      const handler = (payload: UiServerPayloads[E]) => subscriber.next(payload);
      let socket: UiSocket | null = null;
      let closed = false;

      this.open().then(
        (opened) => {
          if (!closed) {
            socket = opened;
            opened.on(event, handler as never);
          }
        },
        (error: unknown) => subscriber.error(error),
      );

      return () => {
        closed = true;
        socket?.off(event, handler as never);
      };
    });
  }

  private follow(runId: string): void {
    const count = this.followers.get(runId) ?? 0;

    this.followers.set(runId, count + 1);

    if (count === 0) {
      void this.open().then((socket) => socket.connected && socket.emit('run.follow', runId));
    }
  }

  private unfollow(runId: string): void {
    // TODO: the /ui contract has no `run.unfollow` yet, so the console keeps sending lines.
    const count = (this.followers.get(runId) ?? 1) - 1;

    if (count > 0) {
      this.followers.set(runId, count);
    } else {
      this.followers.delete(runId);
    }
  }

  private open(): Promise<UiSocket> {
    this.socket ??= this.connector((callback) => callback({ token: this.auth.accessToken() }))
      .then((socket) => this.wire(socket))
      .catch((error: unknown) => {
        console.error('Could not open the live connection to the console', error);
        this.socket = null;
        throw error;
      });

    return this.socket;
  }

  private wire(socket: UiSocket): UiSocket {
    this.state.set('connecting');

    socket.on('connect', () => {
      this.state.set('live');
      this.renewedSinceConnect = false;

      for (const runId of this.followers.keys()) {
        socket.emit('run.follow', runId);
      }
    });

    socket.on('disconnect', () => this.state.set(socket.active ? 'connecting' : 'offline'));
    socket.on('connect_error', (error) => this.recover(socket, error));

    return socket;
  }

  /** socket.io retries network failures itself; a refused handshake needs a fresh token. */
  private recover(socket: UiSocket, error: Error): void {
    if (socket.active) {
      this.state.set('connecting');
      return;
    }

    this.state.set('offline');

    if (this.renewedSinceConnect) {
      console.error('The console refused the live connection', error);
      return;
    }

    this.renewedSinceConnect = true;
    this.auth.renew().subscribe({
      next: () => socket.connect(),
      error: () => this.auth.expire(),
    });
  }

  private close(): void {
    const socket = this.socket;

    this.socket = null;
    this.followers.clear();
    this.state.set('offline');
    // A socket that never opened was already reported by open().
    void socket?.then((opened) => opened.disconnect()).catch(() => undefined);
  }
}
