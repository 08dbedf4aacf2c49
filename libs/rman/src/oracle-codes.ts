/** Message prefixes whose `PREFIX-nnnnn:` codes the parsers collect. */
const PREFIXES = ['RMAN', 'ORA', 'UDE', 'KUP', 'LRM', 'TNS', 'PLS'];

/** RMAN prints these around every error stack; they are never a cause. */
export const STACK_BANNER_CODES = new Set(['RMAN-00571', 'RMAN-00569']);
export const STACK_MARKER = 'RMAN-00569';

/** Codes that report work done with a caveat (V$RMAN_STATUS: COMPLETED WITH WARNINGS). */
export const WARNING_CODES = new Set([
  'RMAN-05541',
  'RMAN-06207',
  'RMAN-06208',
  'RMAN-06209',
  'RMAN-06210',
  'RMAN-06211',
  'RMAN-06212',
  'RMAN-06213',
  'RMAN-06214',
  'RMAN-06820',
  'RMAN-08120',
  'RMAN-08137',
  'RMAN-08138',
  'RMAN-08139',
  'RMAN-08591',
  'ORA-39173',
]);

/** Lines that continue the warning above them; counted as codes, not as more warnings. */
export const WARNING_CONTINUATIONS = new Set([
  'RMAN-06208',
  'RMAN-06209',
  'RMAN-06210',
  'RMAN-06211',
  'RMAN-06212',
  'RMAN-06213',
  'RMAN-06214',
]);

/** Someone asked the work to stop: an operator cancel. */
export const CANCEL_CODES = new Set(['ORA-01013', 'RMAN-03099']);

/** The session doing the work went away: killed, or its connection lost. */
export const KILLED_CODES = new Set([
  'ORA-00028',
  'ORA-03113',
  'ORA-03114',
  'ORA-03135',
  'RMAN-10038',
]);

/** Codes that only say "an error happened in ..."; the cause is further down the stack. */
const WRAPPER_CODES = new Set([
  'RMAN-00554',
  'RMAN-00558',
  'RMAN-03002',
  'RMAN-03009',
  'RMAN-03013',
  'RMAN-03014',
  'RMAN-03015',
  'RMAN-04004',
  'RMAN-04005',
  'RMAN-04006',
  'RMAN-04014',
  'RMAN-06003',
  'RMAN-06004',
  'ORA-02354',
  'ORA-31626',
  'ORA-31693',
  'ORA-39001',
  'ORA-39002',
  'ORA-39126',
  'UDE-00008',
]);

/** PL/SQL call-stack lines: never a cause. */
const NOISE_CODES = new Set(['ORA-06512']);

/** Codes that name the cause precisely even when more detail follows them. */
const ROOT_CAUSE_CODES = new Set([
  'RMAN-03099',
  'RMAN-06023',
  'RMAN-06053',
  'RMAN-06054',
  'RMAN-06059',
  'RMAN-06149',
  'RMAN-20242',
  'ORA-00028',
  'ORA-01013',
  'ORA-19511',
  'ORA-19809',
]);

export function isWarningCode(code: string, text: string): boolean {
  return WARNING_CODES.has(code) || /^\s*warning\b/i.test(text);
}

/**
 * Every `PREFIX-nnnnn:` code on a line, in order (two codes may share a line). Scans by
 * `indexOf`, no regular expression: this runs on every line of a large log.
 */
export function findCodes(line: string): string[] | null {
  let found: string[] | null = null;

  for (let dash = line.indexOf('-'); dash > 0; dash = line.indexOf('-', dash + 1)) {
    if (!isCodeNumber(line, dash + 1)) continue;
    const prefix = prefixBefore(line, dash);
    if (prefix === null) continue;
    (found ??= []).push(`${prefix}-${line.substr(dash + 1, 5)}`);
  }

  return found;
}

function isCodeNumber(line: string, at: number): boolean {
  for (let i = at; i < at + 5; i++) {
    const c = line.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }

  return line.charCodeAt(at + 5) === 58; // ':'
}

function prefixBefore(line: string, dash: number): string | null {
  for (const prefix of PREFIXES) {
    const start = dash - prefix.length;
    if (start < 0 || !line.startsWith(prefix, start)) continue;
    if (start === 0 || !isWordChar(line.charCodeAt(start - 1))) return prefix;
  }

  return null;
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/** The text a code carries: what follows `CODE: ` up to the next code on the line. */
export function codeText(line: string, code: string): string {
  const at = line.indexOf(`${code}:`);
  if (at < 0) return '';
  const rest = line.slice(at + code.length + 1);
  const next = findCodes(rest);

  return (next ? rest.slice(0, rest.indexOf(next[0])) : rest).trim();
}

function rank(code: string): number {
  if (NOISE_CODES.has(code)) return 0;
  if (WRAPPER_CODES.has(code)) return 1;
  if (ROOT_CAUSE_CODES.has(code)) return 3;

  return 2;
}

/**
 * The root cause of a stack: the bottom-most code, read bottom-up past wrappers and noise,
 * unless a code that names the cause precisely sits above mere detail.
 */
export function primaryOf(stack: readonly string[]): string | null {
  let best: string | null = null;
  let bestRank = -1;

  for (const code of stack) {
    const r = rank(code);
    if (r >= bestRank) {
      best = code;
      bestRank = r;
    }
  }

  return best;
}
