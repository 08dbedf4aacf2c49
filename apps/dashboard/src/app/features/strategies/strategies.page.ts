import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { Router, RouterLink } from '@angular/router';
import { Observable } from 'rxjs';

import type { StrategySummary } from '../../core/api/api.types';
import { StrategiesService } from '../../core/api/strategies.service';
import { AuthService } from '../../core/auth/auth.service';
import { describeError } from '../../core/http/api-error';
import { EmptyState } from '../../ui/empty-state.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { saveBlob } from '../../core/http/save-blob';
import { StrategyAction, StrategyTable } from './strategy-table.component';
import { readStrategyFile } from './strategy-file';

/** The strategy catalog: what is defined, how it last went, and a manual start. */
@Component({
  selector: 'rp-strategies-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [StrategyTable, EmptyState, ErrorBanner, RouterLink],
  template: `
    <header class="rp-page-header">
      <h1>Strategies</h1>
      <span class="rp-muted">{{ strategies().length }} defined</span>
      @if (canEdit()) {
        <span class="tools">
          <label class="import">
            Import strategy file
            <input
              type="file"
              accept=".json,.yaml,.yml"
              data-testid="import-strategy"
              (change)="importFile($event)"
            />
          </label>
          <a routerLink="/strategies/new" class="new" data-testid="new-strategy">New strategy</a>
        </span>
      }
    </header>
    @if (notice(); as text) {
      <p class="notice" role="status" data-testid="notice">{{ text }}</p>
    }

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
        [canEdit]="canEdit()"
        (runNow)="runNow($event)"
        (action)="act($event)"
      />
    }
  `,
  styles: `
    .tools {
      display: flex;
      align-items: center;
      gap: var(--rp-space-3);
    }
    .import input {
      font-size: var(--rp-text-sm);
    }
    .new {
      padding: var(--rp-space-2) var(--rp-space-4);
      border-radius: var(--rp-radius-sm);
      background: var(--rp-accent);
      color: #fff;
      text-decoration: none;
    }
    .notice {
      padding: var(--rp-space-2) var(--rp-space-3);
      background: var(--rp-ok-soft);
      color: var(--rp-ok);
    }
  `,
})
export class StrategiesPage implements OnInit {
  private readonly service = inject(StrategiesService);
  private readonly router = inject(Router);

  private readonly auth = inject(AuthService);

  protected readonly canRun = computed(() => this.auth.can('run-strategy'));
  protected readonly canEdit = computed(() => this.auth.can('edit-strategy'));
  protected readonly notice = signal<string | null>(null);
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

  protected act({ kind, strategy }: StrategyAction): void {
    this.error.set(null);
    this.notice.set(null);
    switch (kind) {
      case 'clone':
        return this.clone(strategy);
      case 'toggle':
        return this.afterwards(
          this.service.setEnabled(strategy.id, !strategy.enabled),
          `${strategy.enabled ? 'disable' : 'enable'} ${strategy.name}`,
          `${strategy.name} ${strategy.enabled ? 'disabled' : 'enabled'}.`,
        );
      case 'export':
        return this.exportFile(strategy);
      case 'delete':
        return this.remove(strategy);
      case 'edit':
        return void this.router.navigate(['/strategies', strategy.id, 'edit']);
    }
  }

  protected importFile(event: Event): void {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;

    input.value = '';
    readStrategyFile(file).then(
      (body) =>
        this.afterwards(this.service.import(body), `import ${file.name}`, `${file.name} imported.`),
      (error: unknown) => this.error.set(describeError(error, `read ${file.name}`)),
    );
  }

  private clone(strategy: StrategySummary): void {
    const name = prompt(`Name of the copy of ${strategy.name}`, `${strategy.name} (copy)`);
    if (!name?.trim()) return;

    this.afterwards(
      this.service.clone(strategy.id, name.trim()),
      `clone ${strategy.name}`,
      `${name.trim()} created, disabled until you enable it.`,
    );
  }

  private remove(strategy: StrategySummary): void {
    const sure = confirm(
      `Delete ${strategy.name}? Its scheduler job is removed; its run history is kept.`,
    );
    if (!sure) return;

    this.afterwards(
      this.service.remove(strategy.id),
      `delete ${strategy.name}`,
      `${strategy.name} deleted.`,
    );
  }

  private exportFile(strategy: StrategySummary): void {
    this.service.export(strategy.id).subscribe({
      next: (blob) => saveBlob(blob, `${fileNameOf(strategy.name)}.strategy.json`),
      error: (error: unknown) => this.error.set(describeError(error, `export ${strategy.name}`)),
    });
  }

  /** Runs a change, then says so and reloads the catalog; or says why it failed. */
  private afterwards(change: Observable<unknown>, action: string, done: string): void {
    change.subscribe({
      next: () => {
        this.notice.set(done);
        this.load();
      },
      error: (error: unknown) => this.error.set(describeError(error, action)),
    });
  }
}

function fileNameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-|-$/g, '') || 'strategy';
}
