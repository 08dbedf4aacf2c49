import { eachLine, LineSplitter } from './line-splitter';
import { LogProgress, LogVerdict, OrderedSet, sizeToBytes } from './log-verdict';
import {
  CANCEL_CODES,
  codeText,
  findCodes,
  isWarningCode,
  KILLED_CODES,
  primaryOf,
} from './oracle-codes';
import { durationSeconds, parseClientTime } from './oracle-dates';

export interface SkippedObject {
  object: string;
  kind: string;
  cause: string | null;
}

/** The verdict on a Data Pump export log, with the corpus's field names. */
export interface ExpdpVerdict extends LogVerdict {
  /** Literal outcome of the final Job line, or `job not created` when there is none. */
  oracleOutcome: string | null;
  errorCount: number;
  errorCodeOccurrences: Record<string, number>;
  jobOwner: string | null;
  jobName: string | null;
  jobLinePresent: boolean;
  logFileWritten: boolean;
  mode: string | null;
  schemas: string[] | null;
  completedAt: string | null;
  stoppedAt: string | null;
  elapsedSeconds: number | null;
  elapsedText: string | null;
  dumpFiles: string[];
  tablesExported: number;
  rowsExported: number;
  largestTable: { name: string; sizeText: string; rows: number } | null;
  exportedBytesApprox: number | null;
  objectsSkipped: SkippedObject[];
  missingSchemas: string[];
  dataMissingFromDump: boolean;
  failureList: string[];
}

/** Codes meaning data the export was asked for is not in the dump. */
const DATA_MISSING_CODES = new Set(['ORA-31693', 'ORA-39165', 'ORA-39166', 'ORA-39181']);
const JOB_LINE = /^Job "([^"]+)"\."([^"]+)" (.*)$/;

/**
 * Reads expdp output (log file or captured client output) line by line and gives live
 * progress and the verdict. One parser per run.
 */
export class ExpdpLogParser {
  private readonly splitter = new LineSplitter();
  private readonly handleLine = (line: string): void => this.onLine(line);
  private readonly errors = new OrderedSet();
  private readonly warnings = new OrderedSet();
  private readonly occurrences = new Map<string, number>();
  private readonly trail: string[] = [];
  private readonly v = emptyFacts();
  private startedAt: string | null = null;
  private outcome: string | null = null;
  private inDumpFileSet = false;
  private inFailureList = false;
  private skipping: SkippedObject | null = null;
  private jobStarted = false;
  private estimateBytes: number | null = null;
  private exportedBytes = 0;
  private largestBytes = -1;
  private phase: string | null = null;

  feed(line: string): void {
    eachLine(line, this.handleLine);
  }

  feedChunk(chunk: string): void {
    this.splitter.push(chunk, this.handleLine);
  }

  get progress(): LogProgress {
    if (this.outcome !== null) return { percent: 100, phase: 'finished' };
    const estimate = this.estimateBytes;
    const percent = estimate
      ? Math.min(99, Math.floor((this.exportedBytes / estimate) * 100))
      : null;

    return { percent, phase: this.phase };
  }

  result(exitCode?: number | null): ExpdpVerdict {
    this.splitter.flush(this.handleLine);
    return this.verdict(exitCode);
  }

  private onLine(raw: string): void {
    const line = stripLogtime(raw).trim();
    if (line.length === 0 || line.startsWith(';;;')) return;

    const codes = line.indexOf('-') > 0 ? findCodes(line) : null;
    if (codes !== null) {
      this.onCodes(line, codes);
      return;
    }
    this.skipping = null;
    this.dispatch(line);
  }

  private dispatch(line: string): void {
    if (line.startsWith('. . exported ')) this.onExported(line);
    else if (line.startsWith('Processing object type ')) this.phase = line.slice(23);
    else if (this.inDumpFileSet && !line.startsWith('Job ')) this.v.dumpFiles.push(line);
    else if (line.startsWith('Dump file set for ')) this.inDumpFileSet = true;
    else if (line.startsWith('Job "')) this.onJobLine(line);
    else if (line.startsWith('Starting "')) this.onStarting(line);
    else if (line.startsWith('Total estimation using ')) this.onEstimate(line);
    else if (/^(Export|Import): Release /.test(line)) this.onBanner(line);
  }

  private onCodes(line: string, codes: string[]): void {
    this.inDumpFileSet = false;

    for (const code of codes) {
      const text = codeText(line, code);
      this.occurrences.set(code, (this.occurrences.get(code) ?? 0) + 1);
      if (isWarningCode(code, text)) {
        this.warnings.add(code);
        continue;
      }
      this.errors.add(code);
      if (this.trail.length < 10_000) this.trail.push(code);
      this.onErrorFacts(code, text);
    }
  }

  private onErrorFacts(code: string, text: string): void {
    if (code === 'ORA-31693') this.startSkipped(text);
    else if (code === 'ORA-39165') this.onMissingSchema(text);
    else if (code === 'ORA-39166') this.onMissingObject(text);
    else if (code === 'ORA-39185') this.inFailureList = true;
    else if (this.skipping !== null) this.skipping.cause = `${code} ${text.split(':')[0]}`;
    else if (this.inFailureList) this.onFailureListEntry(text);
  }

  private startSkipped(text: string): void {
    const m = /object (\S+) failed/.exec(text);
    this.skipping = { object: m ? m[1] : text, kind: 'TABLE_DATA', cause: null };
    this.v.objectsSkipped.push(this.skipping);
  }

  private onMissingSchema(text: string): void {
    const m = /Schema (\S+) was not found/i.exec(text);
    this.v.missingSchemas.push(m ? m[1].replace(/^"|"$/g, '') : text);
  }

  private onMissingObject(text: string): void {
    const m = /Object (\S+) was not found/i.exec(text);
    this.v.objectsSkipped.push({ object: m ? m[1] : text, kind: 'OBJECT', cause: 'not found' });
  }

  private onFailureListEntry(text: string): void {
    const m = /'([^']+)'/.exec(text);
    if (m && !this.v.failureList.includes(m[1])) this.v.failureList.push(m[1]);
  }

  /** `. . exported "APPCORE"."ORDERS"     201.7 MB 2101554 rows`, read from the right. */
  private onExported(line: string): void {
    const tokens = line.split(/\s+/);
    const n = tokens.length;
    if (n < 7 || tokens[n - 1] !== 'rows') return;
    const rows = Number(tokens[n - 2]);
    const sizeText = `${tokens[n - 4]} ${tokens[n - 3]}`;
    const bytes = sizeToBytes(tokens[n - 4], tokens[n - 3]) ?? 0;
    const name = tokens.slice(3, n - 4).join(' ');

    this.v.tablesExported++;
    this.v.rowsExported += Number.isFinite(rows) ? rows : 0;
    this.exportedBytes += bytes;
    if (bytes > this.largestBytes) {
      this.largestBytes = bytes;
      this.v.largestTable = { name, sizeText, rows };
    }
  }

  private onJobLine(line: string): void {
    const m = JOB_LINE.exec(line);
    if (!m) return;
    const [, owner, name, rest] = m;
    const at = rest.lastIndexOf(' at ');
    const elapsedAt = rest.indexOf(' elapsed ');

    this.inDumpFileSet = false;
    this.v.jobOwner = owner;
    this.v.jobName = name;
    this.outcome = normalizeOutcome(at < 0 ? rest : rest.slice(0, at), this.v);
    this.v.elapsedText = elapsedAt < 0 ? null : rest.slice(elapsedAt + 9).trim();
    this.v.elapsedSeconds = this.v.elapsedText ? durationSeconds(this.v.elapsedText) : null;
    this.onJobTime(at < 0 ? '' : rest.slice(at + 4, elapsedAt < 0 ? undefined : elapsedAt));
  }

  private onJobTime(text: string): void {
    const when = parseClientTime(text) ?? this.timeOnBannerDay(text.trim());
    if (this.outcome?.includes('completed')) this.v.completedAt = when;
    else this.v.stoppedAt = when;
  }

  /** 11g prints only `at 02:05:13`: the banner's day, or the next one after midnight. */
  private timeOnBannerDay(time: string): string | null {
    if (!/^\d{2}:\d{2}:\d{2}$/.test(time) || this.startedAt === null) return null;
    const day = this.startedAt.slice(0, 10);
    if (time >= this.startedAt.slice(11)) return `${day}T${time}`;
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

    return `${next.toISOString().slice(0, 10)}T${time}`;
  }

  private onStarting(line: string): void {
    const m = /^Starting "([^"]+)"\."([^"]+)":\s*(.*)$/.exec(line);
    this.jobStarted = true;
    this.phase = 'starting';
    if (!m) return;

    this.v.jobOwner = m[1];
    this.v.jobName = m[2];
    this.v.mode = modeFromParameters(m[3]) ?? modeFromJobName(m[2]);
    this.v.schemas = listParameter(m[3], 'schemas');
  }

  private onEstimate(line: string): void {
    const m = /:\s*([\d.]+)\s*([KMGTP]?B)\s*$/i.exec(line);
    this.estimateBytes = m ? sizeToBytes(m[1], m[2]) : null;
  }

  private onBanner(line: string): void {
    this.startedAt ??= parseClientTime(line);
  }

  private verdict(exitCode: number | null | undefined): ExpdpVerdict {
    const errorCodes = this.errors.values;
    const markers = errorCodes.filter((c) => CANCEL_CODES.has(c) || KILLED_CODES.has(c));
    const dataMissing =
      this.v.objectsSkipped.length + this.v.missingSchemas.length > 0 ||
      errorCodes.some((code) => DATA_MISSING_CODES.has(code));
    const status = this.decideStatus(errorCodes, markers, dataMissing, exitCode);
    const wrote = this.v.dumpFiles.length > 0 || this.v.tablesExported > 0;
    const bytes = this.v.tablesExported > 0 ? Math.round(this.exportedBytes) : null;

    return {
      ...this.v,
      status,
      oracleOutcome: this.outcome ?? (this.jobStarted ? null : 'job not created'),
      errorCodes,
      warningCodes: this.warnings.values,
      primaryError: errorCodes.length > 0 ? primaryOf(this.trail) : null,
      interruptionMarkers: markers,
      errorCodeOccurrences: repeated(this.occurrences),
      pieces: this.v.dumpFiles.length,
      handles: this.v.dumpFiles,
      tags: [],
      bytes,
      bytesApprox: bytes !== null,
      exportedBytesApprox: bytes,
      partialOutput: (status === 'failed' || status === 'interrupted') && wrote,
      dataMissingFromDump: dataMissing,
      jobLinePresent: this.outcome !== null,
      logFileWritten: this.jobStarted && !errorCodes.includes('ORA-39070'),
      startedAt: this.startedAt,
      finishedAt: this.v.completedAt ?? this.v.stoppedAt,
      totalElapsedSeconds: this.v.elapsedSeconds,
    };
  }

  private decideStatus(
    errorCodes: string[],
    markers: string[],
    dataMissing: boolean,
    exitCode: number | null | undefined,
  ): LogVerdict['status'] {
    const outcome = this.outcome;

    if (markers.length > 0) return 'interrupted';
    if (outcome === null) return noJobLineStatus(errorCodes, exitCode);
    if (outcome.startsWith('successfully'))
      return this.warnings.values.length > 0 ? 'warnings' : 'success';
    if (outcome === 'completed with errors') return dataMissing ? 'failed' : 'warnings';
    if (/user|kill/i.test(outcome)) return 'interrupted';

    return 'failed';
  }
}

function noJobLineStatus(errorCodes: string[], exitCode: number | null | undefined) {
  if (errorCodes.length > 0) return 'failed';
  return typeof exitCode === 'number' && exitCode !== 0 ? 'failed' : 'interrupted';
}

function emptyFacts() {
  return {
    errorCount: 0,
    jobOwner: null as string | null,
    jobName: null as string | null,
    mode: null as string | null,
    schemas: null as string[] | null,
    completedAt: null as string | null,
    stoppedAt: null as string | null,
    elapsedSeconds: null as number | null,
    elapsedText: null as string | null,
    dumpFiles: [] as string[],
    tablesExported: 0,
    rowsExported: 0,
    largestTable: null as ExpdpVerdict['largestTable'],
    objectsSkipped: [] as SkippedObject[],
    missingSchemas: [] as string[],
    failureList: [] as string[],
  };
}

/** `completed with 1 error(s)` → `completed with errors` (the count goes to errorCount). */
function normalizeOutcome(text: string, facts: { errorCount: number }): string {
  const m = /^completed with (\d+) error/.exec(text.trim());
  if (!m) return text.trim();

  facts.errorCount = Number(m[1]);
  return 'completed with errors';
}

/** LOGTIME=ALL puts `12-MAR-24 01:00:02.123: ` before every line. */
function stripLogtime(line: string): string {
  const colon = line.indexOf(': ');
  const looksTimed =
    colon >= 20 && colon <= 30 && line.charCodeAt(2) === 45 && line.charCodeAt(colon - 4) === 46;

  return looksTimed ? line.slice(colon + 2) : line;
}

function modeFromParameters(parameters: string): string | null {
  const p = ` ${parameters.toLowerCase()}`;

  if (/\sfull=y/.test(p)) return 'FULL';
  if (/\stransport_tablespaces=/.test(p)) return 'TRANSPORTABLE';
  if (/\stablespaces=/.test(p)) return 'TABLESPACE';
  if (/\stables=/.test(p)) return 'TABLE';
  if (/\sschemas=/.test(p)) return 'SCHEMA';

  return null;
}

function modeFromJobName(jobName: string): string | null {
  const m = /^SYS_EXPORT_([A-Z]+)_\d+$/.exec(jobName);
  return m ? m[1] : null;
}

function listParameter(parameters: string, name: string): string[] | null {
  const m = new RegExp(`(?:^|\\s)${name}=\\(?([^\\s)]+)`, 'i').exec(parameters);
  return m ? m[1].split(',').map((s) => s.replace(/["']/g, '')) : null;
}

function repeated(occurrences: Map<string, number>): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [code, count] of occurrences) if (count > 1) result[code] = count;

  return result;
}

/** Parses a whole expdp log (or captured client output) at once. */
export function parseExpdpLog(text: string, exitCode?: number | null): ExpdpVerdict {
  const parser = new ExpdpLogParser();
  parser.feedChunk(text);
  return parser.result(exitCode);
}
