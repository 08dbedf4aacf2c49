import { DatabaseState } from '../database/database-state';
import { callCredential, callScheduler } from './scheduler-procedures';
import { OracleError } from './sql-select';

interface Handler {
  start: number;
  end: number;
  catches: (error: OracleError) => boolean;
}

function declaredExceptions(text: string): Map<string, number> {
  const codes = new Map<string, number>();
  const pragma = /PRAGMA\s+EXCEPTION_INIT\s*\(\s*(\w+)\s*,\s*-?(\d+)\s*\)/gi;
  for (const match of text.matchAll(pragma)) codes.set(match[1].toLowerCase(), Number(match[2]));
  return codes;
}

/** Nested `BEGIN … EXCEPTION WHEN x THEN NULL; END;` blocks and what they swallow. */
function handlers(text: string): Handler[] {
  const codes = declaredExceptions(text);
  const nested =
    /BEGIN((?:(?!BEGIN)[\s\S])*?)EXCEPTION\s+WHEN\s+(\w+)\s+THEN\s+NULL\s*;\s*END\s*;/gi;
  return [...text.matchAll(nested)].map((match) => {
    const name = match[2].toLowerCase();
    return {
      start: match.index ?? 0,
      end: (match.index ?? 0) + match[0].length,
      catches: (error) => name === 'others' || codes.get(name) === error.code,
    };
  });
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let i = open; i < text.length; i += 1) {
    if (text[i] === "'") quoted = !quoted;
    else if (!quoted && text[i] === '(') depth += 1;
    else if (!quoted && text[i] === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return text.length;
}

/**
 * Runs the DBMS_SCHEDULER and DBMS_CREDENTIAL calls of an anonymous block, in order; each
 * call commits, as Oracle's do.
 */
export function runPlsqlBlock(state: DatabaseState, text: string, owner: string): void {
  const guards = handlers(text);
  const calls = /(?:SYS\.)?DBMS_(SCHEDULER|CREDENTIAL)\.(\w+)\s*\(/gi;

  for (const match of text.matchAll(calls)) {
    const open = (match.index ?? 0) + match[0].length - 1;
    const args = text.slice(open + 1, closingParen(text, open));
    try {
      const call = match[1].toUpperCase() === 'CREDENTIAL' ? callCredential : callScheduler;
      call(state, match[2], args, owner);
    } catch (error) {
      if (!(error instanceof OracleError)) throw error;
      const at = match.index ?? 0;
      const guard = guards.find((g) => g.start <= at && at < g.end && g.catches(error));
      if (!guard) throw error;
    }
  }
}
