import type { RunState } from '@rampart/contracts';
import { explainError } from '@rampart/rman';

import type { RunEntity } from './run.entity';

export interface RunView {
  id: string;
  strategyId: string | null;
  strategyName: string;
  targetId: string;
  targetName: string;
  type: string;
  trigger: string;
  priority: string;
  status: RunState;
  progress: number | null;
  scheduledAt: string | null;
  queuedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  durationSeconds: number | null;
  bytes: number | null;
  pieces: number | null;
  errorCodes: string[];
  warningCodes: string[];
  primaryError: string | null;
  explanation: { cause: string; nextStep: string } | null;
  message: string | null;
  script: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toRunView(run: RunEntity): RunView {
  return {
    id: run.id,
    strategyId: run.strategyId,
    strategyName: run.strategyName,
    targetId: run.targetId,
    targetName: run.targetName,
    type: run.type,
    trigger: run.trigger,
    priority: run.priority,
    status: run.status,
    progress: run.progress,
    scheduledAt: iso(run.scheduledAt),
    queuedAt: run.queuedAt.toISOString(),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationSeconds: run.durationSeconds,
    bytes: run.bytes,
    pieces: run.pieces,
    errorCodes: run.errorCodes,
    warningCodes: run.warningCodes,
    primaryError: run.primaryError,
    explanation: run.primaryError ? explainError(run.primaryError) : null,
    message: run.message,
    script: run.script,
  };
}
