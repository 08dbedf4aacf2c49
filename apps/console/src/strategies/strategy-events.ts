import { EventEmitter } from 'node:events';

import { Injectable, Logger } from '@nestjs/common';

import type { StrategyChange } from '@rampart/contracts';

/** What scheduling needs to know when a strategy's schedule or enabled flag may have moved. */
export interface StrategyScheduleChanged {
  strategyId: string;
  change: StrategyChange;
  version: number;
  enabled: boolean;
  /** False once the strategy is deleted: its Scheduler job must go. */
  live: boolean;
  /** True when `document.schedule` differs from the previous version. */
  scheduleChanged: boolean;
}

export type StrategyScheduleListener = (event: StrategyScheduleChanged) => void | Promise<void>;

const EVENT = 'strategy.schedule-changed';

/**
 * In-process hook for the scheduler: `onScheduleChanged(listener)` is called after each saved
 * change that may move a strategy's Oracle Scheduler job (create, update, enable, disable,
 * delete, clone, import). Listener errors are logged, never thrown back at the saver.
 */
@Injectable()
export class StrategyEvents {
  private readonly logger = new Logger(StrategyEvents.name);
  private readonly emitter = new EventEmitter();

  onScheduleChanged(listener: StrategyScheduleListener): () => void {
    const safe = (event: StrategyScheduleChanged) => this.invoke(listener, event);
    this.emitter.on(EVENT, safe);
    return () => this.emitter.off(EVENT, safe);
  }

  emitScheduleChanged(event: StrategyScheduleChanged): void {
    this.emitter.emit(EVENT, event);
  }

  private invoke(listener: StrategyScheduleListener, event: StrategyScheduleChanged): void {
    Promise.resolve()
      .then(() => listener(event))
      .catch((error: unknown) =>
        this.logger.error({
          msg: 'schedule listener failed',
          strategyId: event.strategyId,
          change: event.change,
          error: error instanceof Error ? error.message : String(error),
        }),
      );
  }
}
