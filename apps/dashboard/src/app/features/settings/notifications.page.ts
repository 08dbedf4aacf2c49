import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';
import { KeyValuePipe } from '@angular/common';
import { RouterLink } from '@angular/router';
import type { Subscription } from 'rxjs';

import { AdminService } from '../../core/api/admin.service';
import type {
  NotificationFilters,
  NotificationRecord,
  NotificationRule,
} from '../../core/api/admin.types';
import { AuthService } from '../../core/auth/auth.service';
import { describeError, fieldProblems } from '../../core/http/api-error';
import { EmptyState } from '../../ui/empty-state.component';
import { LoadMore } from '../../ui/load-more.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { DateTimePipe } from '../../ui/format.pipes';
import { splitList } from '../strategy-wizard/strategy-draft';

const EVENTS = ['failed', 'interrupted', 'missed', 'succeeded_with_warnings', 'succeeded'];

/** Every e-mail sent or attempted, with filters; and the rules that decide who gets what. */
@Component({
  selector: 'rp-notifications-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner, EmptyState, DateTimePipe, RouterLink, KeyValuePipe, LoadMore],
  templateUrl: './notifications.page.html',
})
export class NotificationsPage implements OnInit {
  private readonly admin = inject(AdminService);
  private readonly auth = inject(AuthService);

  protected readonly events = EVENTS;
  protected readonly isAdmin = computed(() => this.auth.can('administer'));
  protected readonly filters = signal<NotificationFilters>({});
  protected readonly history = signal<NotificationRecord[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly rules = signal<NotificationRule[]>([]);
  protected readonly loading = signal(true);
  protected readonly loadingMore = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly rulesNote = signal<string | null>(null);
  protected readonly newRule = signal({ name: '', events: 'failed, missed', recipients: '' });
  protected readonly problems = signal<Record<string, string>>({});

  /** The request in flight: a filter change drops an older page that answers late. */
  private page: Subscription | null = null;

  ngOnInit(): void {
    this.load();
    this.loadRules();
  }

  protected filter(key: keyof NotificationFilters, event: Event): void {
    const value = (event.target as HTMLInputElement).value.trim();
    this.filters.update((f) => ({ ...f, [key]: value || undefined }));
    this.load();
  }

  /** The newest page that matches the filters. */
  protected load(): void {
    this.loading.set(true);
    this.fetch(null, (page) => this.history.set(page));
  }

  /** The next, older page with the same filters, after the last message shown. */
  protected loadMore(): void {
    this.loadingMore.set(true);
    this.fetch(this.nextCursor(), (page) => this.history.update((shown) => [...shown, ...page]));
  }

  private fetch(cursor: string | null, keep: (page: NotificationRecord[]) => void): void {
    this.error.set(null);
    this.page?.unsubscribe();

    this.page = this.admin.notifications(this.filters(), cursor).subscribe({
      next: (page) => {
        keep(page.items);
        this.nextCursor.set(page.nextCursor);
        this.loading.set(false);
        this.loadingMore.set(false);
      },
      error: (error: unknown) => {
        this.error.set(describeError(error, 'load the notification history'));
        this.loading.set(false);
        this.loadingMore.set(false);
      },
    });
  }

  protected setRule(key: 'name' | 'events' | 'recipients', event: Event): void {
    const value = (event.target as HTMLInputElement).value;
    this.newRule.update((rule) => ({ ...rule, [key]: value }));
  }

  protected addRule(event: Event): void {
    event.preventDefault();
    const draft = this.newRule();
    const rule: NotificationRule = {
      name: draft.name.trim(),
      events: splitList(draft.events),
      recipients: splitList(draft.recipients),
      enabled: true,
    };
    this.problems.set({});
    this.admin.saveRule(rule).subscribe({
      next: () => this.loadRules(),
      error: (error: unknown) => {
        this.problems.set(fieldProblems(error));
        this.rulesNote.set(describeError(error, 'add the rule'));
      },
    });
  }

  protected removeRule(rule: NotificationRule): void {
    if (!rule.id || !confirm(`Delete the rule ${rule.name}?`)) return;

    this.admin.removeRule(rule.id).subscribe({
      next: () => this.loadRules(),
      error: (error: unknown) => this.rulesNote.set(describeError(error, 'delete the rule')),
    });
  }

  private loadRules(): void {
    this.admin.rules().subscribe({
      next: (rules) => this.rules.set(rules),
      error: (error: unknown) => this.rulesNote.set(describeError(error, 'load the rules')),
    });
  }
}
