import PDFDocument from 'pdfkit';

import { formatBytes } from '@rampart/rman';

import { pdfSafe } from './pdf-text';
import type { RunView } from './run-view';
import type { RunLogLineEntity } from './run.entity';

const MARGIN = 48;

/**
 * One run's evidence: its facts, the verdict, what the error means and what to do next, the
 * exact script that ran and every line of output. Pages are numbered once the whole document
 * is laid out (pdfkit keeps the pages of this one run in memory for that).
 */
export class RunEvidenceReport {
  private readonly doc = new PDFDocument({ size: 'A4', margin: MARGIN, bufferPages: true });

  constructor(
    private readonly run: RunView,
    private readonly generatedAt: Date,
  ) {
    this.doc.info.Title = `Rampart evidence of run ${run.id}`;
    this.doc.info.Creator = 'Rampart console';
  }

  get stream(): NodeJS.ReadableStream {
    return this.doc;
  }

  async write(lineBatches: AsyncIterable<RunLogLineEntity[]>): Promise<void> {
    this.facts();
    this.verdict();
    this.script();
    await this.logLines(lineBatches);
    this.numberPages();
    this.doc.end();
  }

  private facts(): void {
    const r = this.run;
    this.doc.font('Helvetica-Bold').fontSize(16).text('Backup run evidence');
    this.doc.font('Helvetica').fontSize(9).text(`Generated ${this.generatedAt.toISOString()}`);
    this.doc.moveDown();

    this.section('Facts');
    this.pairs([
      ['run id', r.id],
      ['target', `${r.targetName} (${r.targetId})`],
      ['strategy', `${r.strategyName} (${r.strategyId ?? 'deleted'})`],
      ['type / trigger / priority', `${r.type} / ${r.trigger} / ${r.priority}`],
      ['scheduled', r.scheduledAt ?? '-'],
      ['queued', r.queuedAt],
      ['started', r.startedAt ?? '-'],
      ['finished', r.finishedAt ?? '-'],
      ['duration', r.durationSeconds === null ? '-' : `${r.durationSeconds.toFixed(1)} s`],
    ]);
  }

  private verdict(): void {
    const r = this.run;
    this.section('Verdict');
    this.pairs([
      ['status', r.status],
      ['pieces', r.pieces === null ? '-' : String(r.pieces)],
      ['bytes', r.bytes === null ? '-' : `${r.bytes} (${formatBytes(r.bytes)})`],
      ['errors', r.errorCodes.join(', ') || 'none'],
      ['warnings', r.warningCodes.join(', ') || 'none'],
      ['message', r.message ?? '-'],
    ]);

    if (!r.primaryError) return;
    this.section(`What ${r.primaryError} means`);
    this.pairs([
      ['cause', r.explanation?.cause ?? 'no explanation is known for this code'],
      ['next step', r.explanation?.nextStep ?? 'see the log lines below'],
    ]);
  }

  private script(): void {
    this.section('Script that ran');
    this.doc
      .font('Courier')
      .fontSize(8)
      .text(pdfSafe(this.run.script ?? '(none recorded)'));
  }

  private async logLines(batches: AsyncIterable<RunLogLineEntity[]>): Promise<void> {
    this.section('Output');
    this.doc.font('Courier').fontSize(7);

    let count = 0;
    for await (const batch of batches) {
      for (const line of batch) {
        const mark = line.stream === 'stderr' ? '!' : ' ';
        const ts = line.ts.toISOString().slice(11, 19);
        this.doc.text(`${String(line.seq).padStart(6)} ${ts}${mark} ${pdfSafe(line.text)}`);
      }
      count += batch.length;
    }
    if (count === 0) this.doc.text('(no output recorded)');
  }

  private section(title: string): void {
    this.doc.moveDown(0.8).font('Helvetica-Bold').fontSize(11).text(pdfSafe(title), MARGIN);
    this.doc.moveDown(0.2);
  }

  private pairs(rows: [string, string][]): void {
    this.doc.fontSize(9);
    for (const [label, value] of rows) {
      this.doc.font('Helvetica-Bold').text(`${label}: `, MARGIN, undefined, { continued: true });
      this.doc.font('Helvetica').text(pdfSafe(value));
    }
  }

  private numberPages(): void {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      const bottom = this.doc.page.height - 30;
      const saved = this.doc.page.margins.bottom;
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('Helvetica')
        .fontSize(7)
        .text(`run ${this.run.id} - page ${i + 1} of ${range.count}`, MARGIN, bottom, {
          lineBreak: false,
          width: this.doc.page.width - 2 * MARGIN,
          align: 'right',
        });
      this.doc.page.margins.bottom = saved;
    }
  }
}
