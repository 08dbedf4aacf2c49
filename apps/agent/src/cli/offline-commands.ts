import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

import { strategyDocumentSchema } from '@rampart/contracts';
import { nextRuns } from '@rampart/oracle-calendar';
import {
  explainVerdict,
  parseExpdpLog,
  parseRmanLog,
  renderStrategy,
  StrategyRefused,
} from '@rampart/rman';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const ok = (stdout: string): CommandResult => ({ exitCode: 0, stdout, stderr: '' });
const refuse = (stderr: string, exitCode = 2): CommandResult => ({ exitCode, stdout: '', stderr });

/**
 * A file named on the command line, relative to where the user typed it: `npm run agent`
 * runs from the repository root, and npm keeps the user's folder in INIT_CWD.
 */
export function userPath(file: string, env = process.env): string {
  return isAbsolute(file) ? file : resolve(env['INIT_CWD'] ?? process.cwd(), file);
}

/** `render STRATEGY.json`: the script or parfile, and its warnings; exit 2 when refused. */
export function renderCommand(file: string, runId = '00000000-0000-0000-0000-000000000000') {
  const parsed = strategyDocumentSchema.safeParse(JSON.parse(readFileSync(userPath(file), 'utf8')));
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

/**
 * `parse-log --kind rman|expdp FILE --json`: the verdict with the corpus field names and the
 * plain explanation of its primary error. Exit 0 when the log was read, whatever it says.
 */
export function parseLogCommand(kind: string, file: string, json: boolean): CommandResult {
  if (kind !== 'rman' && kind !== 'expdp') return refuse('--kind must be rman or expdp\n');

  const text = readFileSync(userPath(file), 'utf8');
  const verdict = kind === 'rman' ? parseRmanLog(text) : parseExpdpLog(text);
  const explanation = explainVerdict(verdict);
  if (json) return ok(JSON.stringify({ ...verdict, explanation }, null, 2) + '\n');

  const codes = verdict.errorCodes.length ? `; errors ${verdict.errorCodes.join(', ')}` : '';
  const lines = [`${verdict.status}${codes}; pieces ${verdict.pieces}`];
  if (verdict.primaryError) lines.push(`primary error: ${verdict.primaryError}`);
  if (explanation) lines.push(`cause: ${explanation.cause}`, `next step: ${explanation.nextStep}`);
  return ok(lines.join('\n') + '\n');
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
    const message = (error as Error).message;
    const prefixed = code && !message.startsWith(code) ? `${code}: ${message}` : message;
    return refuse(`${prefixed}\n`, 1);
  }
}
