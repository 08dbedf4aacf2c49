/** What `checkStrategy` reports about a strategy before anything runs. */
export interface Finding {
  severity: 'error' | 'warning';
  /** Stable machine code, e.g. `NOARCHIVELOG_ONLINE_BACKUP`. */
  code: string;
  /** Dotted path of the strategy field concerned, e.g. `partial.tablespaces[0]`. */
  field: string;
  /** Why, and what to do about it. */
  message: string;
}

/** What the caller knows about the target and the run when it renders a strategy. */
export interface RenderContext {
  runId: string;
  logMode?: 'ARCHIVELOG' | 'NOARCHIVELOG' | null;
  databaseOpen?: boolean;
  hasLevel0?: boolean | null;
  isAdmin?: boolean;
  now?: Date;
}

/** Thrown by `renderStrategy` when a strategy has at least one error finding. */
export class StrategyRefused extends Error {
  readonly findings: Finding[];

  constructor(findings: Finding[]) {
    const errors = findings.filter((f) => f.severity === 'error');
    const summary = errors.map((f) => `${f.field}: ${f.message}`).join('; ');
    super(`strategy refused: ${summary}`);
    this.name = 'StrategyRefused';
    this.findings = findings;
  }
}

export function error(code: string, field: string, message: string): Finding {
  return { severity: 'error', code, field, message };
}

export function warning(code: string, field: string, message: string): Finding {
  return { severity: 'warning', code, field, message };
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error');
}
