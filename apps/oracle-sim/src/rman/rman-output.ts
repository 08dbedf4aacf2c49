import * as fs from 'node:fs';

import { DEFAULT_NLS_DATE_FORMAT, formatOracleDate } from '../common/oracle-date';

/**
 * RMAN's message stream. Each command's output ends with a blank line, printed lazily so
 * the automatic channel release at the end of a RUN block follows its last line directly.
 */
export class RmanOutput {
  private blankPending = false;

  constructor(
    private readonly fd: number,
    private readonly dateMask: string = DEFAULT_NLS_DATE_FORMAT,
  ) {}

  line(text = ''): void {
    this.flushBlank();
    fs.writeSync(this.fd, `${text}\n`);
  }

  lines(texts: string[]): void {
    for (const text of texts) this.line(text);
  }

  raw(text: string): void {
    this.flushBlank();
    fs.writeSync(this.fd, text);
  }

  endCommand(): void {
    this.blankPending = true;
  }

  dropBlank(): void {
    this.blankPending = false;
  }

  date(date = new Date()): string {
    return formatOracleDate(date, this.dateMask);
  }

  private flushBlank(): void {
    if (!this.blankPending) return;
    this.blankPending = false;
    fs.writeSync(this.fd, '\n');
  }
}
