import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  OnInit,
  signal,
} from '@angular/core';

import { AdminService } from '../../core/api/admin.service';
import type { Agent, ConnectionTest, TargetSettings } from '../../core/api/admin.types';
import type { LogMode, Target } from '../../core/api/api.types';
import { TargetsService } from '../../core/api/targets.service';
import { AuthService } from '../../core/auth/auth.service';
import { describeError, fieldProblems } from '../../core/http/api-error';
import { EmptyState } from '../../ui/empty-state.component';
import { ErrorBanner } from '../../ui/error-banner.component';
import { ArchivelogSwitch } from './archivelog-switch.component';
import { emptyTargetSettings, TargetForm } from './target-form.component';

/** The databases Rampart protects: connection, credentials, test, ARCHIVELOG. */
@Component({
  selector: 'rp-targets-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner, EmptyState, TargetForm, ArchivelogSwitch],
  templateUrl: './targets.page.html',
})
export class TargetsPage implements OnInit {
  private readonly targetsService = inject(TargetsService);
  private readonly admin = inject(AdminService);
  private readonly auth = inject(AuthService);

  protected readonly isAdmin = computed(() => this.auth.can('administer'));
  protected readonly canTest = computed(() => this.auth.can('test-target'));
  protected readonly targets = signal<Target[]>([]);
  protected readonly agents = signal<Agent[]>([]);
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly selected = signal<Target | null>(null);
  protected readonly adding = signal(false);
  protected readonly settings = signal<TargetSettings>(emptyTargetSettings());
  protected readonly problems = signal<Record<string, string>>({});
  protected readonly notice = signal<string | null>(null);
  protected readonly testing = signal(false);
  protected readonly testResult = signal<ConnectionTest | null>(null);
  protected readonly logMode = signal<LogMode | null>(null);
  protected readonly logModeNote = signal<string | null>(null);

  ngOnInit(): void {
    this.load();
    this.admin.agents().subscribe({
      next: (agents) => this.agents.set(agents),
      error: (error: unknown) => this.error.set(describeError(error, 'load the agents')),
    });
  }

  protected load(): void {
    this.loading.set(true);
    this.error.set(null);
    this.targetsService.list().subscribe({
      next: (targets) => {
        this.targets.set(targets);
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.error.set(describeError(error, 'load the targets'));
        this.loading.set(false);
      },
    });
  }

  protected select(target: Target): void {
    this.adding.set(false);
    this.selected.set(target);
    this.resetPanel();
    this.settings.set({ ...emptyTargetSettings(), name: target.name, agentId: target.agentId });
    this.logMode.set(target.logMode);
    this.targetsService.get(target.id).subscribe({
      next: (detail) => this.settings.set({ ...emptyTargetSettings(), ...detail }),
      error: (error: unknown) => this.error.set(describeError(error, `load ${target.name}`)),
    });
    this.readArchivelog(target);
  }

  protected startAdding(): void {
    this.selected.set(null);
    this.adding.set(true);
    this.resetPanel();
    this.settings.set(emptyTargetSettings());
  }

  protected save(settings: TargetSettings): void {
    const target = this.selected();
    const saving = target
      ? this.targetsService.update(target.id, settings)
      : this.targetsService.create(settings);
    this.problems.set({});
    saving.subscribe({
      next: () => {
        this.notice.set(`${settings.name} saved.`);
        this.adding.set(false);
        this.load();
      },
      error: (error: unknown) => {
        this.problems.set(fieldProblems(error));
        this.error.set(describeError(error, `save ${settings.name || 'the target'}`));
      },
    });
  }

  protected testConnection(target: Target): void {
    this.testing.set(true);
    this.testResult.set(null);
    this.targetsService.testConnection(target.id).subscribe({
      next: (result) => {
        this.testing.set(false);
        this.testResult.set(result);
        // The console records the log mode the test read: show it here and in the list.
        if (result.logMode) {
          this.logMode.set(result.logMode);
          this.load();
        }
      },
      error: (error: unknown) => {
        this.testing.set(false);
        this.testResult.set({ ok: false, message: describeError(error, 'test the connection') });
      },
    });
  }

  protected switched(target: Target): void {
    this.notice.set(`${target.name} is switching to ARCHIVELOG; the agent reports when done.`);
    this.readArchivelog(target);
  }

  private readArchivelog(target: Target): void {
    this.targetsService.archivelog(target.id).subscribe({
      next: (status) => this.logMode.set(status.logMode),
      error: (error: unknown) =>
        this.logModeNote.set(describeError(error, `read the log mode of ${target.name}`)),
    });
  }

  private resetPanel(): void {
    this.problems.set({});
    this.notice.set(null);
    this.error.set(null);
    this.testResult.set(null);
    this.logModeNote.set(null);
  }
}
