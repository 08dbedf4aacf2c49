import { readFileSync } from 'node:fs';

import { strategyDocumentSchema } from '@rampart/contracts';
import { nextRuns } from '@rampart/oracle-calendar';
import { parseExpdpLog, parseRmanLog, renderStrategy, StrategyRefused } from '@rampart/rman';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });
const refuse = (stderr: string, exitCode = 2): CommandResult => ({ exitCode, stdout: '', stderr });

/** `render STRATEGY.json`: the script or parfile, and its warnings; exit 2 when refused. */
export function renderCommand(file: string, runId = '00000000-0000-0000-0000-000000000000') {
  const parsed = strategyDocumentSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    return refuse(`strategy refused:\n  ${problems.join('\n  ')}\n`);
  }

  try {
    const work = renderStrategy(parsed.data, { runId });
    const warnings = work.warnings.map((w) => `warning ${w.code} (${w.field}): ${w.message}\n`);
    return {
      exitCode: 0,
      stdout: work.script.endsWith('\n') ? work.script : work.script + '\n',
      stderr: warnings.join(''),
    };
  } catch (error) {
    if (!(error instanceof StrategyRefused)) throw error;
    const lines = error.findings.map((f) => `${f.severity} ${f.code} (${f.field}): ${f.message}`);
    return refuse(`strategy refused:\n  ${lines.join('\n  ')}\n`);
  }
}

/** `parse-log --kind rman|expdp FILE --json`: the verdict with the corpus field names. */
export function parseLogCommand(kind: string, file: string, json: boolean): CommandResult {
  if (kind !== 'rman' && kind !== 'expdp') return refuse('--kind must be rman or expdp\n');

  const text = readFileSync(file, 'utf8');
  const verdict = kind === 'rman' ? parseRmanLog(text) : parseExpdpLog(text);
  if (json) return ok(JSON.stringify(verdict, null, 2) + '\n');

  const codes = verdict.errorCodes.length ? ` errors ${verdict.errorCodes.join(', ')}` : '';
  return ok(`${verdict.status}${codes}; pieces ${verdict.pieces}\n`);
}

/** `calendar next EXPR --start ISO --tz ZONE --count N --json`. */
export function calendarNextCommand(
  expression: string,
  options: { start: string; tz: string; count: string; json: boolean },
): CommandResult {
  const count = Number(options.count);
  if (!Number.isInteger(count) || count < 1 || count > 1000) {
    return refuse('--count must be a whole number from 1 to 1000\n');
  }

  try {
    const runs = nextRuns(expression, { start: options.start, tz: options.tz, count });
    return ok(options.json ? JSON.stringify(runs) + '\n' : runs.join('\n') + '\n');
  } catch (error) {
    const code = (error as { code?: string }).code;
    return refuse(`${code ? code + ': ' : ''}${(error as Error).message}\n`, 1);
  }
}
