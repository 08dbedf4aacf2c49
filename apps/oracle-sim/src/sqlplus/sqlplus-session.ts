import * as fs from 'node:fs';

import { databaseExists } from '../common/oracle-home';
import { archiveCurrentLog, switchLogfile } from '../database/archived-logs';
import { DatabaseState, loadState, updateState } from '../database/database-state';
import {
  alterDatabase,
  archiveLogList,
  notAvailable,
  shutdown,
  startup,
} from './instance-commands';
import { liveSessions, recordKilledSession } from '../rman/longops';
import { runPlsqlBlock } from './plsql-block';
import { renderResult } from './render-result';
import { defaultSettings, SqlPlusSettings } from './sql-result';
import { OracleError, oraError, runSelect } from './sql-select';

export interface SqlPlusConnection {
  home: string;
  sid: string;
  user: string;
  sysdba: boolean;
  silent: boolean;
  dateMask: string;
}

class ExitRequest {
  constructor(readonly status: number) {}
}

/** The statements of a SQL*Plus script, one by one (see README.md for the supported list). */
export class SqlPlusSession {
  private readonly settings: SqlPlusSettings;
  private lastSqlCode = 0;

  constructor(private readonly conn: SqlPlusConnection) {
    this.settings = defaultSettings(conn.dateMask);
  }

  /** Runs the script; returns the exit status. */
  run(script: string): number {
    try {
      for (const unit of splitScript(script)) this.runUnit(unit);
      return 0;
    } catch (error) {
      if (error instanceof ExitRequest) return error.status;
      throw error;
    }
  }

  private print(lines: string[]): void {
    if (lines.length > 0) fs.writeSync(1, `${lines.join('\n')}\n`);
  }

  private feedback(text: string): void {
    if (this.settings.feedback > 0) this.print([text, '']);
  }

  private runUnit(unit: ScriptUnit): void {
    try {
      if (unit.kind === 'command') this.command(unit.text);
      else if (unit.kind === 'plsql') this.plsql(unit.text);
      else this.sql(unit.text);
    } catch (error) {
      if (!(error instanceof OracleError)) throw error;
      this.reportError(error, unit.kind === 'command');
    }
  }

  private reportError(error: OracleError, fromCommand: boolean): void {
    this.lastSqlCode = error.code;
    this.print(fromCommand ? [...error.lines, ''] : ['ERROR at line 1:', ...error.lines, '']);
    const mode = this.settings.whenever.sqlerror;
    if (mode === 'exit-sqlcode') throw new ExitRequest(error.code % 256);
    if (mode === 'exit-failure') throw new ExitRequest(1);
    if (mode === 'exit-success') throw new ExitRequest(0);
  }

  private state(): DatabaseState {
    if (!databaseExists(this.conn.home, this.conn.sid)) throw notAvailable();
    const state = loadState(this.conn.home, this.conn.sid);
    if (state.instanceStatus === 'SHUTDOWN') throw notAvailable();
    return state;
  }

  private change<T>(fn: (state: DatabaseState) => T): T {
    if (!databaseExists(this.conn.home, this.conn.sid)) throw notAvailable();
    let failure: unknown = null;
    const result = updateState(this.conn.home, this.conn.sid, (state) => {
      try {
        return fn(state);
      } catch (error) {
        failure = error;
        return undefined;
      }
    });
    if (failure) throw failure;
    return result as T;
  }

  private requireSysdba(): void {
    if (!this.conn.sysdba) throw oraError(1031, 'insufficient privileges');
  }

  // ---- SQL*Plus commands -----------------------------------------------------------

  private command(text: string): void {
    const line = text.trim().replace(/;$/, '');
    const lower = line.toLowerCase();
    const [word] = lower.split(/\s+/);

    if (word === 'set') return this.set(line.slice(4));
    if (word === 'whenever') return this.whenever(lower);
    if (word === 'exit' || word === 'quit') return this.exit(lower);
    if (/^archive\s+log\s+list$/.test(lower)) {
      this.requireSysdba();
      return this.print(archiveLogList(loadState(this.conn.home, this.conn.sid)));
    }
    if (word === 'shutdown' || word === 'shut') {
      this.requireSysdba();
      return this.print(this.change((s) => shutdown(s, lower)));
    }
    if (word === 'startup') {
      this.requireSysdba();
      return this.print(this.change((s) => startup(s, lower)));
    }
    if (word === 'prompt') return this.print([line.slice(6).trim()]);
    // SPOOL, COLUMN, DEFINE, TTITLE, SHOW … are accepted and ignored (TODO where it matters).
  }

  /** SET accepts several settings on one line: `SET PAGESIZE 0 FEEDBACK OFF HEADING OFF`. */
  private set(rest: string): void {
    const tokens = rest.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
    for (let i = 0; i + 1 < tokens.length; i += 2)
      this.setOne(tokens[i].toLowerCase(), tokens[i + 1]);
  }

  private setOne(key: string, value: string): void {
    const on = !/^off$/i.test(value);

    if (key.startsWith('pages')) this.settings.pagesize = Number(value);
    else if (key.startsWith('feed'))
      this.settings.feedback = /^off$/i.test(value) ? 0 : /^on$/i.test(value) ? 1 : Number(value);
    else if (key.startsWith('hea')) this.settings.heading = on;
    else if (key.startsWith('lin')) this.settings.linesize = Number(value);
    else if (key === 'colsep')
      this.settings.colsep = value.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1');
    else if (key.startsWith('trims')) this.settings.trimspool = on;
    else if (key === 'echo') this.settings.echo = on;
    else if (key.startsWith('ver')) this.settings.verify = on;
    else if (key.startsWith('numw')) this.settings.numwidth = Number(value);
    else if (key.startsWith('serverout')) this.settings.serveroutput = on;
  }

  private whenever(lower: string): void {
    if (!/^whenever\s+sqlerror/.test(lower)) return;
    if (/continue/.test(lower)) this.settings.whenever.sqlerror = 'continue';
    else if (/sql\.sqlcode/.test(lower)) this.settings.whenever.sqlerror = 'exit-sqlcode';
    else if (/success/.test(lower)) this.settings.whenever.sqlerror = 'exit-success';
    else this.settings.whenever.sqlerror = 'exit-failure';
  }

  private exit(lower: string): void {
    const arg = lower.split(/\s+/)[1] ?? '';
    if (arg === 'sql.sqlcode') throw new ExitRequest(this.lastSqlCode % 256);
    if (arg === 'failure') throw new ExitRequest(1);
    if (/^\d+$/.test(arg)) throw new ExitRequest(Number(arg) % 256);
    throw new ExitRequest(0);
  }

  // ---- SQL and PL/SQL -----------------------------------------------------------------

  private sql(text: string): void {
    const sql = text.trim().replace(/;\s*$/, '').replace(/\s+/g, ' ');
    const lower = sql.toLowerCase();

    if (lower.startsWith('select ') || lower.startsWith('with ')) {
      const state = this.state();
      return this.print(
        renderResult(runSelect(this.conn.home, this.conn.sid, state, sql), this.settings),
      );
    }
    const alterDb = /^alter database (.+)$/i.exec(sql);
    if (alterDb) {
      this.requireSysdba();
      this.change((s) => alterDatabase(s, this.conn.home, alterDb[1]));
      return this.feedback('Database altered.');
    }
    if (/^alter system (switch logfile|archive log current|checkpoint)$/i.test(sql)) {
      this.change((s) => this.alterSystem(s, lower));
      return this.feedback('System altered.');
    }
    const kill = /^alter system kill session '(\d+),(\d+)'( immediate)?$/i.exec(sql);
    if (kill) {
      this.requireSysdba();
      this.killSession(Number(kill[1]), Number(kill[2]));
      return this.feedback('System altered.');
    }
    if (/^alter session set /i.test(sql)) {
      this.state();
      return this.feedback('Session altered.');
    }
    if (/^(commit|rollback)$/i.test(sql))
      return this.feedback(lower === 'commit' ? 'Commit complete.' : 'Rollback complete.');
    this.state();
    throw oraError(900, 'invalid SQL statement');
  }

  /** The RMAN holding the session notices at its next step and fails with ORA-00028. */
  private killSession(sid: number, serial: number): void {
    this.state();
    const { home, sid: instance } = this.conn;
    const session = liveSessions(home, instance).find((s) => s.sid === sid && s.serial === serial);
    if (!session?.pid) throw oraError(30, 'User session ID does not exist.');

    recordKilledSession(home, instance, { sid, serial, pid: session.pid });
  }

  private alterSystem(state: DatabaseState, lower: string): void {
    if (state.instanceStatus !== 'OPEN' && !lower.includes('checkpoint'))
      throw oraError(1109, 'database not open');
    if (lower.includes('archive log current')) {
      if (state.logMode === 'NOARCHIVELOG')
        throw oraError(258, 'manual archiving in NOARCHIVELOG mode must identify log');
      archiveCurrentLog(state);
    } else if (lower.includes('switch logfile')) {
      switchLogfile(state);
    }
  }

  private plsql(text: string): void {
    this.state();
    const owner = this.conn.sysdba ? 'SYS' : this.conn.user.toUpperCase();
    this.change((s) => runPlsqlBlock(s, text, owner));
    this.feedback('PL/SQL procedure successfully completed.');
  }
}

// ---- script splitting -------------------------------------------------------------------

export interface ScriptUnit {
  kind: 'command' | 'sql' | 'plsql';
  text: string;
}

const SQLPLUS_COMMANDS = new RegExp(
  `^(${[
    'set',
    'whenever',
    'exit',
    'quit',
    'archive',
    'shutdown',
    'shut',
    'startup',
    'spool',
    'prompt',
    'column',
    'col',
    'define',
    'undefine',
    'ttitle',
    'btitle',
    'show',
    'rem',
    'remark',
    'connect',
    'conn',
    'host',
    'clear',
    'break',
    'compute',
    'timing',
    'var',
    'variable',
    'print',
    'exec',
    'execute',
  ].join('|')})\\b`,
  'i',
);

/** Splits a script into SQL*Plus commands, SQL statements (`;` or `/`) and PL/SQL blocks (`/`). */
export function splitScript(script: string): ScriptUnit[] {
  const units: ScriptUnit[] = [];
  let buffer: string[] = [];
  let kind: ScriptUnit['kind'] | null = null;

  for (const raw of script.split(/\r?\n/)) {
    const line = raw.trimEnd();
    const trimmed = line.trim();

    if (kind === null) {
      if (trimmed === '' || trimmed.startsWith('--')) continue;
      if (SQLPLUS_COMMANDS.test(trimmed)) {
        units.push({ kind: 'command', text: trimmed });
        continue;
      }
      kind =
        /^(begin|declare)\b/i.test(trimmed) ||
        /^create\s+(or\s+replace\s+)?(procedure|function|package|trigger)/i.test(trimmed)
          ? 'plsql'
          : 'sql';
    }

    if (trimmed === '/') {
      if (buffer.length > 0)
        units.push({ kind: kind as ScriptUnit['kind'], text: buffer.join('\n') });
      buffer = [];
      kind = null;
      continue;
    }
    buffer.push(line);
    if (kind === 'sql' && trimmed.endsWith(';')) {
      units.push({ kind: 'sql', text: buffer.join('\n') });
      buffer = [];
      kind = null;
    }
  }
  // An unterminated statement stays in the buffer and is not run, as in SQL*Plus.
  return units;
}
