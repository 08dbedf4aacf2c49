import type { LoggerService } from '@nestjs/common';

import { currentRequestId } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };
/** Nest's start-up listing of modules and routes: useful when debugging, noise otherwise. */
const FRAMEWORK_CHATTER = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'WebSocketsController',
  'NestFactory',
]);
const SECRET_KEYS = /pass(word)?|secret|token|authorization|key/i;

/**
 * Structured logs: one JSON object a line in production, a readable line in development.
 * Fields whose names look secret are masked whatever the caller passed.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly minimum: Level,
    private readonly json: boolean,
  ) {}

  log(message: unknown, context?: string) {
    this.write(context && FRAMEWORK_CHATTER.has(context) ? 'debug' : 'info', message, context);
  }

  error(message: unknown, ...rest: unknown[]) {
    this.write('error', message, pickContext(rest));
  }

  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }

  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }

  verbose(message: unknown, context?: string) {
    this.write('debug', message, context);
  }

  private write(level: Level, message: unknown, context?: string) {
    if (ORDER[level] < ORDER[this.minimum]) return;

    const fields = fieldsOf(message);
    const requestId = currentRequestId();
    const correlation = requestId ? { requestId } : {};
    const entry = { ts: new Date().toISOString(), level, context, ...correlation, ...fields };
    const stream = level === 'error' || level === 'warn' ? process.stderr : process.stdout;
    stream.write((this.json ? JSON.stringify(entry) : readable(entry)) + '\n');
  }
}

/** An Error (Nest's own start-up failures among them) keeps its message and stack. */
function fieldsOf(message: unknown): Record<string, unknown> {
  if (message instanceof Error) {
    return { msg: message.message, error: message.name, stack: message.stack };
  }
  return typeof message === 'object' && message !== null ? mask(message) : { msg: message };
}

function pickContext(rest: unknown[]): string | undefined {
  const last = rest[rest.length - 1];
  return typeof last === 'string' ? last : undefined;
}

export function mask(fields: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) {
    out[key] = SECRET_KEYS.test(key) ? '***' : value;
  }
  return out;
}

function readable(entry: Record<string, unknown>): string {
  const { ts, level, context, msg, ...rest } = entry;
  const extra = Object.keys(rest).length ? ' ' + JSON.stringify(rest) : '';
  return `${ts} ${String(level).toUpperCase()} [${context ?? 'app'}] ${String(msg)}${extra}`;
}
