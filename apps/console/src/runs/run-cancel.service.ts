import { Injectable, Logger } from '@nestjs/common';

import { CONSOLE_TO_AGENT_EVENTS, isTerminalRunState } from '@rampart/contracts';

import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { AgentChannel } from './agent-channel';
import { RunDispatcher } from './run-dispatcher';
import { toRunView, type RunView } from './run-view';
import type { RunEntity } from './run.entity';
import { RunsRepository } from './runs.repository';
import { RunsService } from './runs.service';

export interface CancelOutcome {
  /** `cancelled`: withdrawn from the queue; `requested`: the agent was asked to stop. */
  outcome: 'cancelled' | 'requested';
  run: RunView;
}

/**
 * Cancels a run. A run still waiting on its agent's queue is withdrawn and ends `cancelled`
 * here; a run the agent holds gets `run.cancel`, and the agent's own final state ends it.
 */
@Injectable()
export class RunCancelService {
  private readonly logger = new Logger(RunCancelService.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly runsService: RunsService,
    private readonly dispatcher: RunDispatcher,
    private readonly channel: AgentChannel,
    private readonly audit: AuditService,
  ) {}

  async cancel(runId: string, actor: Actor): Promise<CancelOutcome> {
    const withdrawn = await this.withdrawIfQueued(runId);

    const outcome = withdrawn
      ? ({ outcome: 'cancelled', run: toRunView(withdrawn) } as const)
      : await this.askAgent(runId);

    await this.audit.record(actor, 'cancel', 'run', runId, { outcome: outcome.outcome });
    this.logger.log({ msg: 'run cancel', runId, outcome: outcome.outcome, by: actor.username });
    return outcome;
  }

  /** Under the run's lock: a queued run whose job is still on the queue ends here. */
  private async withdrawIfQueued(runId: string): Promise<RunEntity | null> {
    const cancelled = await this.runs.withLockedRun(runId, async (run, manager) => {
      if (!run) throw notFound('run', runId);
      assertNotFinished(run);
      if (run.status !== 'queued' || !run.agentId) return null;

      const removed = await this.dispatcher.withdraw(run.agentId, run.id);
      if (!removed) return null;

      this.runsService.transition(run, 'cancelled', 'user', 'cancelled before it started');
      await manager.save(run);
      return run;
    });

    if (cancelled) this.runsService.publishFinished(cancelled);
    return cancelled;
  }

  private async askAgent(runId: string): Promise<CancelOutcome> {
    const run = await this.runs.findById(runId);
    if (!run) throw notFound('run', runId);
    assertNotFinished(run);

    const delivered = run.agentId
      ? await this.channel.send(run.agentId, CONSOLE_TO_AGENT_EVENTS.runCancel, { runId })
      : false;
    if (!delivered) {
      throw new DomainError(
        'agent_offline',
        `the agent of run ${runId} is not connected; the cancel was not delivered`,
      );
    }
    return { outcome: 'requested', run: toRunView(run) };
  }
}

function assertNotFinished(run: RunEntity): void {
  if (isTerminalRunState(run.status)) {
    throw new DomainError('conflict', `run ${run.id} already ended ${run.status}`);
  }
}
