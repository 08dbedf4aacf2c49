/** A query result as SQL*Plus formats it. */
export type SqlValue = string | number | Date | null;

export interface SqlColumn {
  name: string;
  type: 'text' | 'number' | 'date';
  /** Display width of a text column (its declared length). */
  width: number;
}

export interface SqlResult {
  columns: SqlColumn[];
  rows: SqlValue[][];
}

export interface SqlPlusSettings {
  pagesize: number;
  /** Rows needed before "n rows selected." is printed; 0 = FEEDBACK OFF. */
  feedback: number;
  heading: boolean;
  linesize: number;
  colsep: string;
  trimspool: boolean;
  echo: boolean;
  verify: boolean;
  serveroutput: boolean;
  whenever: { sqlerror: 'continue' | 'exit-sqlcode' | 'exit-failure' | 'exit-success' };
  dateMask: string;
  numwidth: number;
}

export function defaultSettings(dateMask: string): SqlPlusSettings {
  return {
    pagesize: 14,
    feedback: 6,
    heading: true,
    linesize: 80,
    colsep: ' ',
    trimspool: false,
    echo: false,
    verify: true,
    serveroutput: false,
    whenever: { sqlerror: 'continue' },
    dateMask,
    numwidth: 10,
  };
}
