import { z } from 'zod';

/**
 * Oracle's rules for a nonquoted identifier: 1 to 128 bytes, starts with a letter, then
 * letters, digits, `_`, `$` and `#`. Rampart accepts only this form for object names that
 * reach RMAN or Data Pump, and quotes them anyway when it writes them out.
 */
export const ORACLE_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_$#]{0,127}$/;

/** Words Oracle reserves; they cannot name a tablespace, schema or table unquoted. */
const RESERVED_WORDS = new Set([
  'ACCESS', 'ADD', 'ALL', 'ALTER', 'AND', 'ANY', 'AS', 'ASC', 'AUDIT', 'BETWEEN', 'BY', 'CHAR',
  'CHECK', 'CLUSTER', 'COLUMN', 'COMMENT', 'COMPRESS', 'CONNECT', 'CREATE', 'CURRENT', 'DATE',
  'DECIMAL', 'DEFAULT', 'DELETE', 'DESC', 'DISTINCT', 'DROP', 'ELSE', 'EXCLUSIVE', 'EXISTS',
  'FILE', 'FLOAT', 'FOR', 'FROM', 'GRANT', 'GROUP', 'HAVING', 'IDENTIFIED', 'IMMEDIATE', 'IN',
  'INCREMENT', 'INDEX', 'INITIAL', 'INSERT', 'INTEGER', 'INTERSECT', 'INTO', 'IS', 'LEVEL',
  'LIKE', 'LOCK', 'LONG', 'MAXEXTENTS', 'MINUS', 'MLSLABEL', 'MODE', 'MODIFY', 'NOAUDIT',
  'NOCOMPRESS', 'NOT', 'NOWAIT', 'NULL', 'NUMBER', 'OF', 'OFFLINE', 'ON', 'ONLINE', 'OPTION',
  'OR', 'ORDER', 'PCTFREE', 'PRIOR', 'PUBLIC', 'RAW', 'RENAME', 'RESOURCE', 'REVOKE', 'ROW',
  'ROWID', 'ROWNUM', 'ROWS', 'SELECT', 'SESSION', 'SET', 'SHARE', 'SIZE', 'SMALLINT', 'START',
  'SUCCESSFUL', 'SYNONYM', 'SYSDATE', 'TABLE', 'THEN', 'TO', 'TRIGGER', 'UID', 'UNION',
  'UNIQUE', 'UPDATE', 'USER', 'VALIDATE', 'VALUES', 'VARCHAR', 'VARCHAR2', 'VIEW', 'WHENEVER',
  'WHERE', 'WITH',
]);

export function isReservedWord(name: string): boolean {
  return RESERVED_WORDS.has(name.toUpperCase());
}

export const oracleIdentifierSchema = z
  .string()
  .trim()
  .regex(ORACLE_IDENTIFIER, {
    message:
      'must be an Oracle identifier: a letter, then letters, digits, _, $ or #, 128 at most',
  })
  .refine((name) => !isReservedWord(name), { message: 'is an Oracle reserved word' })
  .transform((name) => name.toUpperCase());

/** `SCHEMA.TABLE`, both parts Oracle identifiers. */
export const qualifiedTableSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z][A-Za-z0-9_$#]{0,127}\.[A-Za-z][A-Za-z0-9_$#]{0,127}$/, {
    message: 'must be SCHEMA.TABLE, each part an Oracle identifier',
  })
  .refine((name) => name.split('.').every((part) => !isReservedWord(part)), {
    message: 'uses an Oracle reserved word',
  })
  .transform((name) => name.toUpperCase());
