import { Injectable, Logger } from '@nestjs/common';

import {
  canTransition,
  isTerminalRunState,
  type RunState,
  type RunTrigger,
} from '@rampart/contracts';

import { AgentsService } from '../agents/agents.service';
import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { StrategiesService } from '../strategies/strategies.service';
import { TargetsService } from '../targets/targets.service';
import { RunDispatcher } from './run-dispatcher';
import { RunEventsBus } from './run-events.bus';
import { toRunView, type RunView } from './run-view';
import type { RunEntity, RunTransition } from './run.entity';
import { type RunPageQuery, RunsRepository } from './runs.repository';

@Injectable()
export class RunsService {
  private readonly logger = new Logger(RunsService.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly strategies: StrategiesService,
    private readonly targets: TargetsService,
    private readonly agents: AgentsService,
    private readonly dispatcher: RunDispatcher,
    private readonly bus: RunEventsBus,
    private readonly audit: AuditService,
  ) {}

  async startManualRun(strategyId: string, actor: Actor): Promise<RunView> {
    const run = await this.queueRun(strategyId, 'manual', null);
    await this.audit.record(actor, 'start', 'run', run.id, { strategyId });
    return run;
  }

  /** Creates the run row, then the agent's job; a failed enqueue leaves a failed run. */
  async queueRun(
    strategyId: string,
    trigger: RunTrigger,
    scheduledAt: Date | null,
  ): Promise<RunView> {
    const strategy = await this.strategies.get(strategyId);
    const target = await this.targets.get(strategy.targetId);

    const run = await this.runs.save(
      this.runs.create({
        strategyId: strategy.id,
        targetId: target.id,
        agentId: target.agentId,
        strategyName: strategy.name,
        targetName: target.name,
        type: strategy.type,
        trigger,
        priority: strategy.priority,
        status: 'queued',
        scheduledAt,
        queuedAt: new Date(),
        transitions: [{ state: 'queued', at: new Date().toISOString(), by: 'console' }],
      }),
    );

    try {
      await this.dispatcher.dispatchBackup(
        target.agentId,
        {
          runId: run.id,
          strategyId: strategy.id,
          trigger,
          strategy: strategy.document,
          target: await this.targets.agentConnectionOf(target),
        },
        strategy.priority,
      );
    } catch (error) {
      this.logger.error({ msg: 'could not queue the run', runId: run.id, error: String(error) });
      this.transition(run, 'failed', 'console', `could not queue the job: ${String(error)}`);
      await this.runs.save(run);
    }

    const view = toRunView(run);
    this.bus.publish({ kind: 'updated', run: view });
    return view;
  }

  async get(id: string): Promise<RunView> {
    return toRunView(await this.load(id));
  }

  async page(query: RunPageQuery): Promise<{ items: RunView[]; nextCursor: string | null }> {
    const page = await this.runs.page(query);
    return { items: page.items.map(toRunView), nextCursor: page.nextCursor };
  }

  async log(id: string, afterSeq: number) {
    await this.load(id);
    const lines = await this.runs.logLines(id, afterSeq);
    return {
      lines: lines.map((l) => ({
        seq: l.seq,
        ts: l.ts.toISOString(),
        stream: l.stream,
        text: l.text,
      })),
    };
  }

  /** The watchdog's verdict on runs whose agent went silent. */
  async interruptSilentRuns(silentSince: Date): Promise<number> {
    const silent = await this.runs.findSilentRuns(silentSince);
    for (const candidate of silent) {
      await this.runs.withLockedRun(candidate.id, async (run, manager) => {
        if (!run || isTerminalRunState(run.status)) return;

        this.transition(
          run,
          'interrupted',
          'watchdog',
          'the agent stopped reporting during the run',
        );
        await manager.save(run);
        this.logger.warn({
          msg: 'run interrupted: agent silent',
          runId: run.id,
          agentId: run.agentId,
        });
        this.publishFinished(run);
      });
    }
    return silent.length;
  }

  /**
   * Moves a run to `state`, stamping the times. Returns false when the state machine forbids
   * the move. A run the watchdog gave up on may still receive the agent's real final verdict.
   */
  transition(run: RunEntity, state: RunState, by: RunTransition['by'], message?: string): boolean {
    const lateVerdict = run.status === 'interrupted' && by === 'agent' && isTerminalRunState(state);
    if (!canTransition(run.status, state) && !lateVerdict) return false;

    const now = new Date();
    run.status = state;
    run.transitions = [...run.transitions, { state, at: now.toISOString(), by }];
    if (message) run.message = message;
    if (state === 'running' && !run.startedAt) run.startedAt = now;

    if (isTerminalRunState(state)) {
      run.finishedAt = now;
      const started = run.startedAt ?? run.queuedAt;
      run.durationSeconds = Math.max(0, (now.getTime() - started.getTime()) / 1000);
      if (state === 'succeeded' || state === 'succeeded_with_warnings') run.progress = 100;
    }
    return true;
  }

  publishFinished(run: RunEntity): void {
    const view = toRunView(run);
    this.bus.publish({ kind: 'updated', run: view });
    if (isTerminalRunState(run.status)) this.bus.publish({ kind: 'finished', run: view });
  }

  private async load(id: string): Promise<RunEntity> {
    const run = await this.runs.findById(id);
    if (!run) throw notFound('run', id);
    return run;
  }

  assertAgentOwns(run: RunEntity | null, agentId: string): asserts run is RunEntity {
    if (!run) throw new DomainError('not_found', 'no such run');
    if (run.agentId !== agentId) {
      throw new DomainError('forbidden', `run ${run.id} does not belong to this agent`);
    }
  }
}
