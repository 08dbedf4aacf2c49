import { JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, inject, OnInit, signal } from '@angular/core';

import { AdminService } from '../../core/api/admin.service';
import type { AuditEvent } from '../../core/api/admin.types';
import { describeError } from '../../core/http/api-error';
import { EmptyState } from '../../ui/empty-state.component';
import { LoadMore } from '../../ui/load-more.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { DateTimePipe } from '../../ui/format.pipes';

/** Who changed what, and when. Admins only. */
@Component({
  selector: 'rp-audit-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner, EmptyState, DateTimePipe, JsonPipe, LoadMore],
  template: `
    <header class="rp-page-header">
      <h1>Audit trail</h1>
      <label class="inline">
        <input
          type="checkbox"
          data-testid="audit-sign-ins"
          [checked]="withSignIns()"
          (change)="showSignIns($event)"
        />
        Show sign-ins
      </label>
    </header>
    @if (error(); as message) {
      <rp-error-banner [message]="message" [retryable]="true" (retry)="load()" />
    }
    @if (events().length === 0 && !error()) {
      <rp-empty-state title="Nothing recorded yet"
        >Every change a user makes appears here.</rp-empty-state
      >
    } @else {
      <div class="rp-table-wrap">
        <table class="rp-table" data-testid="audit-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>Action</th>
              <th>What</th>
              <th>Detail</th>
            </tr>
          </thead>
          <tbody>
            @for (e of events(); track e.id) {
              <tr [attr.data-audit-id]="e.id">
                <td>{{ e.at | dateTime }}</td>
                <td>{{ e.actorName }}</td>
                <td>{{ e.action }}</td>
                <td>
                  {{ e.entity }}
                  @if (e.entityName) {
                    <strong>{{ e.entityName }}</strong>
                  } @else {
                    <span class="rp-mono rp-muted">{{ e.entityId }}</span>
                  }
                </td>
                <td>
                  <code>{{ e.details | json }}</code>
                </td>
              </tr>
            }
          </tbody>
        </table>
      </div>
      <rp-load-more
        name="audit"
        [shown]="events().length"
        [more]="!!nextCursor()"
        [loading]="loadingMore()"
        (load)="loadMore()"
      />
    }
  `,
})
export class AuditPage implements OnInit {
  private readonly admin = inject(AdminService);

  protected readonly events = signal<AuditEvent[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loadingMore = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly withSignIns = signal(false);

  ngOnInit(): void {
    this.load();
  }

  protected showSignIns(event: Event): void {
    this.withSignIns.set((event.target as HTMLInputElement).checked);
    this.load();
  }

  /** The newest page again, from the top. */
  protected load(): void {
    this.fetch(null, (page) => this.events.set(page));
  }

  /** The next, older page after the last event shown (keyset on the event id). */
  protected loadMore(): void {
    this.loadingMore.set(true);
    this.fetch(this.nextCursor(), (page) => this.events.update((shown) => [...shown, ...page]));
  }

  private fetch(cursor: string | null, keep: (events: AuditEvent[]) => void): void {
    this.error.set(null);
    this.admin.audit(cursor, this.withSignIns()).subscribe({
      next: (page) => {
        keep(page.items);
        this.nextCursor.set(page.nextCursor);
        this.loadingMore.set(false);
      },
      error: (error: unknown) => {
        this.error.set(describeError(error, 'load the audit trail'));
        this.loadingMore.set(false);
      },
    });
  }
}
