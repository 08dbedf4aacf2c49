import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  OnInit,
  signal,
  untracked,
} from '@angular/core';
import { HttpErrorResponse } from '@angular/common/http';
import { Router, RouterLink } from '@angular/router';
import type { NotifyEvent, Weekday } from '@rampart/contracts';

import type { PreviewWarning, StrategyPreview, TargetCatalog } from '../../core/api/admin.types';
import type { Target } from '../../core/api/api.types';
import { StrategiesService } from '../../core/api/strategies.service';
import { TargetsService } from '../../core/api/targets.service';
import { describeError, fieldProblems, isMissingEndpoint } from '../../core/http/api-error';
import { ErrorBanner } from '../../ui/error-banner.component';
import { ObjectPicker } from './object-picker.component';
import {
  emptyDraft,
  fromDocument,
  problemFor,
  runsOnDataPump,
  stepOfField,
  StrategyDraft,
  toDocument,
  WIZARD_STEPS,
  WizardStep,
} from './strategy-draft';
import { localProblems } from './strategy-draft-checks';

const STEP_LABELS: Record<WizardStep, string> = {
  target: 'Target',
  type: 'Type',
  objects: 'Objects',
  options: 'Options',
  schedule: 'Schedule',
  notifications: 'Notifications',
  review: 'Review',
};

const SCHEDULE_KINDS = [
  { value: 'none', label: 'Manual only' },
  { value: 'daily', label: 'Daily' },
  { value: 'weekly', label: 'Weekly' },
  { value: 'monthly', label: 'Monthly' },
  { value: 'everyHours', label: 'Every N hours' },
  { value: 'everyDays', label: 'Every N days' },
  { value: 'calendar', label: 'Calendar expression' },
] as const;

/**
 * The strategy wizard: target → type → objects → options → schedule → notifications →
 * review, then save. The console previews the exact script and the scheduler job before saving.
 */
@Component({
  selector: 'rp-strategy-wizard-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ErrorBanner, ObjectPicker, RouterLink],
  templateUrl: './strategy-wizard.page.html',
  styleUrl: './strategy-wizard.page.css',
})
export class StrategyWizardPage implements OnInit {
  private readonly strategies = inject(StrategiesService);
  private readonly targetsService = inject(TargetsService);
  private readonly router = inject(Router);

  /** The strategy being edited (route parameter); none for a new one. */
  readonly id = input<string>();

  protected readonly steps = WIZARD_STEPS;
  protected readonly stepLabels = STEP_LABELS;
  protected readonly weekdays: Weekday[] = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'];
  protected readonly notifyEvents: NotifyEvent[] = [
    'failed',
    'interrupted',
    'missed',
    'succeeded_with_warnings',
    'succeeded',
  ];
  protected readonly timeZones = supportedTimeZones();
  protected readonly scheduleKinds = SCHEDULE_KINDS;
  protected readonly scheduleFields = [
    'schedule',
    'schedule.spec',
    'schedule.spec.time',
    'schedule.spec.days',
    'schedule.spec.timezone',
    'schedule.spec.expression',
  ];

  protected readonly step = signal<WizardStep>('target');
  protected readonly draft = signal<StrategyDraft>(emptyDraft());
  protected readonly targets = signal<Target[]>([]);
  protected readonly catalog = signal<TargetCatalog | null>(null);
  protected readonly catalogNote = signal<string | null>(null);
  protected readonly preview = signal<StrategyPreview | null>(null);
  protected readonly previewNote = signal<string | null>(null);
  protected readonly findings = signal<PreviewWarning[]>([]);
  protected readonly previewing = signal(false);
  /** The schedule changed since the next runs shown were computed. */
  protected readonly previewStale = signal(false);
  protected readonly problems = signal<Record<string, string>>({});
  protected readonly unacknowledged = signal<PreviewWarning[] | null>(null);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);

  protected readonly target = computed(
    () => this.targets().find((t) => t.name === this.draft().target) ?? null,
  );
  protected readonly logMode = computed(
    () => this.catalog()?.logMode ?? this.target()?.logMode ?? null,
  );
  protected readonly dataPump = computed(() => runsOnDataPump(this.draft()));
  /** Temporary tablespaces hold no data to back up: RMAN refuses them, so they are not offered. */
  protected readonly tablespaceNames = computed(() =>
    (this.catalog()?.tablespaces ?? [])
      .filter((t) => t.contents !== 'TEMPORARY')
      .map((t) => t.name),
  );
  protected readonly tableNames = computed(() =>
    (this.catalog()?.tables ?? []).map((t) => `${t.owner}.${t.name}`),
  );
  protected readonly notifyFields = computed(() =>
    Object.keys(this.problems()).filter((field) => field.startsWith('notify')),
  );
  protected readonly stepIndex = computed(() => WIZARD_STEPS.indexOf(this.step()));

  constructor() {
    effect(() => {
      const target = this.target();
      untracked(() => this.loadCatalog(target));
    });
  }

  ngOnInit(): void {
    this.targetsService.list().subscribe({
      next: (targets) => this.targets.set(targets),
      error: (error: unknown) => this.error.set(describeError(error, 'load the targets')),
    });

    const id = this.id();
    if (id) this.loadStrategy(id);
  }

  protected set<K extends keyof StrategyDraft>(key: K, value: StrategyDraft[K]): void {
    this.draft.update((draft) => ({ ...draft, [key]: value }));
    // Next runs computed for another schedule must not stay on screen as if they were these.
    if (this.step() === 'schedule') this.previewStale.set(this.preview() !== null);
  }

  /** A select or radio group whose value is one of the field's allowed strings. */
  protected choose<K extends keyof StrategyDraft>(key: K, event: Event): void {
    this.set(key, (event.target as HTMLSelectElement).value as StrategyDraft[K]);
  }

  protected value(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected number(event: Event): number {
    return Number((event.target as HTMLInputElement).value);
  }

  protected checked(event: Event): boolean {
    return (event.target as HTMLInputElement).checked;
  }

  protected toggleIn<T>(list: readonly T[], item: T, on: boolean): T[] {
    return on ? [...new Set([...list, item])] : list.filter((x) => x !== item);
  }

  protected problem(field: string): string | null {
    return problemFor(this.problems(), field);
  }

  protected goTo(step: WizardStep): void {
    this.step.set(step);
    if (step === 'schedule' || step === 'review') this.runPreview();
  }

  /** The next step, once this one's own fields pass the checks that need no console. */
  protected next(): void {
    const problems = localProblems(this.draft(), this.step());
    this.problems.set(problems);
    if (Object.keys(problems).length > 0) return;

    this.goTo(WIZARD_STEPS[this.stepIndex() + 1]);
  }

  protected back(): void {
    this.step.set(WIZARD_STEPS[this.stepIndex() - 1]);
  }

  protected runPreview(): void {
    this.previewing.set(true);
    this.previewNote.set(null);
    this.findings.set([]);
    this.strategies.preview(toDocument(this.draft())).subscribe({
      next: (preview) => {
        this.preview.set(preview);
        this.previewStale.set(false);
        this.previewing.set(false);
      },
      error: (error: unknown) => this.previewFailed(error),
    });
  }

  protected save(acknowledgeWarnings = false): void {
    this.saving.set(true);
    this.error.set(null);
    this.strategies
      .save(toDocument(this.draft()), this.id() ?? null, acknowledgeWarnings)
      .subscribe({
        next: () => void this.router.navigate(['/strategies']),
        error: (error: unknown) => this.saveFailed(error),
      });
  }

  protected formatRun(iso: string): string {
    return formatInZone(iso, this.draft().timezone);
  }

  private loadStrategy(id: string): void {
    this.strategies.get(id).subscribe({
      next: (strategy) => this.draft.set(fromDocument(strategy.document)),
      error: (error: unknown) => this.error.set(describeError(error, 'load the strategy')),
    });
  }

  private loadCatalog(target: Target | null): void {
    this.catalog.set(null);
    this.catalogNote.set(null);
    if (!target) return;

    this.targetsService.catalog(target.id).subscribe({
      next: (catalog) => this.catalog.set(catalog),
      error: (error: unknown) =>
        this.catalogNote.set(
          isMissingEndpoint(error)
            ? 'This console cannot list the database objects yet: type the names instead.'
            : `${describeError(error, `read the catalog of ${target.name}`)} ` +
                'Type the names instead.',
        ),
    });
  }

  private previewFailed(error: unknown): void {
    this.previewing.set(false);
    this.preview.set(null);

    if (isMissingEndpoint(error)) {
      this.previewNote.set(
        'This console cannot preview strategies yet (HTTP 404): the script and the next runs ' +
          'will be known once it is saved.',
      );
      return;
    }

    this.findings.set(bodyList(error, 'findings'));
    this.showProblems(error);
    this.previewNote.set(describeError(error, 'preview the strategy'));
  }

  private saveFailed(error: unknown): void {
    this.saving.set(false);

    if (error instanceof HttpErrorResponse && error.status === 409) {
      const warnings = bodyList(error, 'warnings');
      this.unacknowledged.set(warnings.length ? warnings : (this.preview()?.warnings ?? []));
      return;
    }

    this.showProblems(error);
    this.error.set(describeError(error, 'save the strategy'));
  }

  /** Field errors from the console, shown next to their fields, on their step. */
  private showProblems(error: unknown): void {
    const problems = fieldProblems(error);
    const fields = Object.keys(problems);
    if (fields.length === 0) return;

    this.problems.set(problems);
    this.step.set(stepOfField(fields[0]));
  }
}

function bodyList(error: unknown, key: 'warnings' | 'findings'): PreviewWarning[] {
  if (!(error instanceof HttpErrorResponse) || !error.error || typeof error.error !== 'object') {
    return [];
  }
  const list = (error.error as Record<string, unknown>)[key];
  return Array.isArray(list) ? (list as PreviewWarning[]) : [];
}

function supportedTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: string) => string[] };
  return intl.supportedValuesOf?.('timeZone') ?? ['UTC'];
}

/** A run time as the database's wall clock shows it, with its zone. */
export function formatInZone(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      year: 'numeric',
      month: 'short',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'short',
    }).format(new Date(iso));
  } catch {
    return iso;
  }
}
