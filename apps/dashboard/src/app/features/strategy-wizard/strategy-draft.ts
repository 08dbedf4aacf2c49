import type {
  NotifyEvent,
  Priority,
  ScheduleSpec,
  StrategyDocument,
  StrategyDocumentInput,
  StrategyType,
  Weekday,
} from '@rampart/contracts';

// The wizard's working copy of a strategy: flat, form-friendly, turned into the strategy
// document of libs/contracts only when it is previewed or saved.

export const WIZARD_STEPS = [
  'target',
  'type',
  'objects',
  'options',
  'schedule',
  'notifications',
  'review',
] as const;
export type WizardStep = (typeof WIZARD_STEPS)[number];

export type ScheduleKind = 'none' | ScheduleSpec['kind'];
export type RetentionKind = 'none' | 'recovery-window' | 'redundancy';
export type DestinationKind = 'recovery-area' | 'disk' | 'sbt';
export type Compression = 'none' | 'basic' | 'low' | 'medium' | 'high';

export interface StrategyDraft {
  name: string;
  description: string;
  target: string;
  type: StrategyType;
  priority: Priority;
  incrementalLevel: 0 | 1;
  cumulative: boolean;
  tablespaces: string[];
  schemas: string[];
  tables: string[];
  customScript: string;
  destinationKind: DestinationKind;
  destinationPath: string;
  sbtParms: string;
  channels: number;
  sectionSize: string;
  compression: Compression;
  encryption: boolean;
  tag: string;
  includeArchivedLogs: boolean;
  deleteArchivedInput: boolean;
  retentionKind: RetentionKind;
  retentionValue: number;
  crosscheck: boolean;
  deleteObsolete: boolean;
  scheduleKind: ScheduleKind;
  time: string;
  weekdays: Weekday[];
  monthDays: string;
  lastDay: boolean;
  everyHours: number;
  minute: number;
  everyDays: number;
  expression: string;
  timezone: string;
  notifyOn: NotifyEvent[];
  recipients: string;
}

export function emptyDraft(timezone = localTimeZone()): StrategyDraft {
  return {
    name: '',
    description: '',
    target: '',
    type: 'full',
    priority: 'normal',
    incrementalLevel: 0,
    cumulative: false,
    tablespaces: [],
    schemas: [],
    tables: [],
    customScript: '',
    destinationKind: 'recovery-area',
    destinationPath: '',
    sbtParms: '',
    channels: 1,
    sectionSize: '',
    compression: 'none',
    encryption: false,
    tag: '',
    includeArchivedLogs: true,
    deleteArchivedInput: false,
    retentionKind: 'none',
    retentionValue: 7,
    crosscheck: false,
    deleteObsolete: false,
    scheduleKind: 'daily',
    time: '01:00',
    weekdays: ['SUN'],
    monthDays: '1',
    lastDay: false,
    everyHours: 4,
    minute: 0,
    everyDays: 2,
    expression: 'FREQ=WEEKLY;BYDAY=SUN;BYHOUR=2;BYMINUTE=0',
    timezone,
    notifyOn: ['failed', 'interrupted', 'missed'],
    recipients: '',
  };
}

export function localTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** The strategy document the console validates, previews and stores. */
export function toDocument(draft: StrategyDraft): StrategyDocumentInput {
  return {
    name: draft.name.trim(),
    ...(draft.description.trim() ? { description: draft.description.trim() } : {}),
    target: draft.target,
    type: draft.type,
    priority: draft.priority,
    schedule: toSchedule(draft),
    notify: { on: draft.notifyOn, recipients: splitList(draft.recipients) },
    ...objectsOf(draft),
    options: optionsOf(draft),
  };
}

function objectsOf(draft: StrategyDraft): Partial<StrategyDocumentInput> {
  switch (draft.type) {
    case 'incremental':
      return { incremental: { level: draft.incrementalLevel, cumulative: draft.cumulative } };
    case 'partial':
      return {
        partial: { tablespaces: draft.tablespaces, schemas: draft.schemas, tables: draft.tables },
      };
    case 'custom':
      return { custom: { script: draft.customScript } };
    default:
      return {};
  }
}

function optionsOf(draft: StrategyDraft): NonNullable<StrategyDocumentInput['options']> {
  return {
    destination: destinationOf(draft),
    channels: draft.channels,
    ...(draft.sectionSize.trim() ? { sectionSize: draft.sectionSize.trim() } : {}),
    compression: draft.compression,
    encryption: draft.encryption,
    ...(draft.tag.trim() ? { tag: draft.tag.trim() } : {}),
    archivedLogs: {
      include: draft.includeArchivedLogs,
      deleteInput: draft.includeArchivedLogs && draft.deleteArchivedInput,
    },
    ...(draft.retentionKind === 'recovery-window'
      ? { retention: { kind: 'recovery-window' as const, days: draft.retentionValue } }
      : {}),
    ...(draft.retentionKind === 'redundancy'
      ? { retention: { kind: 'redundancy' as const, copies: draft.retentionValue } }
      : {}),
    maintenance: { crosscheck: draft.crosscheck, deleteObsolete: draft.deleteObsolete },
  };
}

function destinationOf(draft: StrategyDraft) {
  switch (draft.destinationKind) {
    case 'disk':
      return { kind: 'disk' as const, path: draft.destinationPath.trim() };
    case 'sbt':
      return draft.sbtParms.trim()
        ? { kind: 'sbt' as const, parms: draft.sbtParms.trim() }
        : { kind: 'sbt' as const };
    default:
      return { kind: 'recovery-area' as const };
  }
}

function toSchedule(draft: StrategyDraft): StrategyDocumentInput['schedule'] {
  const spec = toSpec(draft);
  return spec ? { enabled: true, spec } : null;
}

function toSpec(draft: StrategyDraft): ScheduleSpec | null {
  const timezone = draft.timezone.trim();
  switch (draft.scheduleKind) {
    case 'none':
      return null;
    case 'daily':
      return { kind: 'daily', time: draft.time, timezone };
    case 'weekly':
      return { kind: 'weekly', days: draft.weekdays, time: draft.time, timezone };
    case 'monthly':
      return {
        kind: 'monthly',
        days: splitList(draft.monthDays).map(Number),
        lastDay: draft.lastDay,
        time: draft.time,
        timezone,
      };
    case 'everyHours':
      return { kind: 'everyHours', hours: draft.everyHours, minute: draft.minute, timezone };
    case 'everyDays':
      return { kind: 'everyDays', days: draft.everyDays, time: draft.time, timezone };
    case 'calendar':
      return { kind: 'calendar', expression: draft.expression.trim(), timezone };
  }
}

/** Opens a stored strategy in the wizard (edit, or the source of a clone). */
export function fromDocument(document: StrategyDocument): StrategyDraft {
  const draft = emptyDraft(document.schedule?.spec.timezone);
  const options = document.options;
  return {
    ...draft,
    name: document.name,
    description: document.description ?? '',
    target: document.target,
    type: document.type,
    priority: document.priority,
    incrementalLevel: document.incremental?.level ?? 0,
    cumulative: document.incremental?.cumulative ?? false,
    tablespaces: document.partial?.tablespaces ?? [],
    schemas: document.partial?.schemas ?? [],
    tables: document.partial?.tables ?? [],
    customScript: document.custom?.script ?? '',
    ...destinationDraft(options.destination),
    channels: options.channels,
    sectionSize: options.sectionSize ?? '',
    compression: options.compression,
    encryption: options.encryption,
    tag: options.tag ?? '',
    includeArchivedLogs: options.archivedLogs.include,
    deleteArchivedInput: options.archivedLogs.deleteInput,
    ...retentionDraft(options.retention),
    crosscheck: options.maintenance.crosscheck,
    deleteObsolete: options.maintenance.deleteObsolete,
    ...scheduleDraft(document.schedule?.spec ?? null, draft),
    notifyOn: document.notify.on,
    recipients: document.notify.recipients.join(', '),
  };
}

function destinationDraft(destination: StrategyDocument['options']['destination']) {
  return {
    destinationKind: destination.kind,
    destinationPath: destination.kind === 'disk' ? destination.path : '',
    sbtParms: destination.kind === 'sbt' ? (destination.parms ?? '') : '',
  };
}

function retentionDraft(retention: StrategyDocument['options']['retention']) {
  if (!retention) return { retentionKind: 'none' as const, retentionValue: 7 };
  return retention.kind === 'recovery-window'
    ? { retentionKind: retention.kind, retentionValue: retention.days }
    : { retentionKind: retention.kind, retentionValue: retention.copies };
}

function scheduleDraft(spec: ScheduleSpec | null, base: StrategyDraft): Partial<StrategyDraft> {
  if (!spec) return { scheduleKind: 'none' };
  const common = { scheduleKind: spec.kind, timezone: spec.timezone };
  switch (spec.kind) {
    case 'daily':
      return { ...common, time: spec.time };
    case 'weekly':
      return { ...common, time: spec.time, weekdays: spec.days };
    case 'monthly':
      return { ...common, time: spec.time, monthDays: spec.days.join(', '), lastDay: spec.lastDay };
    case 'everyHours':
      return { ...common, everyHours: spec.hours, minute: spec.minute };
    case 'everyDays':
      return { ...common, time: spec.time, everyDays: spec.days };
    case 'calendar':
      return { ...common, expression: spec.expression || base.expression };
  }
}

/** The wizard step where a field of the document is edited, to show its error there. */
export function stepOfField(field: string): WizardStep {
  const head = field.split('.')[0];
  if (head === 'target' || head === 'name' || head === 'description') return 'target';
  if (head === 'type' || head === 'priority') return 'type';
  if (head === 'incremental' || head === 'partial' || head === 'custom') return 'objects';
  if (head === 'schedule') return 'schedule';
  if (head === 'notify') return 'notifications';
  return head === 'options' ? 'options' : 'review';
}

/** A field's problem, or that of the closest enclosing field (`options.destination`). */
export function problemFor(problems: Record<string, string>, field: string): string | null {
  for (let path = field; path; path = path.slice(0, Math.max(0, path.lastIndexOf('.')))) {
    if (problems[path]) return problems[path];
  }
  return null;
}

/** True when the strategy runs on Data Pump (schemas or tables) rather than RMAN. */
export function runsOnDataPump(draft: StrategyDraft): boolean {
  return draft.type === 'partial' && draft.schemas.length + draft.tables.length > 0;
}

export function splitList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((item) => item.trim())
    .filter(Boolean);
}
