import type { TargetInspection } from '@rampart/contracts';

import type { OracleSession } from './oracle-session';
import { SqlplusError } from './sqlplus-session';

/**
 * What the wizard's pickers need, in plain Oracle dictionary SQL that a real database answers
 * the same way: one session, one query per view.
 */
export const INSPECTION_QUERIES = {
  database: 'SELECT name, dbid, log_mode, open_mode, database_role FROM v$database;',
  instance: 'SELECT version, instance_name, status FROM v$instance;',
  recoveryArea:
    'SELECT name, space_limit, space_used, space_reclaimable, number_of_files ' +
    'FROM v$recovery_file_dest;',
  tablespaces: 'SELECT tablespace_name, contents, status FROM dba_tablespaces ORDER BY 1;',
  schemas: "SELECT username FROM dba_users WHERE oracle_maintained = 'N' ORDER BY 1;",
  /** Oracle-maintained owners besides SYS and SYSTEM are filtered out by the schema list. */
  tables:
    'SELECT owner, table_name FROM dba_tables ' +
    "WHERE owner NOT IN ('SYS','SYSTEM') ORDER BY 1, 2;",
} as const;

type InspectionRows = Record<keyof typeof INSPECTION_QUERIES, string[][]>;

export async function inspectTarget(
  session: OracleSession,
  now = new Date(),
): Promise<TargetInspection> {
  const rows = await session.query(INSPECTION_QUERIES);
  return toInspection(rows, now);
}

export function toInspection(rows: InspectionRows, now: Date): TargetInspection {
  const [name, dbid, logMode, openMode, role] = rows.database[0] ?? [];
  if (!name || (logMode !== 'ARCHIVELOG' && logMode !== 'NOARCHIVELOG')) {
    throw new SqlplusError(`v$database gave no usable row: ${JSON.stringify(rows.database)}`, null);
  }

  const schemas = rows.schemas.map(([username]) => username).filter(Boolean);
  return {
    inspectedAt: now.toISOString(),
    databaseName: name,
    dbid,
    version: rows.instance[0]?.[0] || null,
    logMode,
    openMode: openMode ?? '',
    role: role ?? '',
    recoveryArea: toRecoveryArea(rows.recoveryArea[0]),
    tablespaces: rows.tablespaces.map(([tsName, contents, status]) => ({
      name: tsName,
      contents,
      status,
    })),
    schemas,
    tables: rows.tables
      .filter(([owner]) => schemas.includes(owner))
      .map(([owner, table]) => ({ owner, name: table })),
  };
}

/** No recovery area configured: v$recovery_file_dest has a row with an empty name. */
function toRecoveryArea(row: string[] | undefined): TargetInspection['recoveryArea'] {
  if (!row || !row[0]) return null;

  const [name, limit, used, reclaimable, files] = row;
  return {
    name,
    limitBytes: oracleNumber(limit),
    usedBytes: oracleNumber(used),
    reclaimableBytes: oracleNumber(reclaimable),
    files: Math.round(oracleNumber(files)),
  };
}

/** A NUMBER as SQL*Plus prints it, including the 1.6106E+11 form of a narrow column. */
export function oracleNumber(text: string | undefined): number {
  const value = Number(text ?? '');
  return Number.isFinite(value) && value >= 0 ? value : 0;
}
