import type { RunVerdict } from '@rampart/contracts';

/** What both parsers give for a finished run: the corpus field names, assignable to RunVerdict. */
export interface LogVerdict extends RunVerdict {
  status: 'success' | 'warnings' | 'failed' | 'interrupted';
  /** Distinct error codes in order of first appearance (no stack banners, no warnings). */
  errorCodes: string[];
  warningCodes: string[];
  /** Root cause: the bottom-most meaningful code of the (last) error stack. */
  primaryError: string | null;
  /** Cancel or killed-session codes that made the run `interrupted`, in order. */
  interruptionMarkers: string[];
  pieces: number;
  handles: string[];
  tags: string[];
  /** Sizes printed in the log (LIST output, Data Pump table sizes); null when none. */
  bytes: number | null;
  /** `bytes` comes from rounded sizes in binary units. */
  bytesApprox: boolean;
  /** Something was written although the run did not succeed. */
  partialOutput: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  totalElapsedSeconds: number | null;
}

/** Progress derived from the lines seen so far. */
export interface LogProgress {
  percent: number | null;
  phase: string | null;
}

/** Distinct values in order of first appearance. */
export class OrderedSet {
  readonly values: string[] = [];
  private readonly seen = new Set<string>();

  add(value: string): boolean {
    if (this.seen.has(value)) return false;
    this.seen.add(value);
    this.values.push(value);
    return true;
  }

  has(value: string): boolean {
    return this.seen.has(value);
  }
}

const UNITS: Record<string, number> = {
  B: 1,
  K: 1024,
  KB: 1024,
  M: 1024 ** 2,
  MB: 1024 ** 2,
  G: 1024 ** 3,
  GB: 1024 ** 3,
  T: 1024 ** 4,
  TB: 1024 ** 4,
  P: 1024 ** 5,
  PB: 1024 ** 5,
};

/** `1.07G`, `612.4 MB` → bytes (binary units, as Oracle prints them); null if not a size. */
export function sizeToBytes(number: string, unit: string): number | null {
  const factor = UNITS[unit.toUpperCase()];
  const value = Number(number);

  return factor === undefined || !Number.isFinite(value) ? null : value * factor;
}
