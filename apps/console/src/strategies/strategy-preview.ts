import {
  nextRuns,
  type OracleCalendar,
  scheduleToCalendar,
  schedulerJobPlsql,
} from '@rampart/oracle-calendar';
import { checkStrategy, type Finding, renderStrategy } from '@rampart/rman';
import {
  SCHEDULER_CREDENTIAL_NAME,
  schedulerJobName,
  type StrategyDocument,
  type StrategyPreview,
  type TargetInspection,
} from '@rampart/contracts';

export interface PreviewContext {
  /** The saved strategy's id, or null for a draft. */
  strategyId: string | null;
  logMode: 'ARCHIVELOG' | 'NOARCHIVELOG' | null;
  /** The target's Scheduler OS account: without one, Oracle 12c+ runs the job as nobody. */
  schedulerOsUser: string | null;
  /** The target's last inspection, to check the objects a partial strategy names. */
  inspection: TargetInspection | null;
  isAdmin: boolean;
  now: Date;
}

/** The run id shown in a preview's file names and tags; a real run has its own uuid. */
export const PREVIEW_RUN_ID = 'preview';
const NEXT_RUNS = 5;
const DRAFT_JOB = 'RAMPART_DRAFT';
/**
 * TODO: the agent's own path to `rampart-agent` is known only on the host; the preview shows
 * the service-install path, the agent writes the real one in `schedule.sync`.
 */
const AGENT_EXECUTABLE = '/usr/local/bin/rampart-agent';
const MAX_RUN_MINUTES = 24 * 60;

/** Everything the strategy would make the agent and Oracle do. Throws `StrategyRefused`. */
export function previewStrategy(doc: StrategyDocument, ctx: PreviewContext): StrategyPreview {
  const renderContext = renderContextOf(ctx);
  const findings = [...checkStrategy(doc, renderContext), ...targetFindings(doc, ctx)];
  const work = renderStrategy(doc, renderContext);
  const calendar = doc.schedule ? scheduleToCalendar(doc.schedule.spec, ctx.now) : null;

  return {
    tool: work.tool,
    script: work.script,
    ...(work.tool === 'expdp' ? { parfile: work.script } : {}),
    warnings: work.warnings.map(view),
    findings: findings.map(view),
    schedulerPlsql: calendar ? plsqlOf(doc, ctx, calendar) : null,
    calendar,
    nextRuns: calendar ? upcoming(calendar, ctx.now) : [],
  };
}

/** The findings a save must weigh: same checks as a run, for this target's log mode. */
export function saveFindings(doc: StrategyDocument, ctx: PreviewContext): Finding[] {
  return [...checkStrategy(doc, renderContextOf(ctx)), ...targetFindings(doc, ctx)];
}

/** What only the target knows: its Scheduler OS account and the objects it holds. */
function targetFindings(doc: StrategyDocument, ctx: PreviewContext): Finding[] {
  return [...schedulerFindings(doc, ctx), ...objectFindings(doc, ctx.inspection)];
}

/**
 * The objects of a partial strategy against the last inspection: a temporary tablespace is
 * refused (RMAN backs up no tempfile), a name the database did not show is a warning (the
 * inspection may be older than the object).
 */
function objectFindings(doc: StrategyDocument, inspection: TargetInspection | null): Finding[] {
  if (doc.type !== 'partial' || !doc.partial || !inspection) return [];

  const tablespaces = new Map(inspection.tablespaces.map((t) => [t.name, t]));
  const tables = new Set(inspection.tables.map((t) => `${t.owner}.${t.name}`));
  const seen = `the last inspection of ${inspection.databaseName} (${inspection.inspectedAt})`;
  const findings: Finding[] = [];

  for (const name of doc.partial.tablespaces) {
    const tablespace = tablespaces.get(name);
    if (tablespace?.contents === 'TEMPORARY') {
      findings.push({
        severity: 'error',
        code: 'TEMPORARY_TABLESPACE',
        field: 'partial.tablespaces',
        message: `${name} is a temporary tablespace: RMAN backs up no tempfile. Remove it.`,
      });
    } else if (!tablespace) {
      findings.push(unknownObject('UNKNOWN_TABLESPACE', 'partial.tablespaces', name, seen));
    }
  }
  for (const schema of doc.partial.schemas.filter((s) => !inspection.schemas.includes(s))) {
    findings.push(unknownObject('UNKNOWN_SCHEMA', 'partial.schemas', schema, seen));
  }
  for (const table of doc.partial.tables.filter((t) => !tables.has(t))) {
    findings.push(unknownObject('UNKNOWN_TABLE', 'partial.tables', table, seen));
  }
  return findings;
}

function unknownObject(code: string, field: string, name: string, seen: string): Finding {
  return {
    severity: 'warning',
    code,
    field,
    message:
      `${name} is not in ${seen}: the run fails if it does not exist. Check the spelling, or ` +
      'refresh the inspection if it was created since.',
  };
}

/** A schedule on Oracle Scheduler needs the target's OS account to run the agent at all. */
function schedulerFindings(doc: StrategyDocument, ctx: PreviewContext): Finding[] {
  const onOracle = doc.schedule?.enabled && doc.schedule.clock === 'oracle-scheduler';
  if (!onOracle || ctx.schedulerOsUser) return [];

  return [
    {
      severity: 'warning',
      code: 'SCHEDULER_NO_OS_ACCOUNT',
      field: 'schedule.clock',
      message:
        'the target has no Scheduler OS account: Oracle 12c and later run an external job ' +
        'without one as the externaljob.ora user (nobody), which cannot start the agent, so ' +
        "the runs would be missed. Set the target's OS account (Targets), or use the console " +
        'clock.',
    },
  ];
}

function renderContextOf(ctx: PreviewContext) {
  return { runId: PREVIEW_RUN_ID, logMode: ctx.logMode, isAdmin: ctx.isAdmin, now: ctx.now };
}

function plsqlOf(doc: StrategyDocument, ctx: PreviewContext, cal: OracleCalendar): string {
  const jobName = ctx.strategyId ? schedulerJobName(ctx.strategyId) : DRAFT_JOB;

  return schedulerJobPlsql({
    jobName,
    expression: cal.expression,
    startDate: cal.startDate,
    timezone: cal.timezone,
    jobAction: AGENT_EXECUTABLE,
    arguments: ['trigger', '--strategy', ctx.strategyId ?? 'DRAFT'],
    credentialName: ctx.schedulerOsUser ? SCHEDULER_CREDENTIAL_NAME : null,
    maxRunMinutes: MAX_RUN_MINUTES,
    comments: `Rampart strategy ${doc.name}`,
    enabled: doc.schedule?.enabled ?? false,
  });
}

function upcoming(cal: OracleCalendar, now: Date): string[] {
  return nextRuns(cal.expression, {
    start: cal.startDate,
    tz: cal.timezone,
    count: NEXT_RUNS,
    after: now.toISOString(),
  });
}

function view(f: Finding) {
  return { severity: f.severity, code: f.code, field: f.field, message: f.message };
}
