import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `shared/corpus` beside the repository, as on every developer machine and in CI. */
export const CORPUS =
  process.env['RAMPART_CORPUS'] ?? join(__dirname, '..', '..', '..', '..', 'shared', 'corpus');

export interface CorpusCase {
  name: string;
  log: string;
  expected: Record<string, unknown>;
}

/** Every `<case>.log` (or `.stdout.log`) of a corpus folder with its expected answer. */
export function corpusCases(kind: 'rman' | 'expdp'): CorpusCase[] {
  const dir = join(CORPUS, kind);

  return readdirSync(dir)
    .filter((f) => f.endsWith('.expected.json'))
    .map((f) => {
      const name = f.replace('.expected.json', '');
      const logFile = readdirSync(dir).find((l) => l.startsWith(`${name}.`) && l.endsWith('.log'));
      if (!logFile) throw new Error(`no log for ${name}`);
      return {
        name,
        log: readFileSync(join(dir, logFile), 'utf8'),
        expected: JSON.parse(readFileSync(join(dir, f), 'utf8')) as Record<string, unknown>,
      };
    });
}

/** Corpus field names that the verdict spells differently. */
const ALIASES: Record<string, string> = { totalElapsed: 'totalElapsedSeconds' };

/** Expected fields the verdict reports, with the verdict's value for each. */
export function comparableFields(
  expected: Record<string, unknown>,
  verdict: object,
): Array<{ field: string; want: unknown; got: unknown }> {
  const v = verdict as Record<string, unknown>;

  return Object.entries(expected)
    .map(([field, want]) => ({ field, key: ALIASES[field] ?? field, want }))
    .filter(({ key }) => key in v)
    .map(({ field, key, want }) => ({ field, want, got: v[key] }));
}

export function replaceLine(log: string, from: string, to: string): string {
  if (!log.includes(from)) throw new Error(`fixture does not contain ${from}`);
  return log.split(from).join(to);
}
