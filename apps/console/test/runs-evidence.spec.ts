import { inflateSync } from 'node:zlib';

import { Logger } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

import { AuditService } from '../src/audit/audit.service';
import { RunDispatcher } from '../src/runs/run-dispatcher';
import { ROWS_PER_PAGE } from '../src/runs/run-audit-report';
import { exportCell } from '../src/runs/run-export-rows';
import { RunExportService } from '../src/runs/run-export.service';
import { RunsRepository } from '../src/runs/runs.repository';
import { connectAgent, runFixtures, type RunFixtures, tokenFor } from './support/run-fixtures';
import { startTestConsole, type TestConsole } from './support/test-console';

describe(RunExportService.name, () => {
  let console: TestConsole;
  let fx: RunFixtures;
  let admin: string;

  beforeAll(async () => {
    console = await startTestConsole();
    fx = await runFixtures(console);
    admin = await console.login();
  });

  afterAll(async () => {
    await console.close();
  });

  describe('export.csv', () => {
    it('streams every selected run with its id and a dated attachment name', async () => {
      const failed = await fx.run({ status: 'failed', errorCodes: ['ORA-19809', 'RMAN-03009'] });
      await fx.run({ status: 'succeeded' });

      const response = await console.api(
        `/api/v1/runs/export.csv?status=failed&targetId=${fx.targetId}`,
        { token: admin },
      );

      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(response.headers.get('content-disposition')).toMatch(
        /^attachment; filename="rampart-runs-\d{4}-\d{2}-\d{2}-\d{6}\.csv"$/,
      );
      const lines = (await response.text()).trim().split('\n');
      expect(lines[0]).toMatch(/^id,target_name,target_id,strategy_name/);
      expect(lines).toHaveLength(2);
      expect(lines[1]).toContain(failed);
      expect(lines[1]).toContain('ORA-19809 RMAN-03009');
    });

    it('neutralises cells a spreadsheet would run as formulas', async () => {
      const from = new Date(Date.now() - 5000).toISOString();
      await fx.run({
        queuedAt: new Date(),
        strategyName: '=HYPERLINK("http://evil.example","x")',
        message: '@SUM(A1:A9)',
        status: 'failed',
      });

      const response = await console.api(
        `/api/v1/runs/export.csv?from=${encodeURIComponent(from)}`,
        { token: admin },
      );

      const body = await response.text();
      expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`);
      expect(body).toContain(`'@SUM(A1:A9)`);
      expect(body).not.toMatch(/,=HYPERLINK|,"=HYPERLINK|,@SUM/);
    });

    it('names the field when a filter is malformed', async () => {
      const response = await console.api('/api/v1/runs/export.csv?status=exploded&from=yesterday', {
        token: admin,
      });

      expect(response.status).toBe(400);
      const body = (await response.json()) as { problems: { field: string }[] };
      const fields = body.problems.map((p) => p.field);
      expect(fields).toEqual(expect.arrayContaining(['status', 'from']));
    });

    it('records who exported what in the audit trail', async () => {
      await console.api('/api/v1/runs/export.csv?type=full', { token: admin });

      const events = await console.get(AuditService).list(20);
      expect(events.find((e) => e.action === 'export.csv')?.details).toMatchObject({
        filter: { type: 'full' },
      });
    });
  });

  describe('export rows', () => {
    it('reads every selected run once, newest first, across batches', async () => {
      const at = (day: number) => new Date(Date.UTC(2018, 4, day, 2, 0, 0, 123));
      const ids: string[] = [];
      for (const day of [1, 2, 3, 4, 5]) ids.push(await fx.run({ queuedAt: at(day) }));
      await fx.run({ queuedAt: at(6), status: 'failed' });
      const filter = {
        status: ['succeeded' as const],
        from: '2018-05-01T00:00:00Z',
        to: '2018-06-01T00:00:00Z',
      };

      const batches: string[][][] = [];
      const each = (run: (string | null)[]) => [
        exportCell(run, 'id'),
        exportCell(run, 'queued_at'),
      ];
      for await (const batch of console.get(RunsRepository).exportBatches(filter, each, 2)) {
        batches.push(batch);
      }

      expect(batches.map((b) => b.length)).toEqual([2, 2, 1]);
      expect(batches.flat()).toEqual(
        [5, 4, 3, 2, 1].map((day, i) => [ids[4 - i], at(day).toISOString()]),
      );
      expect(await exportSessions()).toBe(0);
      expect(idle(pool())).toBe(true);
    });

    it('closes the cursor and frees its connection when the client goes away', async () => {
      await fx.runs(100_000, { queuedAt: new Date('2019-07-01T00:00:00.000Z') });
      const abort = new AbortController();
      const query = 'from=2019-01-01T00:00:00Z&to=2019-07-02T00:00:00Z';

      const response = await console.api(`/api/v1/runs/export.csv?${query}`, {
        token: admin,
        signal: abort.signal,
      });
      const reader = (response.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      // The client stops reading: back-pressure holds the export with its cursor open.
      await until(async () => (await exportSessions()) === 1);
      const errors = jest.spyOn(Logger.prototype, 'error');

      abort.abort();

      await until(async () => (await exportSessions()) === 0 && idle(pool()));
      expect(errors).not.toHaveBeenCalled();
      errors.mockRestore();
    });
  });

  describe('export.pdf', () => {
    it('answers a PDF whose page count follows from the totals', async () => {
      const at = new Date('2021-03-01T00:00:00.000Z');
      await fx.runs(ROWS_PER_PAGE + 1, { queuedAt: at, status: 'failed' });
      const query = `from=2021-02-01T00:00:00Z&to=2021-03-02T00:00:00Z`;

      const response = await console.api(`/api/v1/runs/export.pdf?${query}`, { token: admin });

      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toMatch(/rampart-runs-audit-.*\.pdf"$/);
      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pageCount(pdf)).toBe(3);
      expect(pageTexts(pdf)).toContain('page 3 of 3');
    });

    it('prints a summary and an empty runs page when nothing matches', async () => {
      const query = 'from=2001-01-01T00:00:00Z&to=2001-01-02T00:00:00Z';

      const response = await console.api(`/api/v1/runs/export.pdf?${query}`, { token: admin });

      const pdf = Buffer.from(await response.arrayBuffer());
      expect(pageCount(pdf)).toBe(2);
      expect(pageTexts(pdf)).toContain('No run matches these filters.');
    });
  });

  describe('evidence.pdf', () => {
    it('answers one run as a PDF with its facts and explanation', async () => {
      const id = await fx.run({ status: 'failed', primaryError: 'ORA-19809' });

      const response = await console.api(`/api/v1/runs/${id}/evidence.pdf`, { token: admin });

      expect(response.status).toBe(200);
      const text = pageTexts(Buffer.from(await response.arrayBuffer()));
      expect(text).toContain(id);
      expect(text).toContain('What ORA-19809 means');
    });

    it('answers 404 for a run that does not exist', async () => {
      const missing = '00000000-0000-4000-8000-000000000000';

      const response = await console.api(`/api/v1/runs/${missing}/evidence.pdf`, { token: admin });

      expect(response.status).toBe(404);
    });
  });

  describe('cancel', () => {
    it('withdraws a queued run from the queue and ends it cancelled', async () => {
      const id = await fx.run({ status: 'queued' });
      await console.get(RunDispatcher).dispatchBackup(fx.agentId, backupJob(id), 'normal');
      const operator = await tokenFor(console, 'operator');

      const response = await console.api(`/api/v1/runs/${id}/cancel`, {
        method: 'POST',
        token: operator,
      });

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        outcome: 'cancelled',
        run: { status: 'cancelled' },
      });
      expect(await console.get(RunDispatcher).withdraw(fx.agentId, id)).toBe(false);
      const audit = await console.get(AuditService).list(10);
      expect(audit.find((e) => e.action === 'cancel' && e.entityId === id)).toBeDefined();
    });

    it('sends run.cancel to the agent of a running run', async () => {
      const id = await fx.run({ status: 'running' });
      const agent = await connectAgent(console, fx);
      const received = new Promise((resolve) => agent.once('run.cancel', resolve));

      const response = await console.api(`/api/v1/runs/${id}/cancel`, {
        method: 'POST',
        token: admin,
      });

      expect(response.status).toBe(202);
      expect(await received).toEqual({ runId: id });
      agent.disconnect();
    });

    it('answers 503 when the agent of a running run is not connected', async () => {
      const id = await fx.run({ status: 'running' });

      const response = await console.api(`/api/v1/runs/${id}/cancel`, {
        method: 'POST',
        token: admin,
      });

      expect(response.status).toBe(503);
    });

    it('answers 409 for a run that already ended', async () => {
      const id = await fx.run({ status: 'succeeded' });

      const response = await console.api(`/api/v1/runs/${id}/cancel`, {
        method: 'POST',
        token: admin,
      });

      expect(response.status).toBe(409);
    });

    it('forbids a viewer to cancel', async () => {
      const id = await fx.run({ status: 'running' });
      const viewer = await tokenFor(console, 'viewer');

      const response = await console.api(`/api/v1/runs/${id}/cancel`, {
        method: 'POST',
        token: viewer,
      });

      expect(response.status).toBe(403);
    });
  });

  /** Sessions of the test database holding an export cursor open. */
  async function exportSessions(): Promise<number> {
    const [row] = await console.get(DataSource).query(
      `SELECT count(*)::int AS sessions FROM pg_stat_activity
       WHERE datname = current_database() AND state <> 'idle' AND query LIKE '%export_runs%'
         AND pid <> pg_backend_pid()`,
    );
    return row.sessions as number;
  }

  function pool(): Pool {
    return (console.get(DataSource).driver as PostgresDriver).master as Pool;
  }
});

function backupJob(runId: string) {
  return {
    runId,
    strategyId: '00000000-0000-4000-8000-000000000001',
    trigger: 'manual',
    strategy: {},
    target: { name: 'PROD1' },
  } as never;
}

/** Every connection the console opened is back in the pool, none awaited. */
function idle(pool: Pool): boolean {
  return pool.idleCount === pool.totalCount && pool.waitingCount === 0;
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`not true within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function pageCount(pdf: Buffer): number {
  return (pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
}

/** The text drawn on the pages: pdfkit deflates content streams and hex-encodes strings. */
function pageTexts(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams = [...raw.matchAll(/stream\n([\s\S]*?)\nendstream/g)];
  const text: string[] = [];
  for (const [, body] of streams) {
    let content: string;
    try {
      content = inflateSync(Buffer.from(body as string, 'latin1')).toString('latin1');
    } catch {
      continue;
    }
    for (const [, hex] of content.matchAll(/<([0-9a-f]+)>/g)) {
      text.push(Buffer.from(hex as string, 'hex').toString('latin1'));
    }
  }
  return text.join('');
}
