import type { LogLine, RunLogEvent } from '@rampart/contracts';
import type { Socket } from 'socket.io-client';

import type { Run } from '../api/api.types';

export interface RunProgressUpdate {
  runId: string;
  percent: number;
  detail?: string;
}

/** What the console's `/ui` namespace sends, by event name. */
export interface UiServerPayloads {
  'run.updated': Run;
  'run.log': RunLogEvent;
  'run.progress': RunProgressUpdate;
}

export type UiServerEvents = {
  [E in keyof UiServerPayloads]: (payload: UiServerPayloads[E]) => void;
};

export interface UiClientEvents {
  'run.follow': (runId: string) => void;
}

export type UiSocket = Socket<UiServerEvents, UiClientEvents>;

export type SocketAuth = (callback: (data: { token: string | null }) => void) => void;

/** Opens the `/ui` socket; swapped for a fake in tests. */
export type SocketConnector = (auth: SocketAuth) => Promise<UiSocket>;

export type { LogLine };
