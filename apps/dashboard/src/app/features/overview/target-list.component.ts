import { ChangeDetectionStrategy, Component, input } from '@angular/core';

import type { Target } from '../../core/api/api.types';
import { AgePipe } from '../../ui/format.pipes';

const STALE_AFTER_MS = 26 * 3600 * 1000;

/** Every target and whether it is protected. */
@Component({
  selector: 'rp-target-list',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [AgePipe],
  templateUrl: './target-list.component.html',
  styleUrl: './target-list.component.css',
})
export class TargetList {
  readonly targets = input.required<Target[]>();

  /**
   * TODO: judge against each strategy's own schedule (issue 9); a day and two hours suits the
   * common nightly backup.
   */
  protected isStale(target: Target): boolean {
    const last = target.lastGoodBackupAt;

    return !last || Date.now() - Date.parse(last) > STALE_AFTER_MS;
  }
}
