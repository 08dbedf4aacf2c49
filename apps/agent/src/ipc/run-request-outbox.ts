import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { type RunRequestEvent, runRequestEventSchema } from '@rampart/contracts';

/**
 * Run requests waiting for the console, one file each in the daemon's outbox folder. The file
 * name is the strategy and planned time, so the same fire written twice is kept once.
 */
export class RunRequestOutbox {
  constructor(private readonly dir: string) {}

  static under(dataDir: string): RunRequestOutbox {
    return new RunRequestOutbox(join(dataDir, 'outbox', 'run-requests'));
  }

  put(request: RunRequestEvent): string {
    const checked = checkedRequest(request);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });

    const file = join(this.dir, fileName(checked));
    writeFileSync(file, JSON.stringify(checked) + '\n', { mode: 0o600 });
    return file;
  }

  /** The waiting requests, oldest planned time first; unreadable files are skipped. */
  pending(): RunRequestEvent[] {
    let names: string[];
    try {
      names = readdirSync(this.dir).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    return names
      .flatMap((name) => readRequest(join(this.dir, name)))
      .sort((a, b) => Date.parse(a.plannedAt) - Date.parse(b.plannedAt));
  }

  done(request: RunRequestEvent): void {
    rmSync(join(this.dir, fileName(checkedRequest(request))), { force: true });
  }
}

/** Strategy ids are UUIDs and planned times ISO instants: nothing else reaches a file name. */
function checkedRequest(request: RunRequestEvent): RunRequestEvent {
  const parsed = runRequestEventSchema.parse(request);
  if (!/^[0-9a-f-]{36}$/i.test(parsed.strategyId)) {
    throw new Error(`strategy id ${JSON.stringify(parsed.strategyId)} is not a UUID`);
  }
  if (Number.isNaN(Date.parse(parsed.plannedAt))) {
    throw new Error(`planned time ${JSON.stringify(parsed.plannedAt)} is not a date`);
  }
  return { strategyId: parsed.strategyId, plannedAt: new Date(parsed.plannedAt).toISOString() };
}

function fileName(request: RunRequestEvent): string {
  return `${request.strategyId.toLowerCase()}_${Date.parse(request.plannedAt)}.json`;
}

function readRequest(file: string): RunRequestEvent[] {
  try {
    return [checkedRequest(JSON.parse(readFileSync(file, 'utf8')) as RunRequestEvent)];
  } catch {
    return [];
  }
}
