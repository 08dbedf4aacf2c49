import { InjectionToken } from '@angular/core';

import type { SocketAuth, SocketConnector, UiSocket } from './realtime.types';

/**
 * Loads socket.io-client on first use, so it stays out of the initial bundle, and connects to
 * the console that served the page (same origin).
 */
export async function connectUiSocket(auth: SocketAuth): Promise<UiSocket> {
  const { io } = await import('socket.io-client');

  // Websocket first: several console replicas then need no sticky sessions.
  return io('/ui', { path: '/socket.io', auth, transports: ['websocket', 'polling'] });
}

export const SOCKET_CONNECTOR = new InjectionToken<SocketConnector>('SOCKET_CONNECTOR', {
  providedIn: 'root',
  factory: () => connectUiSocket,
});
