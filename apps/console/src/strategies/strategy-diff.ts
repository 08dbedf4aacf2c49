import type { StrategyDocument, StrategyFieldChange } from '@rampart/contracts';

/** Lines beyond which a script diff is summarised rather than computed (LCS is quadratic). */
const MAX_DIFF_LINES = 4000;

/** Every leaf of the document that differs between two versions, by dotted path. */
export function diffDocuments(
  before: StrategyDocument,
  after: StrategyDocument,
): StrategyFieldChange[] {
  const changes: StrategyFieldChange[] = [];
  walk(before, after, '', changes);
  return changes;
}

function walk(a: unknown, b: unknown, path: string, out: StrategyFieldChange[]): void {
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) walk(a[key], b[key], path ? `${path}.${key}` : key, out);
    return;
  }

  if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push({ path: path || '(document)', before: a ?? null, after: b ?? null });
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A unified-style line diff (`-` removed, `+` added, two spaces unchanged), as a reviewer
 * reads a custom script change. Null when both texts are equal.
 */
export function diffLines(before: string, after: string): string | null {
  if (before === after) return null;
  const a = before.split('\n');
  const b = after.split('\n');

  if (a.length > MAX_DIFF_LINES || b.length > MAX_DIFF_LINES) {
    // TODO: a linear-space diff (Myers) for scripts longer than MAX_DIFF_LINES lines.
    return `- (${a.length} lines)\n+ (${b.length} lines)`;
  }

  return editScript(a, b).join('\n');
}

function editScript(a: string[], b: string[]): string[] {
  const lcs = lcsTable(a, b);
  const out: string[] = [];
  let i = 0;
  let j = 0;

  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      out.push(`  ${a[i++]}`);
      j++;
    } else if (j < b.length && (i === a.length || lcs[i][j + 1] > lcs[i + 1][j])) {
      out.push(`+ ${b[j++]}`);
    } else {
      out.push(`- ${a[i++]}`);
    }
  }
  return out;
}

/** lcs[i][j]: length of the longest common subsequence of a[i..] and b[j..]. */
function lcsTable(a: string[], b: string[]): number[][] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i][j] =
        a[i] === b[j] ? table[i + 1][j + 1] + 1 : Math.max(table[i + 1][j], table[i][j + 1]);
    }
  }
  return table;
}
