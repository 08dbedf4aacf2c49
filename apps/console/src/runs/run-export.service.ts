import { Injectable, Logger } from '@nestjs/common';

import { type Actor, AuditService } from '../audit/audit.service';
import { DomainError, notFound } from '../common/domain-error';
import { RunAuditReport } from './run-audit-report';
import { csvLine, runsCsvStream } from './run-csv';
import { RunEvidenceReport } from './run-evidence-report';
import { describeFilter, describePeriod } from './run-export-rows';
import { toRunView } from './run-view';
import type { RunLogLineEntity } from './run.entity';
import { type RunFilter, RunsRepository } from './runs.repository';

/** A PDF row is a printed line: past this many runs the CSV is the export to take. */
export const PDF_MAX_RUNS = 100_000;
const LOG_BATCH = 5000;

export interface Download {
  fileName: string;
  contentType: string;
  stream: NodeJS.ReadableStream;
  /** Produces the content; the stream ends when it resolves. */
  done: Promise<void>;
}

/** The auditor's exports: every run the filters select, as CSV or as a PDF report. */
@Injectable()
export class RunExportService {
  private readonly logger = new Logger(RunExportService.name);

  constructor(
    private readonly runs: RunsRepository,
    private readonly audit: AuditService,
  ) {}

  async csv(filter: RunFilter, actor: Actor): Promise<Download> {
    const now = new Date();
    const snapshot = asOf(filter, now);
    await this.record(actor, 'export.csv', snapshot);

    const stream = runsCsvStream(this.runs.exportBatches(snapshot, csvLine));
    const done = new Promise<void>((resolve, reject) => {
      stream.on('end', resolve).on('error', reject);
    });
    return { fileName: fileName('runs', now, 'csv'), contentType: 'text/csv', stream, done };
  }

  async auditPdf(filter: RunFilter, actor: Actor): Promise<Download> {
    const now = new Date();
    const snapshot = asOf(filter, now);
    const totals = await this.runs.totalsByStatus(snapshot);
    assertPrintable(totals);
    await this.record(actor, 'export.pdf', snapshot);

    const report = new RunAuditReport({
      generatedAt: now,
      generatedBy: actor.username,
      filters: describeFilter(snapshot),
      period: describePeriod(snapshot),
      totals,
    });
    const done = report.write(this.runs.exportBatches(snapshot, (run) => run));
    return pdf(fileName('runs-audit', now, 'pdf'), report.stream, done);
  }

  async evidencePdf(runId: string, actor: Actor): Promise<Download> {
    const run = await this.runs.findById(runId);
    if (!run) throw notFound('run', runId);
    await this.audit.record(actor, 'export.evidence', 'run', runId);

    const now = new Date();
    const report = new RunEvidenceReport(toRunView(run), now);
    const done = report.write(this.logBatches(runId));
    return pdf(fileName(`run-${runId}-evidence`, now, 'pdf'), report.stream, done);
  }

  private async *logBatches(runId: string): AsyncGenerator<RunLogLineEntity[]> {
    let afterSeq = 0;
    for (;;) {
      const lines = await this.runs.logLines(runId, afterSeq, LOG_BATCH);
      if (lines.length) yield lines;
      if (lines.length < LOG_BATCH) return;
      afterSeq = lines[lines.length - 1]?.seq ?? afterSeq;
    }
  }

  private async record(actor: Actor, action: string, filter: RunFilter): Promise<void> {
    await this.audit.record(actor, action, 'runs', null, { filter });
    this.logger.log({ msg: 'runs exported', action, by: actor.username, filter });
  }
}

/** Rows queued after the export began are left out, so totals and rows describe one moment. */
function asOf(filter: RunFilter, now: Date): RunFilter {
  const to = filter.to && Date.parse(filter.to) < now.getTime() ? filter.to : now.toISOString();
  return { ...filter, to };
}

function assertPrintable(totals: Record<string, number>): void {
  const runs = Object.values(totals).reduce((a, b) => a + b, 0);
  if (runs <= PDF_MAX_RUNS) return;

  const message =
    `selects ${runs} runs; a PDF holds at most ${PDF_MAX_RUNS}: ` +
    'narrow the period or use export.csv';
  throw new DomainError('refused', message, [{ field: 'from', message }]);
}

function pdf(name: string, stream: NodeJS.ReadableStream, done: Promise<void>): Download {
  return { fileName: name, contentType: 'application/pdf', stream, done };
}

function fileName(kind: string, at: Date, extension: string): string {
  const stamp = at.toISOString().slice(0, 19).replace(/[:]/g, '').replace('T', '-');
  return `rampart-${kind}-${stamp}.${extension}`;
}
