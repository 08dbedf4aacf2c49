import { tmpdir } from 'node:os';

import { interruptSignal, startChild } from './child-process-runner';

/** A node child that prints a line, then reacts to SIGINT as asked, and otherwise waits. */
function nodeChild(onInterrupt: 'exit' | 'ignore', lines: string[] = []) {
  const script =
    `process.on('SIGINT', () => { ${onInterrupt === 'exit' ? 'process.exit(130)' : ''} });` +
    "console.log('ready'); setInterval(() => {}, 1000);";
  return startChild(
    {
      command: process.execPath,
      args: ['-e', script],
      env: { PATH: process.env['PATH'] },
      cwd: tmpdir(),
      onLine: (_stream, line) => lines.push(line),
    },
    'linux',
  );
}

async function untilLine(lines: string[], text: string): Promise<void> {
  while (!lines.includes(text)) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe(startChild.name, () => {
  it('passes arguments as they are, never through a shell', async () => {
    const lines: string[] = [];
    const hostile = '$(echo injected); echo injected `echo injected`';
    const child = startChild(
      {
        command: process.execPath,
        args: ['-e', 'console.log(process.argv[1])', hostile],
        env: {},
        cwd: tmpdir(),
        onLine: (_stream, line) => lines.push(line),
      },
      'linux',
    );

    await expect(child.done).resolves.toMatchObject({ exitCode: 0, cancelled: false });
    expect(lines).toEqual([hostile]);
  });

  it('interrupts first: a tool that honours SIGINT ends cancelled at once', async () => {
    const lines: string[] = [];
    const child = nodeChild('exit', lines);
    await untilLine(lines, 'ready');

    child.cancel(10_000);

    await expect(child.done).resolves.toMatchObject({ exitCode: 130, cancelled: true });
  });

  it('terminates a tool that ignores the interrupt after the grace period', async () => {
    const lines: string[] = [];
    const child = nodeChild('ignore', lines);
    await untilLine(lines, 'ready');

    const started = Date.now();
    child.cancel(300);
    const outcome = await child.done;

    expect(outcome).toMatchObject({ signal: 'SIGTERM', cancelled: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('sends no signal when the caller interrupts elsewhere; ends it after the grace', async () => {
    const lines: string[] = [];
    const child = nodeChild('exit', lines);
    await untilLine(lines, 'ready');

    child.cancel(300, { signal: false });
    const outcome = await child.done;

    expect(outcome).toMatchObject({ signal: 'SIGTERM', cancelled: true });
  });

  it('reports a missing binary as a start error, not a crash', async () => {
    const child = startChild(
      {
        command: '/nonexistent/bin/rman',
        args: [],
        env: {},
        cwd: tmpdir(),
        onLine: () => undefined,
      },
      'linux',
    );

    await expect(child.done).resolves.toMatchObject({
      startError: expect.stringMatching(/ENOENT/),
    });
  });
});

describe(interruptSignal.name, () => {
  it('interrupts with SIGINT on Linux, as Ctrl-C does for RMAN', () => {
    expect(interruptSignal('linux')).toBe('SIGINT');
  });

  it('has no interrupt signal on Windows, where the database interrupts instead', () => {
    expect(interruptSignal('windows')).toBeNull();
  });
});

describe('fitLine', () => {
  it('keeps ordinary lines and cuts one the console could not store', async () => {
    const { fitLine } = await import('./backup-runner');

    expect(fitLine('channel ORA_DISK_1: starting piece 1')).toBe(
      'channel ORA_DISK_1: starting piece 1',
    );
    const cut = fitLine('x'.repeat(20_000));
    expect(cut.length).toBeLessThanOrEqual(8000);
    expect(cut.endsWith('[line cut]')).toBe(true);
  });
});
