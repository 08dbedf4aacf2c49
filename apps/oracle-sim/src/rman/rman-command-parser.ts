import {
  ArchivelogSpec,
  BackupObject,
  BackupSpec,
  DeleteTarget,
  DeviceType,
  RmanCommand,
  RmanCommandBody,
  RmanSyntaxError,
} from './rman-commands';
import { RmanToken, tokenizeRman } from './rman-lexer';

const KEYWORDS = new Set(
  (
    'ALLOCATE ALL ALGORITHM ARCHIVELOG AS AUTOBACKUP BACKED BACKUP BACKUPSET BEFORE CHANNEL ' +
    'CHECK CLEAR COMMAND COMPLETED COMPRESSED CONFIGURE CONNECT CONTROLFILE COPY CROSSCHECK ' +
    'CUMULATIVE CURRENT DATABASE DATAFILE DAYS DEFAULT DELETE DEVICE DISK ECHO EXIT EXPIRED ' +
    'FILESPERSET FOR FORMAT FROM FULL ID INCLUDE INCREMENTAL INPUT LEVEL LIST LOGICAL NOPROMPT ' +
    'NOT OBSOLETE OF OFF ON OPTIMIZATION PARALLELISM PARMS PLUS POLICY PREVIEW QUIT RECOVERY ' +
    'REDUNDANCY RELEASE REPORT RESTORE RETENTION RUN SBT SECTION SEQUENCE SET SHOW SIZE SPFILE ' +
    'SQL SUMMARY TABLESPACE TAG TARGET TIMES TO TYPE UP VALIDATE WINDOW'
  ).split(' '),
);

const STATEMENT_STARTS = [
  'allocate',
  'backup',
  'configure',
  'connect',
  'crosscheck',
  'delete',
  'exit',
  'list',
  'quit',
  'release',
  'report',
  'restore',
  'run',
  'set',
  'show',
  'sql',
  'validate',
];

const UNITS: Record<string, number> = { K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** Parses one command at a time, so earlier commands run before a later syntax error. */
export class RmanCommandParser {
  private pos = 0;
  private readonly tokens: RmanToken[];

  constructor(text: string) {
    this.tokens = tokenizeRman(text);
  }

  hasMore(): boolean {
    return this.pos < this.tokens.length;
  }

  /** Line of the next token (for the prompt echo), or null at the end. */
  nextLine(): number | null {
    return this.tokens[this.pos]?.line ?? null;
  }

  next(): RmanCommand {
    const first = this.peek();
    if (first.kind !== 'word') this.fail(STATEMENT_STARTS);

    const command = this.statement();
    return command;
  }

  /** Skips to the end of the current command after a syntax error. */
  skipPastError(): void {
    this.pos = this.tokens.length;
  }

  private statement(): RmanCommand {
    const start = this.peek();
    const word = start.value;
    const body = this.statementBody(word);
    const lastLine = this.tokens[this.pos - 1]?.line ?? start.line;
    return { ...body, firstLine: start.line, lastLine } as RmanCommand;
  }

  private statementBody(word: string): RmanCommandBody {
    switch (word) {
      case 'RUN':
        return this.runBlock();
      case 'ALLOCATE':
        return this.allocate();
      case 'RELEASE':
        return this.release();
      case 'SET':
        return this.set();
      case 'CONFIGURE':
        return this.configure();
      case 'BACKUP':
        return this.backup();
      case 'SQL':
        return this.sql();
      case 'ALTER':
        return this.nativeSql();
      case 'CROSSCHECK':
        return this.crosscheck();
      case 'DELETE':
        return this.delete();
      case 'RESTORE':
        return this.restore();
      case 'VALIDATE':
        return this.validate();
      case 'LIST':
        return this.list();
      case 'REPORT':
        return this.simple(['REPORT', 'OBSOLETE'], { kind: 'report-obsolete' });
      case 'SHOW':
        return this.simple(['SHOW', 'ALL'], { kind: 'show-all' });
      case 'CONNECT':
        return this.connect();
      case 'EXIT':
      case 'QUIT':
        this.pos += 1;
        this.endOfStatement();
        return { kind: 'exit' };
      default:
        return this.fail(STATEMENT_STARTS);
    }
  }

  private runBlock(): RmanCommandBody {
    this.take('RUN');
    this.takePunct('{');
    const commands: RmanCommand[] = [];

    while (!this.atPunct('}')) {
      if (!this.hasMore()) this.fail(['}']);
      commands.push(this.statement());
    }

    this.takePunct('}');
    return { kind: 'run', commands };
  }

  private allocate(): RmanCommandBody {
    this.take('ALLOCATE');
    if (this.isWord('AUXILIARY')) this.fail(['channel']);
    this.take('CHANNEL');
    const channel = this.identifier();
    const device = this.deviceType();
    const options = this.channelOptions();
    this.endOfStatement();
    return { kind: 'allocate', channel, device, ...options };
  }

  private deviceType(): DeviceType {
    if (this.isWord('DEVICE')) this.take('DEVICE');
    this.take('TYPE');
    if (this.accept('=') !== null) {
      // TYPE = DISK
    }
    const device = this.peek();
    if (device.kind === 'string') {
      this.pos += 1;
      return /SBT/i.test(device.value) ? 'SBT_TAPE' : 'DISK';
    }
    if (device.value === 'DISK') {
      this.pos += 1;
      return 'DISK';
    }
    if (device.value === 'SBT' || device.value === 'SBT_TAPE') {
      this.pos += 1;
      return 'SBT_TAPE';
    }
    return this.fail(['disk', 'sbt', 'sbt_tape']);
  }

  private channelOptions(): {
    format: string | null;
    parms: string | null;
    maxPieceSizeBytes: number | null;
  } {
    const options = { format: null as string | null, parms: null as string | null };
    let maxPieceSizeBytes: number | null = null;

    while (!this.atPunct(';')) {
      if (this.isWord('FORMAT')) options.format = this.optionString('FORMAT');
      else if (this.isWord('PARMS')) options.parms = this.optionString('PARMS');
      else if (this.isWord('MAXPIECESIZE')) {
        this.take('MAXPIECESIZE');
        this.accept('=');
        maxPieceSizeBytes = this.size();
      } else if (this.isWord('CONNECT')) this.optionString('CONNECT');
      else this.fail(['format', 'parms', 'maxpiecesize', 'connect', ';']);
    }

    return { ...options, maxPieceSizeBytes };
  }

  private release(): RmanCommandBody {
    this.take('RELEASE');
    this.take('CHANNEL');
    const channel = this.atPunct(';') ? '' : this.identifier();
    this.endOfStatement();
    return { kind: 'release', channel };
  }

  private set(): RmanCommandBody {
    this.take('SET');

    if (this.isWord('ECHO')) {
      this.take('ECHO');
      const on = this.oneOf(['ON', 'OFF']) === 'ON';
      this.endOfStatement();
      return { kind: 'set-echo', on };
    }

    this.take('COMMAND');
    this.take('ID');
    this.take('TO');
    const id = this.string();
    this.endOfStatement();
    return { kind: 'set-command-id', id };
  }

  private configure(): RmanCommandBody {
    this.take('CONFIGURE');
    const words: string[] = [];
    const keyWords: string[] = [];
    let clear = false;
    let inKey = true;

    while (!this.atPunct(';')) {
      const token = this.peek();
      if (!this.hasMore()) this.fail([';']);
      if (token.kind === 'word' && ['TO', 'ON', 'OFF', 'CLEAR'].includes(token.value)) {
        inKey = false;
        clear ||= token.value === 'CLEAR';
      }
      if (inKey && token.kind === 'word' && !/^\d+$/.test(token.value)) keyWords.push(token.value);
      words.push(token.kind === 'string' ? `'${token.value}'` : token.value);
      this.pos += 1;
    }

    this.endOfStatement();
    const setting = this.configureSetting(keyWords);
    return { kind: 'configure', setting, text: clear ? null : `CONFIGURE ${words.join(' ')};` };
  }

  private configureSetting(keyWords: string[]): string {
    const key = keyWords.join(' ');
    const known = [
      'RETENTION POLICY',
      'CONTROLFILE AUTOBACKUP FORMAT FOR DEVICE TYPE',
      'CONTROLFILE AUTOBACKUP',
      'COMPRESSION ALGORITHM',
      'BACKUP OPTIMIZATION',
      'DEFAULT DEVICE TYPE',
      'DEVICE TYPE',
      'CHANNEL DEVICE TYPE',
      'ARCHIVELOG DELETION POLICY',
      'SNAPSHOT CONTROLFILE NAME',
      'ENCRYPTION FOR DATABASE',
      'MAXSETSIZE',
      'DATAFILE BACKUP COPIES FOR DEVICE TYPE',
      'ARCHIVELOG BACKUP COPIES FOR DEVICE TYPE',
    ];
    const match = known.find((k) => key.startsWith(k));
    if (!match) this.failAt(this.tokens[this.pos - keyWords.length - 1] ?? this.peek(), known);
    return key.replace(/ (DISK|SBT|SBT_TAPE) .*$| (DISK|SBT|SBT_TAPE)$/, ' $1$2').trim();
  }

  private backup(): RmanCommandBody {
    this.take('BACKUP');
    const spec: BackupSpec = {
      compressed: false,
      level: null,
      cumulative: false,
      objects: [],
      plusArchivelog: null,
      format: null,
      tag: null,
      sectionSizeBytes: null,
      filesPerSet: null,
      includeCurrentControlfile: false,
      validateOnly: false,
      commandName: 'backup',
    };
    let currentArchivelog: ArchivelogSpec | null = null;

    while (!this.atPunct(';')) {
      if (!this.hasMore()) this.fail([';']);
      currentArchivelog = this.backupClause(spec, currentArchivelog);
    }

    this.endOfStatement();
    if (spec.objects.length === 0) this.fail(['database', 'tablespace', 'datafile', 'archivelog']);
    if (spec.plusArchivelog) spec.commandName = 'backup plus archivelog';
    return { kind: 'backup', spec };
  }

  private backupClause(spec: BackupSpec, archivelog: ArchivelogSpec | null): ArchivelogSpec | null {
    const word = this.peek().value;

    switch (word) {
      case 'AS':
        this.take('AS');
        if (this.isWord('COMPRESSED')) {
          this.take('COMPRESSED');
          spec.compressed = true;
        }
        this.oneOf(['BACKUPSET']);
        return archivelog;
      case 'INCREMENTAL':
        this.take('INCREMENTAL');
        this.take('LEVEL');
        this.accept('=');
        spec.level = this.oneOf(['0', '1']) === '0' ? 0 : 1;
        return archivelog;
      case 'CUMULATIVE':
        this.take('CUMULATIVE');
        spec.cumulative = true;
        return archivelog;
      case 'FULL':
      case 'CHECK':
      case 'LOGICAL':
      case 'NOCHECKSUM':
        this.pos += 1;
        return archivelog;
      case 'VALIDATE':
        this.take('VALIDATE');
        spec.validateOnly = true;
        return archivelog;
      case 'FORMAT':
        spec.format = this.optionString('FORMAT');
        return archivelog;
      case 'TAG':
        spec.tag = this.optionString('TAG').toUpperCase();
        return archivelog;
      case 'SECTION':
        this.take('SECTION');
        this.take('SIZE');
        spec.sectionSizeBytes = this.size();
        return archivelog;
      case 'FILESPERSET':
        this.take('FILESPERSET');
        this.accept('=');
        spec.filesPerSet = this.number();
        return archivelog;
      case 'INCLUDE':
        this.take('INCLUDE');
        this.take('CURRENT');
        this.take('CONTROLFILE');
        spec.includeCurrentControlfile = true;
        return archivelog;
      case 'PLUS':
        this.take('PLUS');
        this.take('ARCHIVELOG');
        spec.plusArchivelog = emptyArchivelogSpec();
        return spec.plusArchivelog;
      case 'NOT':
      case 'DELETE':
        if (!archivelog) this.fail(['database', 'tablespace', 'datafile', 'archivelog']);
        this.archivelogOption(archivelog as ArchivelogSpec);
        return archivelog;
      default:
        return this.backupObject(spec, archivelog);
    }
  }

  private archivelogOption(spec: ArchivelogSpec): void {
    if (this.isWord('NOT')) {
      this.take('NOT');
      this.take('BACKED');
      this.take('UP');
      spec.notBackedUpTimes = 1;
      if (/^\d+$/.test(this.peek().value)) {
        spec.notBackedUpTimes = this.number();
        this.take('TIMES');
      }
      return;
    }

    this.take('DELETE');
    if (this.isWord('ALL')) this.take('ALL');
    this.take('INPUT');
    spec.deleteInput = true;
  }

  private backupObject(spec: BackupSpec, archivelog: ArchivelogSpec | null): ArchivelogSpec | null {
    const word = this.peek().value;

    if (word === 'DATABASE') {
      this.take('DATABASE');
      spec.objects.push({ type: 'database' });
    } else if (word === 'TABLESPACE') {
      this.take('TABLESPACE');
      spec.objects.push({ type: 'tablespace', names: this.commaList(() => this.name()) });
    } else if (word === 'DATAFILE') {
      this.take('DATAFILE');
      spec.objects.push({ type: 'datafile', fileNos: this.commaList(() => this.number()) });
    } else if (word === 'ARCHIVELOG') {
      return this.archivelogObject(spec);
    } else if (word === 'CURRENT') {
      this.take('CURRENT');
      this.take('CONTROLFILE');
      spec.objects.push({ type: 'current-controlfile' });
    } else if (word === 'SPFILE') {
      this.take('SPFILE');
      spec.objects.push({ type: 'spfile' });
    } else {
      this.fail(['archivelog', 'as', 'current', 'database', 'datafile', 'format', 'tablespace']);
    }

    return archivelog;
  }

  private archivelogObject(spec: BackupSpec): ArchivelogSpec {
    this.take('ARCHIVELOG');
    const archivelog = emptyArchivelogSpec();

    if (this.isWord('ALL')) this.take('ALL');
    else if (this.isWord('FROM')) {
      this.take('FROM');
      this.take('SEQUENCE');
      archivelog.fromSequence = this.number();
    } else this.fail(['all', 'from']);

    spec.objects.push({ type: 'archivelog', spec: archivelog });
    return archivelog;
  }

  private sql(): RmanCommandBody {
    this.take('SQL');
    const text = this.string();
    this.endOfStatement();
    return { kind: 'sql', text, quoted: true };
  }

  private nativeSql(): RmanCommandBody {
    const words: string[] = [];
    while (!this.atPunct(';') && this.hasMore()) {
      words.push(this.peek().raw);
      this.pos += 1;
    }
    this.endOfStatement();
    return { kind: 'sql', text: words.join(' '), quoted: false };
  }

  private crosscheck(): RmanCommandBody {
    this.take('CROSSCHECK');
    const target = this.oneOf(['BACKUP', 'ARCHIVELOG']);

    if (target === 'ARCHIVELOG') this.take('ALL');
    else if (this.isWord('OF')) {
      this.take('OF');
      this.oneOf(['DATABASE', 'ARCHIVELOG', 'CONTROLFILE', 'SPFILE']);
      if (this.isWord('ALL')) this.take('ALL');
    }

    this.endOfStatement();
    return { kind: 'crosscheck', target: target === 'BACKUP' ? 'backup' : 'archivelog' };
  }

  private delete(): RmanCommandBody {
    this.take('DELETE');
    while (this.isWord('NOPROMPT') || this.isWord('FORCE')) this.pos += 1;
    // TODO: without NOPROMPT RMAN asks for confirmation; the simulator deletes anyway.
    const what = this.oneOf(['OBSOLETE', 'EXPIRED', 'ARCHIVELOG', 'BACKUP']);
    const target = this.deleteTarget(what);
    this.endOfStatement();
    return { kind: 'delete', target };
  }

  private deleteTarget(what: string): DeleteTarget {
    if (what === 'OBSOLETE') return this.obsoletePolicy();

    if (what === 'EXPIRED') {
      const of = this.oneOf(['BACKUP', 'ARCHIVELOG']);
      if (of === 'ARCHIVELOG') this.take('ALL');
      this.skipDeviceClause();
      return { what: of === 'BACKUP' ? 'expired-backup' : 'expired-archivelog' };
    }

    if (what === 'ARCHIVELOG') {
      this.take('ALL');
      return { what: 'archivelog', ...this.deleteFilters() };
    }

    const filters = this.deleteFilters();
    return { what: 'backup', completedBeforeDays: filters.completedBeforeDays, tag: filters.tag };
  }

  private obsoletePolicy(): DeleteTarget {
    let redundancy: number | null = null;
    let windowDays: number | null = null;

    if (this.isWord('REDUNDANCY')) {
      this.take('REDUNDANCY');
      redundancy = this.number();
    } else if (this.isWord('RECOVERY')) {
      this.take('RECOVERY');
      this.take('WINDOW');
      this.take('OF');
      windowDays = this.number();
      this.take('DAYS');
    }

    this.skipDeviceClause();
    return { what: 'obsolete', redundancy, windowDays };
  }

  private deleteFilters(): {
    completedBeforeDays: number | null;
    backedUpTimes: number | null;
    tag: string | null;
  } {
    const filters = {
      completedBeforeDays: null as number | null,
      backedUpTimes: null as number | null,
    };
    let tag: string | null = null;

    while (!this.atPunct(';') && this.hasMore()) {
      if (this.isWord('COMPLETED')) {
        this.take('COMPLETED');
        this.take('BEFORE');
        filters.completedBeforeDays = sysdateOffsetDays(this.string());
      } else if (this.isWord('BACKED')) {
        this.take('BACKED');
        this.take('UP');
        filters.backedUpTimes = this.number();
        this.take('TIMES');
        if (this.isWord('TO')) {
          this.take('TO');
          this.skipDeviceClause();
        }
      } else if (this.isWord('TAG')) tag = this.optionString('TAG').toUpperCase();
      else this.skipDeviceClause(true);
    }

    return { ...filters, tag };
  }

  private skipDeviceClause(required = false): void {
    if (this.isWord('DISK') || this.isWord('SBT')) {
      this.pos += 1;
      return;
    }
    if (!this.isWord('DEVICE')) {
      if (required) this.fail(['completed', 'backed', 'device', 'tag', ';']);
      return;
    }
    this.take('DEVICE');
    this.take('TYPE');
    this.oneOf(['DISK', 'SBT', 'SBT_TAPE']);
  }

  private restore(): RmanCommandBody {
    this.take('RESTORE');
    this.take('DATABASE');
    const mode = this.oneOf(['VALIDATE', 'PREVIEW']);
    while (this.isWord('SUMMARY') || this.isWord('CHECK') || this.isWord('LOGICAL')) this.pos += 1;
    this.endOfStatement();
    return { kind: 'restore', mode: mode === 'VALIDATE' ? 'validate' : 'preview' };
  }

  private validate(): RmanCommandBody {
    this.take('VALIDATE');
    while (this.isWord('CHECK') || this.isWord('LOGICAL')) this.pos += 1;
    this.take('DATABASE');
    this.endOfStatement();
    return { kind: 'validate' };
  }

  private list(): RmanCommandBody {
    this.take('LIST');
    const what = this.oneOf(['BACKUP', 'ARCHIVELOG']);

    if (what === 'ARCHIVELOG') {
      this.take('ALL');
      this.endOfStatement();
      return { kind: 'list', target: 'archivelog' };
    }

    let summary = false;
    while (!this.atPunct(';') && this.hasMore()) {
      const word = this.oneOf(['SUMMARY', 'OF', 'DATABASE', 'ARCHIVELOG', 'ALL']);
      summary ||= word === 'SUMMARY';
    }
    this.endOfStatement();
    return { kind: 'list', target: summary ? 'backup-summary' : 'backup' };
  }

  private connect(): RmanCommandBody {
    this.take('CONNECT');
    this.take('TARGET');
    while (!this.atPunct(';') && this.hasMore()) this.pos += 1;
    this.endOfStatement();
    return { kind: 'connect-target' };
  }

  private simple(words: string[], command: RmanCommandBody): RmanCommandBody {
    for (const word of words) this.take(word);
    this.endOfStatement();
    return command;
  }

  // ---- token helpers -------------------------------------------------------------------

  private peek(): RmanToken {
    const last = this.tokens[this.tokens.length - 1];
    return (
      this.tokens[this.pos] ?? {
        kind: 'punct',
        value: 'end-of-file',
        raw: '',
        line: last?.line ?? 1,
        column: (last?.column ?? 0) + (last?.raw.length ?? 0),
      }
    );
  }

  private isWord(word: string): boolean {
    const token = this.peek();
    return token.kind === 'word' && token.value === word;
  }

  private atPunct(punct: string): boolean {
    const token = this.peek();
    return token.kind === 'punct' && token.value === punct;
  }

  private accept(punct: string): string | null {
    if (!this.atPunct(punct)) return null;
    this.pos += 1;
    return punct;
  }

  private take(word: string): void {
    if (!this.isWord(word)) this.fail([word.toLowerCase()]);
    this.pos += 1;
  }

  private takePunct(punct: string): void {
    if (!this.atPunct(punct)) this.fail([punct]);
    this.pos += 1;
  }

  private oneOf(words: string[]): string {
    const token = this.peek();
    if (token.kind !== 'word' || !words.includes(token.value)) {
      this.fail(words.map((w) => w.toLowerCase()));
    }
    this.pos += 1;
    return token.value;
  }

  private endOfStatement(): void {
    this.takePunct(';');
  }

  private identifier(): string {
    const token = this.peek();
    if (token.kind === 'punct') this.fail(['identifier', 'single-quoted-string']);
    this.pos += 1;
    return token.kind === 'string' ? token.value : token.raw;
  }

  private name(): string {
    const token = this.peek();
    if (token.kind === 'punct') this.fail(['identifier', 'single-quoted-string']);
    this.pos += 1;
    return token.value.toUpperCase();
  }

  private string(): string {
    const token = this.peek();
    if (token.kind !== 'string') this.fail(['double-quoted-string', 'single-quoted-string']);
    this.pos += 1;
    return token.value;
  }

  private optionString(word: string): string {
    this.take(word);
    this.accept('=');
    const token = this.peek();
    if (token.kind === 'punct') this.fail(['double-quoted-string', 'single-quoted-string']);
    this.pos += 1;
    return token.kind === 'string' ? token.value : token.raw;
  }

  private number(): number {
    const token = this.peek();
    if (token.kind !== 'word' || !/^\d+$/.test(token.value)) this.fail(['integer']);
    this.pos += 1;
    return Number(token.value);
  }

  private size(): number {
    const token = this.peek();
    const match = /^(\d+)([KMGT])?$/.exec(token.value);
    if (token.kind !== 'word' || !match) this.fail(['integer']);
    this.pos += 1;
    const [, amount, inlineUnit] = match as RegExpExecArray;
    let unit = inlineUnit;
    if (!unit && /^[KMGT]$/.test(this.peek().value)) {
      unit = this.peek().value;
      this.pos += 1;
    }
    return Number(amount) * (unit ? UNITS[unit] : 1);
  }

  private commaList<T>(item: () => T): T[] {
    const items = [item()];
    while (this.accept(',')) items.push(item());
    return items;
  }

  private fail(expecting: string[]): never {
    return this.failAt(this.peek(), expecting);
  }

  private failAt(token: RmanToken, expecting: string[]): never {
    const isIdentifier = token.kind === 'word' && !KEYWORDS.has(token.value);
    const found =
      token.kind === 'string'
        ? 'single-quoted-string'
        : isIdentifier
          ? 'identifier'
          : token.value.toLowerCase();
    throw new RmanSyntaxError(
      found,
      expecting.map((e) => e.toLowerCase()),
      isIdentifier ? token.raw : null,
      token.line,
      token.column,
    );
  }
}

function emptyArchivelogSpec(): ArchivelogSpec {
  return { notBackedUpTimes: null, deleteInput: false, fromSequence: null };
}

/** `'SYSDATE-7'` → 7; anything else → 0 (everything completed before now). */
function sysdateOffsetDays(expression: string): number {
  const match = /sysdate\s*-\s*(\d+(?:\.\d+)?)/i.exec(expression);
  return match ? Number(match[1]) : 0;
}

export type { BackupObject };
