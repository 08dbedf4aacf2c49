import type { OracleSession } from './oracle-session';

/** The part of the `oracledb` driver the agent uses; tests hand in a stand-in. */
export interface OracleDriver {
  OUT_FORMAT_ARRAY: number;
  getConnection(settings: {
    user: string;
    password: string;
    connectString: string;
  }): Promise<OracleDriverConnection>;
}

export interface OracleDriverConnection {
  execute(
    sql: string,
    binds: unknown[],
    options: { outFormat: number; fetchTypeHandler?: (metadata: unknown) => unknown },
  ): Promise<{ rows?: unknown[][] }>;
  close(): Promise<void>;
}

export interface ThinSettings {
  user: string;
  password: string;
  connectString: string;
}

/** A failure over Oracle Net, with its ORA- (or driver NJS-) code when there is one. */
export class ThinSessionError extends Error {
  constructor(
    message: string,
    readonly oraCode: string | null,
  ) {
    super(message);
  }
}

/**
 * An OracleSession over Oracle Net with a user and password, through the `oracledb` driver in
 * thin mode (no Oracle client on the host). The driver is loaded on first use, so an agent
 * whose targets all use OS authentication never holds it in memory.
 */
export function openThinSession(
  settings: ThinSettings,
  loadDriver: () => OracleDriver = requireDriver,
): Pick<OracleSession, 'query'> {
  return {
    async query(queries) {
      const driver = loadDriver();
      const connection = await connect(driver, settings);
      try {
        const answers = {} as Record<keyof typeof queries, string[][]>;
        for (const [name, sql] of Object.entries(queries) as [keyof typeof queries, string][]) {
          const result = await connection.execute(statementOf(sql), [], {
            outFormat: driver.OUT_FORMAT_ARRAY,
          });
          answers[name] = (result.rows ?? []).map((row) => row.map(cellText));
        }
        return answers;
      } catch (error) {
        throw asSessionError(error);
      } finally {
        await connection.close().catch(() => undefined);
      }
    },
  };
}

async function connect(driver: OracleDriver, settings: ThinSettings) {
  try {
    return await driver.getConnection({ ...settings });
  } catch (error) {
    throw asSessionError(error);
  }
}

/** SQL*Plus wants the `;`, Oracle Net refuses it (ORA-00933/ORA-00911). */
function statementOf(sql: string): string {
  return sql.trim().replace(/;+$/, '');
}

/** Cells as SQL*Plus prints them: text, numbers in full, empty for NULL. */
function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  return String(value).trim();
}

function asSessionError(error: unknown): ThinSessionError {
  const message = error instanceof Error ? error.message : String(error);
  const code = /\b(ORA|NJS|DPY)-\d{3,5}\b/.exec(message)?.[0] ?? null;
  return new ThinSessionError(message.split('\n')[0] ?? message, code);
}

function requireDriver(): OracleDriver {
  return require('oracledb') as OracleDriver;
}
