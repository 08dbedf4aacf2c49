import { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { aLoginResponse, aRun, logLines } from '../../../testing/factories';
import { provideDashboardTesting } from '../../../testing/providers';
import { AuthService } from '../auth/auth.service';
import { RealtimeService } from './realtime.service';
import type { SocketAuth, UiSocket } from './realtime.types';
import { SOCKET_CONNECTOR } from './socket-connector';

type Listener = (payload?: unknown) => void;

/** Just enough of a socket.io client socket to drive the service. */
class FakeSocket {
  connected = false;
  active = true;
  readonly emitted: [string, unknown][] = [];
  connects = 0;
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(readonly auth: SocketAuth) {}

  on(event: string, listener: Listener): void {
    this.listeners.set(event, (this.listeners.get(event) ?? new Set()).add(listener));
  }

  off(event: string, listener: Listener): void {
    this.listeners.get(event)?.delete(listener);
  }

  emit(event: string, payload: unknown): void {
    this.emitted.push([event, payload]);
  }

  connect(): void {
    this.connects += 1;
  }

  disconnect(): void {
    this.connected = false;
    this.active = false;
  }

  /** The server side: fire an event at the client. */
  serve(event: string, payload?: unknown): void {
    if (event === 'connect') {
      this.connected = true;
    }

    this.listeners.get(event)?.forEach((listener) => listener(payload));
  }
}

describe(RealtimeService.name, () => {
  let socket: FakeSocket;
  let service: RealtimeService;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        ...provideDashboardTesting({ role: 'viewer', realtime: 'real' }),
        {
          provide: SOCKET_CONNECTOR,
          useValue: (auth: SocketAuth) => {
            socket = new FakeSocket(auth);
            return Promise.resolve(socket as unknown as UiSocket);
          },
        },
      ],
    });
    service = TestBed.inject(RealtimeService);
  });

  const settle = () => new Promise((resolve) => setTimeout(resolve));

  it('authenticates with the current access token', async () => {
    service.connect();
    await settle();

    const sent = jest.fn();
    socket.auth(sent);

    expect(sent).toHaveBeenCalledWith({ token: 'access-1' });
  });

  it('asks for a run’s lines on connect and again after a reconnect', async () => {
    const received: number[][] = [];
    const following = service
      .followRunLog('run-1')
      .subscribe((lines) => received.push(lines.map((line) => line.seq)));
    await settle();

    socket.serve('connect');
    socket.serve('run.log', { runId: 'run-1', lines: logLines(1, 2) });
    socket.serve('run.log', { runId: 'run-2', lines: logLines(9) });
    socket.serve('disconnect');
    socket.serve('connect');

    expect(received).toEqual([[1, 2]]);
    expect(socket.emitted).toEqual([
      ['run.follow', 'run-1'],
      ['run.follow', 'run-1'],
    ]);

    following.unsubscribe();
    socket.serve('run.log', { runId: 'run-1', lines: logLines(3) });
    expect(received).toEqual([[1, 2]]);
  });

  it('relays run updates and reports the connection state', async () => {
    const runs: string[] = [];
    service.runUpdates().subscribe((run) => runs.push(run.status));
    await settle();

    expect(service.state()).toBe('connecting');
    socket.serve('connect');
    socket.serve('run.updated', aRun({ status: 'succeeded' }));

    expect(service.state()).toBe('live');
    expect(runs).toEqual(['succeeded']);
  });

  it('renews the token once when the console refuses the handshake', async () => {
    const http = TestBed.inject(HttpTestingController);
    service.connect();
    await settle();

    socket.active = false;
    socket.serve('connect_error', new Error('unauthorized'));
    http.expectOne('/api/v1/auth/refresh').flush(aLoginResponse({ accessToken: 'fresh' }));

    expect(socket.connects).toBe(1);
    const sent = jest.fn();
    socket.auth(sent);
    expect(sent).toHaveBeenCalledWith({ token: 'fresh' });

    jest.spyOn(console, 'error').mockImplementation(() => undefined);
    socket.serve('connect_error', new Error('unauthorized'));
    http.expectNone('/api/v1/auth/refresh');
    expect(service.state()).toBe('offline');
  });

  it('closes the socket on sign-out', async () => {
    service.connect();
    await settle();

    TestBed.inject(AuthService).signOut();
    TestBed.tick();
    await settle();

    expect(socket.active).toBe(false);
    expect(service.state()).toBe('offline');
  });
});
