import { spawn } from 'node:child_process';

import { LineSplitter } from '@rampart/rman';

import type { HostPlatform } from '../platform/platform-paths';

export interface ChildRun {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdin?: string;
  onLine: (stream: 'stdout' | 'stderr', line: string) => void;
}

export interface ChildOutcome {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not start at all (missing binary, no permission). */
  startError: string | null;
  cancelled: boolean;
}

export interface RunningChild {
  pid: number | undefined;
  done: Promise<ChildOutcome>;
  /**
   * Interrupt (RMAN treats SIGINT as a user cancel), then terminate after the grace period.
   * `signal: false` leaves the interrupt to the caller (through the database) and only
   * terminates once the grace period is over.
   */
  cancel(graceMs: number, options?: { signal: boolean }): void;
}

/**
 * The signal that interrupts a run: SIGINT, which RMAN and expdp take as the user's Ctrl-C.
 * Windows has none for a console child (CTRL_BREAK needs a process group): there the agent
 * interrupts through the database instead (see BackupRunner), and null is answered.
 */
export function interruptSignal(platform: HostPlatform): NodeJS.Signals | null {
  return platform === 'windows' ? null : 'SIGINT';
}

/**
 * Runs an Oracle tool as a child process with an argument array: never through a shell, so
 * nothing in an argument is ever interpreted. Output arrives line by line on both streams.
 */
export function startChild(run: ChildRun, platform: HostPlatform): RunningChild {
  const child = spawn(run.command, run.args, {
    cwd: run.cwd,
    env: run.env,
    shell: false,
    windowsHide: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let cancelled = false;

  const done = new Promise<ChildOutcome>((resolve) => {
    let startError: string | null = null;
    const splitters = { stdout: new LineSplitter(), stderr: new LineSplitter() };

    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream].setEncoding('utf8');
      child[stream].on('data', (chunk: string) =>
        splitters[stream].push(chunk, (line) => run.onLine(stream, line)),
      );
    }

    child.on('error', (error) => {
      startError = error.message;
    });
    child.on('close', (exitCode, signal) => {
      splitters.stdout.flush((line) => run.onLine('stdout', line));
      splitters.stderr.flush((line) => run.onLine('stderr', line));
      resolve({ exitCode, signal, startError, cancelled });
    });
  });

  child.stdin.on('error', () => undefined);
  child.stdin.end(run.stdin ?? '');

  return {
    pid: child.pid,
    done,
    cancel(graceMs: number, options = { signal: true }) {
      if (cancelled || child.exitCode !== null) return;
      cancelled = true;

      const signal = interruptSignal(platform);
      if (options.signal && signal) child.kill(signal);
      const terminate = setTimeout(() => child.kill('SIGTERM'), graceMs);
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs * 2);
      terminate.unref();
      kill.unref();
      void done.then(() => {
        clearTimeout(terminate);
        clearTimeout(kill);
      });
    },
  };
}
