import type { OracleHomeSettings } from './sqlplus-session';

/** How long an ARCHIVELOG answer is trusted before the database is asked again. */
export const ARCHIVELOG_MEMORY_MS = 10 * 60_000;

/**
 * Remembers, per database, that it answered ARCHIVELOG, so back-to-back runs skip the
 * SQL*Plus round trip (a fixed ~300 ms per run). Going back to NOARCHIVELOG takes a restart
 * and makes RMAN fail with its own explained error, so a stale ARCHIVELOG costs a clear
 * failure at worst. NOARCHIVELOG is never remembered: a DBA who has just switched ARCHIVELOG
 * on must not see a run refused on an old answer.
 */
export class ArchivelogMemory {
  private readonly seenAt = new Map<string, number>();

  constructor(
    private readonly ttlMs = ARCHIVELOG_MEMORY_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** 'ARCHIVELOG' when the database answered so within the last `ttlMs`, else null. */
  recall(home: OracleHomeSettings): 'ARCHIVELOG' | null {
    const at = this.seenAt.get(keyOf(home));
    return at !== undefined && this.now() - at < this.ttlMs ? 'ARCHIVELOG' : null;
  }

  record(home: OracleHomeSettings, logMode: 'ARCHIVELOG' | 'NOARCHIVELOG' | null): void {
    if (logMode === 'ARCHIVELOG') this.seenAt.set(keyOf(home), this.now());
    else this.seenAt.delete(keyOf(home));
  }
}

function keyOf(home: OracleHomeSettings): string {
  return `${home.oracleHome}\u0000${home.oracleSid ?? ''}`;
}
