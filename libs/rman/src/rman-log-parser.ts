import { eachLine, LineSplitter } from './line-splitter';
import { LogProgress, LogVerdict, OrderedSet, sizeToBytes } from './log-verdict';
import {
  CANCEL_CODES,
  codeText,
  findCodes,
  isWarningCode,
  KILLED_CODES,
  primaryOf,
  STACK_BANNER_CODES,
  STACK_MARKER,
  WARNING_CONTINUATIONS,
} from './oracle-codes';
import {
  durationSeconds,
  parseFailureTime,
  parseNlsDate,
  secondsBetween,
  type LogTime,
} from './oracle-dates';

/** A backup set as LIST BACKUP printed it (sizes rounded, binary units). */
export interface ListedBackupSet {
  bsKey: number;
  level: number | null;
  sizeText: string;
  bytesApprox: number;
  elapsed: string | null;
  compressed: boolean;
}

/** The verdict on an RMAN log, with the corpus's field names. */
export interface RmanVerdict extends LogVerdict {
  /** Warning lines (continuation lines of a warning block not counted). */
  warningCount: number;
  /** Codes seen outside any error stack on an "Oracle error from ..." line, e.g. ORA-00258. */
  notices: string[];
  backupSetElapsed: string[];
  longestBackupSetElapsedSeconds: number | null;
  pieceComments: string[];
  database: { name: string; dbid: number } | null;
  rmanVersion: string | null;
  connectedToTarget: boolean;
  recoveryCatalog: boolean;
  channels: string[];
  deviceType: string | null;
  mediaManagerBanner: string | null;
  backupKind: 'full' | 'incremental' | 'archivelog' | null;
  incrementalLevel: number | null;
  datafilesBackedUp: number;
  controlfileIncludedInBackupSet: boolean;
  tagIsSystemGenerated: boolean;
  archivedLogsBackedUp: number[];
  archivedLogsDeleted: number[];
  archivedLogsKept: number[];
  archivedLogSequences: Record<string, [number, number]>;
  skippedArchivedLogs: number;
  errorStackPresent: boolean;
  recoveryManagerCompleteLinePresent: boolean;
  finishedBackupLinePresent: boolean;
  failurePhase: 'connect' | 'compile' | 'execute' | null;
  failedCommand: string | null;
  failedAt: string | null;
  firstFailureAt: string | null;
  lastFailureAt: string | null;
  interruptedAt: string | null;
  failedChannels: string[];
  failedFile: string | null;
  missingFile: string | null;
  missingArchivedLog: { thread: number; sequence: number } | null;
  osError: { platform: string; errno: number; text: string } | null;
  fraBytesRequested: number | null;
  fraLimitBytes: number | null;
  /** RMAN-20242 alone: RMAN failed only because nothing matched the archived log range. */
  benign: boolean;
  listedBackupSets: ListedBackupSet[];
  mismatchedObjects: Array<{ type: string; name: string }>;
  obsoleteDeleted: number | null;
}

const SYSTEM_TAG = /^TAG\d{8}T\d{6}$/;

/**
 * Reads RMAN client output line by line, as the agent receives it, and gives live progress
 * and the final verdict. One parser per run.
 */
export class RmanLogParser {
  private readonly splitter = new LineSplitter();
  private readonly handleLine = (line: string): void => this.onLine(line);
  private readonly errors = new OrderedSet();
  private readonly informational = new Set<string>();
  private readonly warnings = new OrderedSet();
  private readonly trail: string[] = [];
  private finalStack: string[] = [];
  private inStack = false;
  private stackSeen = false;
  private noticeLines = 0;
  private lastLineHadCode = false;
  private listHeader = false;
  private deleting = false;
  private phase: string | null = null;
  private complete = false;
  private readonly recidToSequence = new Map<string, number>();
  private readonly listed = new Map<number, ListedBackupSet>();
  private lastListed: ListedBackupSet | null = null;
  private started: LogTime | null = null;
  private finished: LogTime | null = null;
  private readonly v = emptyFacts();

  /** One line of output (a trailing `\r`, or several lines at once, are fine too). */
  feed(line: string): void {
    eachLine(line, this.handleLine);
  }

  /** A chunk of output cut anywhere, e.g. straight from the child's stdout. */
  feedChunk(chunk: string): void {
    this.splitter.push(chunk, this.handleLine);
  }

  get progress(): LogProgress {
    // TODO: RMAN prints no totals; a percent needs V$SESSION_LONGOPS, which the agent polls.
    return { percent: this.complete ? 100 : null, phase: this.phase };
  }

  /** The verdict; `exitCode` is RMAN's exit status (null: killed by a signal). */
  result(exitCode?: number | null): RmanVerdict {
    this.splitter.flush(this.handleLine);
    return buildVerdict(this, exitCode);
  }

  private onLine(raw: string): void {
    const line = raw.charCodeAt(0) === 32 || raw.charCodeAt(0) === 9 ? raw.trimStart() : raw;
    if (line.length === 0) return;

    const codes = line.indexOf('-') > 0 ? findCodes(line) : null;
    if (codes !== null) this.onCodes(line, codes);
    else if (this.lastLineHadCode) this.onErrorDetail(line);
    this.lastLineHadCode = codes !== null;
    if (this.noticeLines > 0) this.noticeLines--;

    this.dispatch(line);
  }

  private dispatch(line: string): void {
    switch (line.charCodeAt(0)) {
      case 112: // p
        if (line.startsWith('piece handle=')) this.onPiece(line);
        return;
      case 99: // c
        this.onC(line);
        return;
      case 105: // i
        this.onInput(line);
        return;
      case 97: // a
        this.onA(line);
        return;
      default:
        this.dispatchRare(line);
    }
  }

  private dispatchRare(line: string): void {
    const first = line.charCodeAt(0);

    if (line.startsWith('Starting ')) this.onStarting(line);
    else if (line.startsWith('Finished ')) this.onFinished(line);
    else if (line.startsWith('Recovery Manager')) this.onRecoveryManager(line);
    else if (line.startsWith('RMAN>')) this.inStack = false;
    else if (line.startsWith('skipping archived log')) this.onSkipping(line);
    else if (line.startsWith('Deleted ')) this.onDeleted(line);
    else if (line.startsWith('Deleting the following obsolete')) this.phase = 'deleting obsolete';
    else if (line.startsWith('Crosschecked ')) this.phase = 'crosscheck';
    else if (line.startsWith('Version ')) this.v.rmanVersion = line.slice(8).trim();
    else if (line.startsWith('BS Key')) this.listHeader = true;
    else if (line.startsWith('BP Key:')) this.onBackupPieceKey(line);
    else if (this.listHeader && first >= 48 && first <= 57) this.onListRow(line);
    else if (/^oracle error from /i.test(line) && !this.inStack) this.noticeLines = 2;
  }

  private onCodes(line: string, codes: string[]): void {
    for (const code of codes) {
      if (code === STACK_MARKER) this.openStack();
      if (STACK_BANNER_CODES.has(code)) continue;
      if (isWarningCode(code, codeText(line, code))) this.onWarning(code, line);
      else this.onError(code, line);
    }
  }

  private openStack(): void {
    this.inStack = true;
    this.stackSeen = true;
    this.finalStack = [];
  }

  private onWarning(code: string, line: string): void {
    this.warnings.add(code);
    if (code === 'RMAN-06214') this.onMismatch(codeText(line, code));
    if (!WARNING_CONTINUATIONS.has(code)) this.v.warningCount++;
  }

  private onError(code: string, line: string): void {
    const notice = this.noticeLines > 0 && !this.inStack;

    if (this.errors.add(code) && notice) this.informational.add(code);
    if (!notice) this.informational.delete(code);
    if (this.inStack) this.finalStack.push(code);
    if (!notice && this.trail.length < 10_000) this.trail.push(code);
    this.onErrorFacts(code, line);
  }

  private onErrorFacts(code: string, line: string): void {
    const text = codeText(line, code);

    if (code === 'RMAN-03009' || code === 'RMAN-03002') this.onFailureLine(code, text);
    else if (code === 'ORA-19804') this.onReclaim(text);
    else if (code === 'ORA-19502' || code === 'ORA-19504') this.v.failedFile ??= quotedFile(text);
    else if (code === 'ORA-19625') this.v.missingFile ??= text.replace(/^.*\bfile\s+/, '');
  }

  private onFailureLine(code: string, text: string): void {
    const at = text.lastIndexOf(' at ');
    const time = at < 0 ? null : parseFailureTime(text.slice(at + 4));
    const command = /failure of (.+?) command/.exec(text);
    const channel = / on (\S+) channel/.exec(text);

    if (time !== null) {
      this.v.firstFailureAt ??= time;
      this.v.lastFailureAt = time;
      if (this.inStack || code === 'RMAN-03002') this.v.failedAt = time;
    }
    if (command && (this.inStack || this.v.failedCommand === null)) {
      this.v.failedCommand = command[1];
    }
    if (channel && !this.v.failedChannels.includes(channel[1])) {
      this.v.failedChannels.push(channel[1]);
    }
    if (text.includes('compilation')) this.v.failurePhase = 'compile';
  }

  private onReclaim(text: string): void {
    const numbers = text.match(/\d+/g);
    if (!numbers || numbers.length < 2) return;

    this.v.fraBytesRequested = Number(numbers[0]);
    this.v.fraLimitBytes = Number(numbers[1]);
  }

  private onMismatch(text: string): void {
    const parts = text.split(/\s{2,}/);
    if (parts.length < 2) return;

    this.v.mismatchedObjects.push({ type: parts[0], name: parts.slice(1).join('  ') });
  }

  /** `Linux-x86_64 Error: 2: No such file or directory` under an ORA- line. */
  private onErrorDetail(line: string): void {
    const m = /^(\S+) Error: (\d+): (.*)$/.exec(line);
    if (m && this.v.osError === null) {
      this.v.osError = { platform: m[1], errno: Number(m[2]), text: m[3].trim() };
    }
  }

  private onPiece(line: string): void {
    const rest = line.slice(13);
    const tagAt = rest.indexOf(' tag=');
    const commentAt = rest.indexOf(' comment=');
    const handleEnd = tagAt >= 0 ? tagAt : commentAt >= 0 ? commentAt : rest.length;

    this.v.handles.push(rest.slice(0, handleEnd).trim());
    if (tagAt >= 0) {
      const tagEnd = commentAt > tagAt ? commentAt : rest.length;
      this.tags.add(rest.slice(tagAt + 5, tagEnd).trim());
    }
    if (commentAt >= 0) this.onPieceComment(rest.slice(commentAt + 9).trim());
  }

  private readonly tags = new OrderedSet();
  private readonly comments = new OrderedSet();

  private onPieceComment(comment: string): void {
    if (comment !== 'NONE' && comment !== '') this.comments.add(comment);
  }

  private onC(line: string): void {
    if (line.startsWith('channel ')) this.onChannel(line);
    else if (line.startsWith('connected to target database')) this.onConnected(line);
    else if (line.startsWith('connected to recovery catalog')) this.v.recoveryCatalog = true;
  }

  private onChannel(line: string): void {
    const colon = line.indexOf(': ');
    if (colon < 0) return;
    const what = line.slice(colon + 2);

    if (what.startsWith('backup set complete, elapsed time: ')) this.onSetComplete(what);
    else if (what.startsWith('starting ')) this.onChannelStarting(what);
    else if (what.startsWith('deleting archived log')) this.deleting = true;
    else if (what.startsWith('SID=') || what.startsWith('sid=')) this.onChannelDevice(what);
    else if (what.includes('VER=')) this.v.mediaManagerBanner ??= what.trim();
  }

  private onSetComplete(what: string): void {
    this.v.backupSetElapsed.push(what.slice(35).trim());
  }

  private onChannelStarting(what: string): void {
    if (!what.endsWith('backup set')) return;

    if (what.includes('archived log')) {
      this.phase = 'backing up archived logs';
      this.v.backupKind ??= 'archivelog';
      return;
    }
    this.phase = 'backing up datafiles';
    const level = /incremental level (\d)/.exec(what);
    if (level) {
      this.v.backupKind = 'incremental';
      this.v.incrementalLevel = Number(level[1]);
    } else if (this.v.backupKind !== 'incremental' && what.includes('full')) {
      this.v.backupKind = 'full';
    }
  }

  private onChannelDevice(what: string): void {
    const m = /(?:device type|devtype)=(\S+)/.exec(what);
    if (m) this.v.deviceType ??= m[1];
  }

  private onConnected(line: string): void {
    const m = /: (\S+) \(DBID=(\d+)/.exec(line);
    this.v.connectedToTarget = true;
    this.phase ??= 'connected';
    if (m) this.v.database = { name: m[1], dbid: Number(m[2]) };
  }

  private readonly datafiles = new Set<string>();

  private onInput(line: string): void {
    if (line.startsWith('input datafile file number=')) {
      this.datafiles.add(line.slice(27, line.indexOf(' ', 27)));
    } else if (line.startsWith('input archived log thread=')) {
      this.onInputArchivedLog(line);
    } else if (line.startsWith('including current control file')) {
      this.v.controlfileIncludedInBackupSet = true;
    }
  }

  private onInputArchivedLog(line: string): void {
    const m = /thread=(\d+) sequence=(\d+)(?: RECID=(\d+))?/.exec(line);
    if (!m) return;
    const sequence = Number(m[2]);
    const key = `thread${m[1]}`;
    const range = this.v.archivedLogSequences[key];

    this.v.archivedLogsBackedUp.push(sequence);
    if (m[3] !== undefined) this.recidToSequence.set(m[3], sequence);
    this.v.archivedLogSequences[key] = range
      ? [Math.min(range[0], sequence), Math.max(range[1], sequence)]
      : [sequence, sequence];
  }

  private onA(line: string): void {
    if (line.startsWith('allocated channel: ')) {
      const name = line.slice(19).trim();
      if (!this.v.channels.includes(name)) this.v.channels.push(name);
    } else if (line.startsWith('archived log file name=')) {
      this.onArchivedLogFile(line);
    }
  }

  private onArchivedLogFile(line: string): void {
    const recid = / RECID=(\d+)/.exec(line);
    const kept = / sequence=(\d+)/.exec(line);

    if (recid && this.deleting) {
      const sequence = this.recidToSequence.get(recid[1]) ?? sequenceFromName(line.slice(23));
      if (sequence !== null) this.v.archivedLogsDeleted.push(sequence);
    } else if (kept) {
      this.v.archivedLogsKept.push(Number(kept[1]));
    }
  }

  private onStarting(line: string): void {
    const at = line.lastIndexOf(' at ');
    const what = line.slice(9, at < 0 ? undefined : at);

    this.deleting = false;
    this.listHeader = false;
    this.phase = what.includes('Autobackup') ? 'control file autobackup' : what;
    if (at >= 0) this.started ??= parseNlsDate(line.slice(at + 4));
  }

  private onFinished(line: string): void {
    const at = line.lastIndexOf(' at ');
    if (line.startsWith('Finished backup')) this.v.finishedBackupLinePresent = true;
    if (at < 0) return;

    this.finished = parseNlsDate(line.slice(at + 4)) ?? this.finished;
  }

  private onRecoveryManager(line: string): void {
    const trimmed = line.trim();
    const release = /^Recovery Manager: Release (\S+)/.exec(trimmed);

    if (release) this.v.rmanVersion ??= release[1];
    else if (trimmed.endsWith('.')) {
      this.complete = true;
      this.inStack = false;
      this.phase = 'finished';
    }
  }

  private onSkipping(line: string): void {
    const range = /from sequence (\d+) to (\d+)/.exec(line);
    this.v.skippedArchivedLogs += range ? Number(range[2]) - Number(range[1]) + 1 : 1;
  }

  private onDeleted(line: string): void {
    const m = /^Deleted (\d+) objects?/.exec(line);
    if (m) this.v.obsoleteDeleted = (this.v.obsoleteDeleted ?? 0) + Number(m[1]);
  }

  private onListRow(line: string): void {
    const tokens = line.trim().split(/\s+/);
    const sizeAt = tokens.findIndex((t, i) => i > 0 && /^\d+(\.\d+)?[KMGTP]$/.test(t));
    this.listHeader = false;
    if (sizeAt < 0) return;

    const sizeText = tokens[sizeAt];
    const bytes = sizeToBytes(sizeText.slice(0, -1), sizeText.slice(-1)) ?? 0;
    const set: ListedBackupSet = {
      bsKey: Number(tokens[0]),
      level: tokens[1] === 'Incr' && /^\d$/.test(tokens[2]) ? Number(tokens[2]) : null,
      sizeText,
      bytesApprox: Math.round(bytes),
      elapsed: tokens.slice(sizeAt).find((t) => /^\d+:\d{2}:\d{2}$/.test(t)) ?? null,
      compressed: false,
    };
    this.listed.set(set.bsKey, set);
    this.lastListed = set;
  }

  private onBackupPieceKey(line: string): void {
    if (this.lastListed && /Compressed: YES/.test(line)) this.lastListed.compressed = true;
  }

  /** @internal Read by `buildVerdict`; not part of the public API. */
  snapshot(): ParserState {
    return {
      errors: this.errors.values,
      informational: this.informational,
      warnings: this.warnings.values,
      trail: this.trail,
      finalStack: this.finalStack,
      stackSeen: this.stackSeen,
      complete: this.complete,
      tags: this.tags.values,
      comments: this.comments.values,
      datafiles: this.datafiles.size,
      listed: [...this.listed.values()],
      started: this.started,
      finished: this.finished,
      facts: this.v,
    };
  }
}

type Facts = ReturnType<typeof emptyFacts>;

interface ParserState {
  errors: string[];
  informational: Set<string>;
  warnings: string[];
  trail: string[];
  finalStack: string[];
  stackSeen: boolean;
  complete: boolean;
  tags: string[];
  comments: string[];
  datafiles: number;
  listed: ListedBackupSet[];
  started: LogTime | null;
  finished: LogTime | null;
  facts: Facts;
}

function emptyFacts() {
  return {
    warningCount: 0,
    handles: [] as string[],
    backupSetElapsed: [] as string[],
    database: null as { name: string; dbid: number } | null,
    rmanVersion: null as string | null,
    connectedToTarget: false,
    recoveryCatalog: false,
    channels: [] as string[],
    deviceType: null as string | null,
    mediaManagerBanner: null as string | null,
    backupKind: null as RmanVerdict['backupKind'],
    incrementalLevel: null as number | null,
    controlfileIncludedInBackupSet: false,
    archivedLogsBackedUp: [] as number[],
    archivedLogsDeleted: [] as number[],
    archivedLogsKept: [] as number[],
    archivedLogSequences: {} as Record<string, [number, number]>,
    skippedArchivedLogs: 0,
    finishedBackupLinePresent: false,
    failurePhase: null as RmanVerdict['failurePhase'],
    failedCommand: null as string | null,
    failedAt: null as string | null,
    firstFailureAt: null as string | null,
    lastFailureAt: null as string | null,
    failedChannels: [] as string[],
    failedFile: null as string | null,
    missingFile: null as string | null,
    osError: null as RmanVerdict['osError'],
    fraBytesRequested: null as number | null,
    fraLimitBytes: null as number | null,
    mismatchedObjects: [] as Array<{ type: string; name: string }>,
    obsoleteDeleted: null as number | null,
  };
}

function quotedFile(text: string): string | null {
  const m = /"([^"]+)"/.exec(text);
  return m ? m[1] : null;
}

/** Thread and sequence from the usual log_archive_format and OMF/ASM archived log names. */
export function sequenceFromName(name: string): number | null {
  const parsed = archivedLogFromName(name);
  return parsed ? parsed.sequence : null;
}

export function archivedLogFromName(path: string): { thread: number; sequence: number } | null {
  const base = path.trim().split(/[\\/]/).pop() ?? '';
  const m =
    /^o1_mf_(\d+)_(\d+)_/i.exec(base) ??
    /^thread_(\d+)_seq_(\d+)\./i.exec(base) ??
    /^(?:[A-Za-z]*_?)?(\d+)_(\d+)_\d+\.\w+/.exec(base);

  return m ? { thread: Number(m[1]), sequence: Number(m[2]) } : null;
}

function buildVerdict(parser: RmanLogParser, exitCode: number | null | undefined): RmanVerdict {
  const s = parser.snapshot();
  const errorCodes = s.errors.filter((c) => s.stackSeen || !s.informational.has(c));
  const markers = errorCodes.filter((c) => CANCEL_CODES.has(c) || KILLED_CODES.has(c));
  const status = decideStatus(s, errorCodes, markers, exitCode);
  const failing = status === 'failed' || status === 'interrupted';
  const stack = s.finalStack.length > 0 ? s.finalStack : s.trail;
  const listedBytes = s.listed.reduce((sum, set) => sum + set.bytesApprox, 0);

  return {
    ...timing(s),
    ...details(s, status, errorCodes),
    status,
    errorCodes,
    warningCodes: s.warnings,
    primaryError: errorCodes.length > 0 ? primaryOf(stack) : null,
    interruptionMarkers: markers,
    pieces: s.facts.handles.length,
    handles: s.facts.handles,
    tags: s.tags,
    bytes: s.listed.length > 0 ? listedBytes : null,
    bytesApprox: s.listed.length > 0,
    partialOutput: failing && s.facts.handles.length > 0,
  };
}

function decideStatus(
  s: ParserState,
  errorCodes: string[],
  markers: string[],
  exitCode: number | null | undefined,
): LogVerdict['status'] {
  const exitFailed = typeof exitCode === 'number' && exitCode !== 0;

  if (s.stackSeen || errorCodes.length > 0) return markers.length > 0 ? 'interrupted' : 'failed';
  if (!s.complete) return exitFailed ? 'failed' : 'interrupted';
  if (exitCode === null) return 'interrupted';
  if (exitFailed && s.warnings.length === 0) return 'failed';

  return s.warnings.length > 0 ? 'warnings' : 'success';
}

function timing(s: ParserState) {
  const { started, finished } = s;
  const both = started !== null && finished !== null && started.hasTime && finished.hasTime;

  return {
    startedAt: started?.iso ?? null,
    finishedAt: finished?.iso ?? null,
    totalElapsedSeconds: both ? secondsBetween(started.iso, finished.iso) : null,
  };
}

function details(s: ParserState, status: LogVerdict['status'], errorCodes: string[]) {
  const f = s.facts;
  const seconds = f.backupSetElapsed.map(durationSeconds).filter((n): n is number => n !== null);
  const rootCauses = errorCodes.filter((c) => !/^RMAN-0(3002|3013|6004)$/.test(c));

  return {
    ...f,
    notices: s.errors.filter((c) => s.informational.has(c)),
    longestBackupSetElapsedSeconds: seconds.length > 0 ? Math.max(...seconds) : null,
    pieceComments: s.comments,
    datafilesBackedUp: s.datafiles,
    tagIsSystemGenerated: s.tags.length > 0 && s.tags.every((t) => SYSTEM_TAG.test(t)),
    errorStackPresent: s.stackSeen,
    recoveryManagerCompleteLinePresent: s.complete,
    failurePhase: failurePhase(s, status),
    interruptedAt: status === 'interrupted' ? f.lastFailureAt : null,
    missingArchivedLog:
      errorCodes.includes('RMAN-06059') && f.missingFile
        ? archivedLogFromName(f.missingFile)
        : null,
    benign: rootCauses.length === 1 && rootCauses[0] === 'RMAN-20242',
    listedBackupSets: s.listed,
  };
}

function failurePhase(s: ParserState, status: LogVerdict['status']): RmanVerdict['failurePhase'] {
  if (status !== 'failed' && status !== 'interrupted') return null;
  if (!s.facts.connectedToTarget && s.stackSeen) return 'connect';

  return s.facts.failurePhase ?? (s.stackSeen ? 'execute' : null);
}

/** Parses a whole RMAN log at once. */
export function parseRmanLog(text: string, exitCode?: number | null): RmanVerdict {
  const parser = new RmanLogParser();
  parser.feedChunk(text);
  return parser.result(exitCode);
}
