import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type { StrategySummary } from '../../core/api/api.types';
import { StrategiesService } from '../../core/api/strategies.service';
import { AuthService } from '../../core/auth/auth.service';
import { describeError } from '../../core/http/api-error';
import { EmptyState } from '../../ui/empty-state.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { StrategyTable } from './strategy-table.component';

/** The strategy catalog: what is defined, how it last went, and a manual start. */
@Component({
  selector: 'rp-strategies-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StrategyTable, EmptyState, ErrorBanner, RouterLink],
  template: `
    <header class="rp-page-header">
      <h1>Strategies</h1>
      <span class="rp-muted">{{ strategies().length }} defined</span>
    </header>

    @if (error(); as message) {
      <rp-error-banner [message]="message" [retryable]="true" (retry)="load()" />
    }

    @if (loading()) {
      <p class="rp-muted" role="status">Loading strategies…</p>
    } @else if (strategies().length === 0 && !loadFailed()) {
      <rp-empty-state title="No backup strategy yet">
        Define one in the strategy wizard, then start it here or let its schedule run it. Targets
        are listed on the <a routerLink="/overview">overview</a>.
      </rp-empty-state>
    } @else {
      <rp-strategy-table
        [strategies]="strategies()"
        [canRun]="canRun()"
        [starting]="starting()"
        (runNow)="runNow($event)"
      />
    }
  `,
})
export class StrategiesPage implements OnInit {
  private readonly service = inject(StrategiesService);
  private readonly router = inject(Router);

  private readonly auth = inject(AuthService);

  protected readonly canRun = computed(() => this.auth.can('run-strategy'));
  protected readonly strategies = signal<StrategySummary[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadFailed = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly starting = signal<string | null>(null);

  ngOnInit(): void {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.error.set(null);

    this.service.list().subscribe({
      next: (strategies) => {
        this.strategies.set(strategies);
        this.loadFailed.set(false);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(describeError(error, 'load the strategies'));
        this.loadFailed.set(true);
        this.loading.set(false);
      },
    });
  }

  protected runNow(strategy: StrategySummary): void {
    this.starting.set(strategy.id);
    this.error.set(null);

    this.service.runNow(strategy.id).subscribe({
      next: (run) => void this.router.navigate(['/runs', run.id]),
      error: (error: unknown) => {
        this.starting.set(null);
        this.error.set(describeError(error, `start ${strategy.name}`));
      },
    });
  }
}
