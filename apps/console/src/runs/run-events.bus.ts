import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';

import type { LogLine } from '@rampart/contracts';

import type { RunView } from './run-view';

export type RunBusEvent =
  | { kind: 'updated'; run: RunView }
  | { kind: 'finished'; run: RunView }
  | { kind: 'log'; runId: string; lines: LogLine[] }
  | { kind: 'progress'; runId: string; percent: number; detail?: string };

/** In-process fan-out of what happens to runs: the UI gateway and notifications listen. */
@Injectable()
export class RunEventsBus {
  readonly events$ = new Subject<RunBusEvent>();

  publish(event: RunBusEvent): void {
    this.events$.next(event);
  }
}
