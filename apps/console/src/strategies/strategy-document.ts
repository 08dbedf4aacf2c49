import { CalendarError, scheduleToCalendar } from '@rampart/oracle-calendar';
import { type StrategyDocument, strategyDocumentSchema } from '@rampart/contracts';

import { DomainError, type FieldProblem } from '../common/domain-error';

/**
 * Validates a strategy document as create, update, import and preview all do: the shared
 * schema first, then the schedule's calendar as Oracle would read it. Every bad field is named.
 */
export function parseStrategyDocument(input: unknown): StrategyDocument {
  const result = strategyDocumentSchema.safeParse(input ?? {});
  if (!result.success) {
    throw invalid(
      result.error.issues.map((i) => ({
        field: i.path.join('.') || '(body)',
        message: i.message,
      })),
    );
  }

  const nul = nulProblems(result.data, '');
  if (nul.length) throw invalid(nul);

  const calendarProblem = scheduleProblem(result.data);
  if (calendarProblem) throw invalid([calendarProblem]);
  return result.data;
}

/** PostgreSQL cannot store NUL in jsonb: free-text fields (description, script) say so. */
function nulProblems(value: unknown, path: string): FieldProblem[] {
  if (typeof value === 'string') {
    return value.includes('\u0000')
      ? [{ field: path || '(body)', message: 'must not contain NUL characters' }]
      : [];
  }
  if (typeof value !== 'object' || value === null) return [];

  return Object.entries(value).flatMap(([key, inner]) =>
    nulProblems(inner, path ? `${path}.${key}` : key),
  );
}

function scheduleProblem(doc: StrategyDocument): FieldProblem | null {
  if (!doc.schedule) return null;

  try {
    scheduleToCalendar(doc.schedule.spec);
    return null;
  } catch (error) {
    if (!(error instanceof CalendarError)) throw error;
    const field = doc.schedule.spec.kind === 'calendar' ? 'expression' : 'kind';
    return { field: `schedule.spec.${field}`, message: error.message };
  }
}

function invalid(problems: FieldProblem[]): DomainError {
  const summary = problems.map((p) => `${p.field} ${p.message}`).join('; ');
  return new DomainError('validation', summary, problems);
}
