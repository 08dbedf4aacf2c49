type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_KEYS = /pass(word)?|secret|token|authorization/i;

/** One JSON object a line on stderr; fields that look secret are masked. */
export class AgentLogger {
  constructor(
    private readonly minimum: Level = 'info',
    private readonly fields: Record<string, unknown> = {},
  ) {}

  child(fields: Record<string, unknown>): AgentLogger {
    return new AgentLogger(this.minimum, { ...this.fields, ...fields });
  }

  debug(msg: string, fields: Record<string, unknown> = {}) {
    this.write('debug', msg, fields);
  }

  info(msg: string, fields: Record<string, unknown> = {}) {
    this.write('info', msg, fields);
  }

  warn(msg: string, fields: Record<string, unknown> = {}) {
    this.write('warn', msg, fields);
  }

  error(msg: string, fields: Record<string, unknown> = {}) {
    this.write('error', msg, fields);
  }

  private write(level: Level, msg: string, fields: Record<string, unknown>) {
    if (ORDER[level] < ORDER[this.minimum]) return;

    const entry: Record<string, unknown> = { ts: new Date().toISOString(), level, msg };
    for (const [key, value] of Object.entries({ ...this.fields, ...fields })) {
      entry[key] = SECRET_KEYS.test(key) ? '***' : value;
    }
    process.stderr.write(JSON.stringify(entry) + '\n');
  }
}
