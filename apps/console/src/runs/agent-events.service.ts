import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

import {
  isTerminalRunState,
  type LogLine,
  type RunProgressEvent,
  runStateForVerdict,
  type RunStateEvent,
} from '@rampart/contracts';

import type { RunEntity } from './run.entity';
import { RunEventsBus } from './run-events.bus';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';

/**
 * Stores what agents report about their runs, exactly once. Each event carries the run's own
 * sequence number; the run row keeps the highest contiguous one stored (`last_seq`), which is
 * also the acknowledgement: a duplicate is acknowledged and dropped, a gap is not stored and
 * the agent re-sends from the acknowledged number.
 */
@Injectable()
export class AgentEventsService {
  private readonly logger = new Logger(AgentEventsService.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly runsService: RunsService,
    private readonly bus: RunEventsBus,
  ) {}

  async onLog(agentId: string, runId: string, lines: LogLine[]): Promise<number> {
    const sorted = [...lines].sort((a, b) => a.seq - b.seq);

    const result = await this.runs.withLockedRun(runId, async (run, manager) => {
      this.runsService.assertAgentOwns(run, agentId);
      const fresh = contiguousAfter(run.lastSeq, sorted);
      if (fresh.length === 0) return { acked: run.lastSeq, fresh };
      if (isSealed(run)) return this.acknowledgeOnly(run, fresh[fresh.length - 1].seq, manager);

      await this.runs.insertLines(manager, runId, fresh);
      run.lastSeq = fresh[fresh.length - 1].seq;
      await manager.update('logs_backup', { id: runId }, { lastSeq: run.lastSeq });
      return { acked: run.lastSeq, fresh };
    });

    if (result.fresh.length) this.bus.publish({ kind: 'log', runId, lines: result.fresh });
    return result.acked;
  }

  async onProgress(agentId: string, event: RunProgressEvent): Promise<number> {
    return this.runs.withLockedRun(event.runId, async (run, manager) => {
      this.runsService.assertAgentOwns(run, agentId);
      if (event.seq !== run.lastSeq + 1) return run.lastSeq;
      if (isSealed(run)) return (await this.acknowledgeOnly(run, event.seq, manager)).acked;

      await manager.update(
        'logs_backup',
        { id: run.id },
        { lastSeq: event.seq, progress: event.percent },
      );
      this.bus.publish({
        kind: 'progress',
        runId: run.id,
        percent: event.percent,
        detail: event.detail,
      });
      return event.seq;
    });
  }

  /** Moves the acknowledgement past events for a sealed run without storing them. */
  private async acknowledgeOnly(run: RunEntity, seq: number, manager: EntityManager) {
    this.logger.warn({ msg: 'ignored events for a finished run', runId: run.id, upToSeq: seq });
    await manager.update('logs_backup', { id: run.id }, { lastSeq: seq });
    return { acked: seq, fresh: [] as LogLine[] };
  }

  async onState(agentId: string, event: RunStateEvent): Promise<number> {
    let changed: RunEntity | null = null;

    const acked = await this.runs.withLockedRun(event.runId, async (run, manager) => {
      this.runsService.assertAgentOwns(run, agentId);
      if (event.seq !== run.lastSeq + 1) return run.lastSeq;
      if (isSealed(run)) return (await this.acknowledgeOnly(run, event.seq, manager)).acked;

      run.lastSeq = event.seq;
      if (event.script !== undefined) run.script = event.script;
      if (event.logMode) {
        await manager.update(
          'targets',
          { id: run.targetId },
          { logMode: event.logMode, logModeCheckedAt: new Date() },
        );
      }
      if (event.verdict) applyVerdict(run, event);

      const state = event.verdict ? runStateForVerdict(event.verdict) : event.state;
      const moved = this.runsService.transition(run, state, 'agent', event.message);
      if (!moved && run.status !== state) {
        this.logger.warn({ msg: 'ignored run state', runId: run.id, from: run.status, to: state });
      }

      await manager.save(run);
      if (moved) changed = run;
      return run.lastSeq;
    });

    if (changed) this.runsService.publishFinished(changed);
    return acked;
  }
}

/**
 * A finished run's record is evidence: nothing an agent sends later changes it. The one
 * exception is a run the watchdog gave up on (`interrupted`), which may still receive the
 * agent's real output and final verdict once it reconnects.
 */
function isSealed(run: RunEntity): boolean {
  return isTerminalRunState(run.status) && run.status !== 'interrupted';
}

/** The lines that extend the stored sequence without a gap. */
function contiguousAfter(lastSeq: number, sorted: LogLine[]): LogLine[] {
  const fresh: LogLine[] = [];
  let expected = lastSeq + 1;
  for (const line of sorted) {
    if (line.seq < expected) continue;
    if (line.seq > expected) break;
    fresh.push(line);
    expected += 1;
  }
  return fresh;
}

function applyVerdict(run: RunEntity, event: RunStateEvent): void {
  const verdict = event.verdict;
  if (!verdict || !isTerminalRunState(runStateForVerdict(verdict))) return;

  run.verdict = verdict;
  run.errorCodes = verdict.errorCodes;
  run.warningCodes = verdict.warningCodes;
  run.primaryError = verdict.primaryError;
  run.pieces = verdict.pieces;
  run.bytes = verdict.bytes;
}
