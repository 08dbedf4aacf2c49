import type { OutboxEvent } from '../outbox/outbox';
import { requestFor } from './console-link';

const line = (seq: number, text: string): OutboxEvent => ({
  kind: 'log',
  runId: 'r1',
  seq,
  ts: '2026-12-04T00:00:00Z',
  stream: 'stdout',
  text,
});

describe(requestFor.name, () => {
  it('batches consecutive log lines up to a quarter megabyte', () => {
    const events = Array.from({ length: 100 }, (_, i) => line(i + 1, 'x'.repeat(7000)));

    const [event, payload] = requestFor('r1', events);

    const lines = (payload as { lines: unknown[] }).lines;
    expect(event).toBe('run.log');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.length * 7000).toBeLessThanOrEqual(256 * 1024);
  });

  it('sends a state event on its own', () => {
    const state: OutboxEvent = {
      kind: 'state',
      runId: 'r1',
      seq: 3,
      ts: '2026-12-04T00:00:00Z',
      state: 'running',
    };

    const [event, payload] = requestFor('r1', [state, line(4, 'after')]);

    expect(event).toBe('run.state');
    expect(payload).toEqual({ runId: 'r1', seq: 3, ts: '2026-12-04T00:00:00Z', state: 'running' });
  });
});
