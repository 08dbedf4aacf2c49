import type { StrategyDocument } from '@rampart/contracts';

import {
  identifierProblem,
  quoteIdentifier,
  quoteTable,
  runIdProblem,
  UnsafeValue,
} from './user-values';

const PUMP_COMPRESSION: Record<string, string> = {
  basic: 'BASIC',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
};

/** Data Pump job names: 30 characters keep them valid on every release. */
export function dataPumpJobName(runId: string): string {
  return `RAMPART_${runId.replace(/[^A-Za-z0-9]/g, '').toUpperCase()}`.slice(0, 30);
}

/** The file names of a run: `rampart_<run>_%U.dmp` and `rampart_<run>.log`. */
export function dataPumpFileStem(runId: string): string {
  return `rampart_${runId.replace(/[^A-Za-z0-9_]/g, '_').toLowerCase()}`;
}

/**
 * The expdp parameter file for a schema or table export. It carries no credentials: the
 * agent connects with its own (OS-authenticated or wallet) login.
 */
export function renderDataPumpParfile(doc: StrategyDocument, runId: string): string {
  if (runIdProblem(runId) !== null) throw new UnsafeValue('runId');
  const o = doc.options;
  const stem = dataPumpFileStem(runId);

  return [
    `# Rampart run ${runId}: Data Pump export, generated; do not edit.`,
    ...objectLines(doc),
    `DIRECTORY=${directory(o.dataPump.directory)}`,
    `DUMPFILE=${stem}_%U.dmp`,
    `LOGFILE=${stem}.log`,
    `JOB_NAME=${dataPumpJobName(runId)}`,
    'FLASHBACK_TIME=SYSTIMESTAMP',
    `PARALLEL=${o.dataPump.parallel}`,
    ...optionalLines(doc),
    '',
  ].join('\n');
}

function objectLines(doc: StrategyDocument): string[] {
  const p = doc.partial;
  if (!p) throw new UnsafeValue('partial');
  const schemas = p.schemas.map((s, i) => quoteIdentifier(s, `partial.schemas[${i}]`));
  const tables = p.tables.map((t, i) => quoteTable(t, `partial.tables[${i}]`));

  if (tables.length > 0 && schemas.length > 0) throw new UnsafeValue('partial');
  return tables.length > 0 ? [`TABLES=${tables.join(',')}`] : [`SCHEMAS=${schemas.join(',')}`];
}

/** Directory objects stay unquoted (validated identifier) but `#` would start a comment. */
function directory(name: string): string {
  if (identifierProblem(name) !== null) throw new UnsafeValue('options.dataPump.directory');
  return /[#$]/.test(name) ? quoteIdentifier(name, 'options.dataPump.directory') : name;
}

function optionalLines(doc: StrategyDocument): string[] {
  const o = doc.options;
  const lines: string[] = [];
  const size = o.dataPump.fileSize;

  if (size !== undefined) {
    if (!/^[1-9]\d{0,5}[KMG]$/i.test(size)) throw new UnsafeValue('options.dataPump.fileSize');
    lines.push(`FILESIZE=${size.toUpperCase()}`);
  }
  if (o.compression !== 'none') {
    lines.push('COMPRESSION=ALL', `COMPRESSION_ALGORITHM=${PUMP_COMPRESSION[o.compression]}`);
  }
  if (o.encryption) lines.push('ENCRYPTION=ALL', 'ENCRYPTION_MODE=TRANSPARENT');

  return lines;
}
