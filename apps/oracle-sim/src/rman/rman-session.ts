import { autobackupAfterBackup, runBackup } from './backup-command';
import { printAllocation, releaseRunChannels, announceRepository } from './channels';
import { publishSessions } from './longops';
import { runConfigure, showAll } from './configure-command';
import {
  crosscheckArchivelog,
  crosscheckBackup,
  reportObsolete,
  runDelete,
  runRestore,
  runSql,
  validateDatabase,
} from './maintenance-commands';
import { commitRmanChanges, randomSid, RmanContext } from './rman-context';
import { RmanCommand, RmanSyntaxError } from './rman-commands';
import { RmanCommandParser } from './rman-command-parser';
import { ERROR_STACK_BANNER, RmanCancelled, RmanFailure, RmanSessionKilled } from './rman-errors';
import { listArchivedLogs, listBackupSets, listBackupSummary } from './rman-listing';

export interface ScriptSource {
  text: string;
  /** The file name RMAN-01007 names, or `standard input`. */
  name: string;
  /** Command files are echoed after the prompt; standard input only shows prompts. */
  echo: boolean;
}

type Outcome = 'continue' | 'exit';

export class RmanSession {
  private echo: boolean;

  constructor(
    private readonly ctx: RmanContext,
    private readonly source: ScriptSource,
  ) {
    this.echo = source.echo;
  }

  /** Runs the script; returns the exit status (0, or 1 after an error stack). */
  async run(): Promise<number> {
    const parser = new RmanCommandParser(this.source.text);
    const lines = this.source.text.split(/\r?\n/);
    let status = 0;

    while (parser.hasMore()) {
      const first = parser.nextLine() as number;
      let command: RmanCommand;
      try {
        command = parser.next();
      } catch (error) {
        if (!(error instanceof RmanSyntaxError)) throw error;
        this.printPrompt(lines, first, error.line);
        this.printSyntaxError(error);
        status = 1;
        break;
      }

      this.printPrompt(lines, command.firstLine, command.lastLine);
      const outcome = await this.execute(command);
      if (outcome === 'exit' || this.failed) {
        status = this.failed ? 1 : 0;
        break;
      }
    }

    this.ctx.out.raw('RMAN> \n\nRecovery Manager complete.\n');
    return status;
  }

  private failed = false;

  private printPrompt(lines: string[], firstLine: number, lastLine: number): void {
    const count = Math.max(1, lastLine - firstLine + 1);
    if (!this.echo) {
      const prompts = Array.from({ length: count }, (_, i) => (i === 0 ? 'RMAN> ' : `${i + 1}> `));
      this.ctx.out.raw(`${prompts.join('')}\n`);
      return;
    }

    for (let i = 0; i < count; i += 1) {
      const prompt = i === 0 ? 'RMAN> ' : `${i + 1}> `;
      this.ctx.out.raw(`${prompt}${(lines[firstLine - 1 + i] ?? '').trimEnd()}\n`);
    }
  }

  private printSyntaxError(error: RmanSyntaxError): void {
    const expecting = error.expecting.map((e) => `"${e}"`).join(', ');
    this.ctx.out.line();
    this.ctx.out.lines([
      ...ERROR_STACK_BANNER,
      'RMAN-00558: error encountered while parsing input commands',
      `RMAN-01009: syntax error: found "${error.found}": expecting one of: ${expecting}`,
      ...(error.badIdentifier
        ? [`RMAN-01008: the bad identifier was: ${error.badIdentifier}`]
        : []),
      `RMAN-01007: at line ${error.line} column ${error.column} file: ${this.source.name}`,
    ]);
    this.ctx.out.endCommand();
  }

  private async execute(command: RmanCommand): Promise<Outcome> {
    try {
      const outcome =
        command.kind === 'run'
          ? await this.runBlock(command.commands)
          : await this.single(command, []);
      this.ctx.out.endCommand();
      return outcome;
    } catch (error) {
      const failure = asFailure(error);
      if (!failure) throw error;
      this.printFailure(failure);
      return 'exit';
    } finally {
      commitRmanChanges(this.ctx);
    }
  }

  private printFailure(failure: RmanFailure): void {
    this.failed = true;
    this.ctx.out.lines(failure.before);
    releaseRunChannels(this.ctx);
    this.ctx.out.lines([...ERROR_STACK_BANNER, ...failure.errorStack]);
    this.ctx.out.endCommand();
  }

  private async runBlock(commands: RmanCommand[]): Promise<Outcome> {
    this.ctx.inRun = true;

    try {
      for (const [i, command] of commands.entries()) {
        const outcome = await this.single(command, commands.slice(i + 1));
        this.ctx.out.endCommand();
        if (outcome === 'exit') return 'exit';
      }
      releaseRunChannels(this.ctx);
      return 'continue';
    } finally {
      this.ctx.inRun = false;
    }
  }

  /** One command; `later` are the commands after it in the same RUN block. */
  private async single(command: RmanCommand, later: RmanCommand[]): Promise<Outcome> {
    const ctx = this.ctx;

    switch (command.kind) {
      case 'run':
        return this.runBlock(command.commands);
      case 'allocate': {
        announceRepository(ctx);
        const channel = {
          name: command.channel,
          device: command.device,
          format: command.format,
          parms: command.parms,
          maxPieceSizeBytes: command.maxPieceSizeBytes,
          sid: randomSid(),
          automatic: false,
        };
        ctx.allocated.push(channel);
        printAllocation(ctx, channel);
        return 'continue';
      }
      case 'release':
        ctx.allocated = ctx.allocated.filter((c) => c.name !== command.channel);
        ctx.out.line(`released channel: ${command.channel}`);
        return 'continue';
      case 'set-command-id':
        ctx.commandId = command.id;
        publishSessions(ctx);
        ctx.out.line('executing command: SET COMMAND ID');
        return 'continue';
      case 'set-echo':
        this.echo = command.on || this.source.echo;
        ctx.out.line(`echo set ${command.on ? 'on' : 'off'}`);
        return 'continue';
      case 'configure':
        runConfigure(ctx, command.setting, command.text);
        return 'continue';
      case 'backup': {
        const outcome = await runBackup(ctx, command.spec);
        const laterBackup = later.some((c) => c.kind === 'backup');
        if (!laterBackup) await autobackupAfterBackup(ctx, outcome, command.spec.commandName);
        return 'continue';
      }
      case 'sql':
        runSql(ctx, command.text, command.quoted);
        return 'continue';
      case 'crosscheck':
        if (command.target === 'backup') crosscheckBackup(ctx);
        else crosscheckArchivelog(ctx);
        return 'continue';
      case 'delete':
        runDelete(ctx, command.target);
        return 'continue';
      case 'restore':
        await runRestore(ctx, command.mode);
        return 'continue';
      case 'validate':
        await validateDatabase(ctx);
        return 'continue';
      case 'list':
        this.list(command.target);
        return 'continue';
      case 'report-obsolete':
        reportObsolete(ctx);
        return 'continue';
      case 'show-all':
        showAll(ctx);
        return 'continue';
      case 'connect-target':
        ctx.out.line(`connected to target database: ${ctx.state.name} (DBID=${ctx.state.dbid})`);
        return 'continue';
      case 'exit':
        return 'exit';
    }
  }

  private list(target: 'backup' | 'backup-summary' | 'archivelog'): void {
    announceRepository(this.ctx);
    if (target === 'backup-summary') listBackupSummary(this.ctx);
    else if (target === 'archivelog') listArchivedLogs(this.ctx);
    else listBackupSets(this.ctx, this.ctx.state.backupSets);
  }
}

/** A cancel or a killed session outside a channel's work still ends RMAN with its stack. */
function asFailure(error: unknown): RmanFailure | null {
  if (error instanceof RmanFailure) return error;
  if (error instanceof RmanCancelled) {
    return new RmanFailure(['RMAN-03099: job cancelled at user request', error.message]);
  }
  if (error instanceof RmanSessionKilled) {
    return new RmanFailure([error.message, 'ORA-03113: end-of-file on communication channel']);
  }
  return null;
}
