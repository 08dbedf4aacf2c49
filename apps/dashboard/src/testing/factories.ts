import type { LoginResponse, LogLine, Role } from '@rampart/contracts';

import type { Run, StrategySummary, Target } from '../app/core/api/api.types';
import { Session, SESSION_KEY } from '../app/core/auth/session';

// Test data with sensible defaults; each test overrides what it is about.

export function aRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1',
    strategyId: 'strategy-1',
    strategyName: 'Nightly full',
    targetId: 'target-1',
    targetName: 'DEMO',
    type: 'full',
    trigger: 'manual',
    priority: 'normal',
    status: 'running',
    progress: 40,
    scheduledAt: null,
    queuedAt: '2026-12-04T10:00:00.000Z',
    startedAt: '2026-12-04T10:00:02.000Z',
    finishedAt: null,
    durationSeconds: null,
    bytes: null,
    pieces: null,
    errorCodes: [],
    primaryError: null,
    explanation: null,
    script: 'RUN {\n  BACKUP DATABASE;\n}',
    ...overrides,
  };
}

export function aStrategy(overrides: Partial<StrategySummary> = {}): StrategySummary {
  return {
    id: 'strategy-1',
    name: 'Nightly full',
    targetId: 'target-1',
    targetName: 'DEMO',
    type: 'full',
    priority: 'normal',
    enabled: true,
    scheduleSummary: 'Every day at 01:00',
    lastRun: null,
    ...overrides,
  };
}

export function aTarget(overrides: Partial<Target> = {}): Target {
  return {
    id: 'target-1',
    name: 'DEMO',
    logMode: 'ARCHIVELOG',
    agentId: 'agent-1',
    agentOnline: true,
    lastGoodBackupAt: null,
    ...overrides,
  };
}

export function logLines(...seqs: number[]): LogLine[] {
  return seqs.map((seq) => ({
    seq,
    ts: '2026-12-04T10:00:05.000Z',
    stream: 'stdout',
    text: `line ${seq}`,
  }));
}

export function aLoginResponse(overrides: Partial<LoginResponse> = {}): LoginResponse {
  return {
    accessToken: 'access-1',
    refreshToken: 'refresh-1',
    expiresIn: 900,
    user: { id: 'user-1', username: 'admin', role: 'admin' },
    ...overrides,
  };
}

/** A Storage that lives in memory, optionally holding a signed-in session. */
export function memoryStorage(role?: Role, tokens = { access: 'access-1', refresh: 'refresh-1' }) {
  const values = new Map<string, string>();
  const storage: Storage = {
    get length() {
      return values.size;
    },
    clear: () => values.clear(),
    getItem: (key) => values.get(key) ?? null,
    key: (index) => [...values.keys()][index] ?? null,
    removeItem: (key) => void values.delete(key),
    setItem: (key, value) => void values.set(key, value),
  };

  if (role) {
    const session: Session = {
      accessToken: tokens.access,
      refreshToken: tokens.refresh,
      expiresAt: Date.now() + 900_000,
      user: { id: 'user-1', username: role, role },
    };

    storage.setItem(SESSION_KEY, JSON.stringify(session));
  }

  return storage;
}
