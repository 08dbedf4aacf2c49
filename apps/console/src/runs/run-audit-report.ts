import PDFDocument from 'pdfkit';

import { RUN_STATES } from '@rampart/contracts';

import { fixedWidth, pdfSafe } from './pdf-text';
import { exportCell, type RunExportRow } from './run-export-rows';

export interface AuditReportHeader {
  generatedAt: Date;
  generatedBy: string;
  filters: string[];
  period: string;
  totals: Record<string, number>;
}

const PAGE = { size: 'A4', layout: 'landscape' } as const;
const MARGIN = 36;
const ROW_FONT_SIZE = 6.5;
const ROW_HEIGHT = 9;
const FIRST_ROW_Y = 64;
const FOOTER_Y = 595 - 28;
export const ROWS_PER_PAGE = Math.floor((FOOTER_Y - 8 - FIRST_ROW_Y) / ROW_HEIGHT);

const COLUMNS: { title: string; width: number; of: (r: RunExportRow) => string }[] = [
  { title: 'run id', width: 36, of: (r) => exportCell(r, 'id') },
  { title: 'queued (UTC)', width: 19, of: (r) => exportCell(r, 'queued_at').slice(0, 19) },
  { title: 'target', width: 12, of: (r) => exportCell(r, 'target_name') },
  { title: 'strategy', width: 22, of: (r) => exportCell(r, 'strategy_name') },
  { title: 'type', width: 12, of: (r) => exportCell(r, 'type') },
  { title: 'status', width: 23, of: (r) => exportCell(r, 'status') },
  { title: 'duration s', width: 10, of: (r) => durationOf(r) },
  { title: 'bytes', width: 14, of: (r) => exportCell(r, 'bytes') },
  { title: 'errors', width: 34, of: (r) => exportCell(r, 'error_codes') },
];

/**
 * The auditor's report: a summary page (filters, period, totals per status, generation time)
 * then one fixed-height row per run. The layout is fixed, so the page count is known from the
 * totals before any row is read, and every page says "page N of M" while the PDF streams.
 */
export class RunAuditReport {
  private readonly doc = new PDFDocument({ ...PAGE, margin: MARGIN, autoFirstPage: false });
  private readonly totalPages: number;
  private page = 0;
  private rowOnPage = ROWS_PER_PAGE;

  constructor(private readonly header: AuditReportHeader) {
    const runs = Object.values(header.totals).reduce((a, b) => a + b, 0);
    this.totalPages = 1 + Math.max(1, Math.ceil(runs / ROWS_PER_PAGE));
    this.doc.info.Title = 'Rampart backup run audit report';
    this.doc.info.Creator = 'Rampart console';
  }

  get stream(): NodeJS.ReadableStream {
    return this.doc;
  }

  /** Writes the whole report, reading the runs batch by batch. */
  async write(batches: AsyncIterable<RunExportRow[]>): Promise<void> {
    this.summaryPage();

    let rows = 0;
    for await (const batch of batches) {
      for (const run of batch) this.row(run);
      rows += batch.length;
    }
    if (rows === 0) this.emptyRunsPage();

    this.doc.end();
  }

  private summaryPage(): void {
    this.newPage();
    const doc = this.doc;
    const h = this.header;

    doc.font('Helvetica-Bold').fontSize(18).text('Backup run audit report', MARGIN, MARGIN);
    doc.moveDown(0.5).font('Helvetica').fontSize(10);
    doc.text(`Generated ${h.generatedAt.toISOString()} by ${pdfSafe(h.generatedBy)}`);
    doc.text(`Period: ${pdfSafe(h.period)}`);
    doc.moveDown(0.5).font('Helvetica-Bold').text('Filters');
    doc.font('Helvetica');
    for (const filter of h.filters) doc.text(pdfSafe(filter));

    doc.moveDown(0.5).font('Helvetica-Bold').text('Runs per status');
    doc.font('Courier').fontSize(10);
    for (const state of RUN_STATES) {
      doc.text(`${state.padEnd(26)}${String(h.totals[state] ?? 0).padStart(10)}`);
    }
    const all = Object.values(h.totals).reduce((a, b) => a + b, 0);
    doc.font('Courier-Bold').text(`${'total'.padEnd(26)}${String(all).padStart(10)}`);
  }

  private row(run: RunExportRow): void {
    if (this.rowOnPage >= ROWS_PER_PAGE) this.runsPage();

    const line = COLUMNS.map((c) => fixedWidth(c.of(run), c.width)).join(' ');
    const y = FIRST_ROW_Y + this.rowOnPage * ROW_HEIGHT;
    this.doc.text(line, MARGIN, y, { lineBreak: false });
    this.rowOnPage += 1;
  }

  private runsPage(): void {
    this.newPage();
    const heading = COLUMNS.map((c) => fixedWidth(c.title, c.width)).join(' ');
    this.doc.font('Courier-Bold').fontSize(ROW_FONT_SIZE);
    this.doc.text(heading, MARGIN, FIRST_ROW_Y - ROW_HEIGHT * 1.5, { lineBreak: false });
    this.doc.font('Courier');
    this.rowOnPage = 0;
  }

  private emptyRunsPage(): void {
    this.runsPage();
    this.doc.text('No run matches these filters.', MARGIN, FIRST_ROW_Y, { lineBreak: false });
  }

  private newPage(): void {
    this.doc.addPage({ ...PAGE, margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: 0 } });
    this.page += 1;

    const footer = `Rampart run audit report - generated ${this.header.generatedAt.toISOString()}`;
    this.doc.font('Helvetica').fontSize(7);
    this.doc.text(footer, MARGIN, FOOTER_Y, { lineBreak: false });
    this.doc.text(`page ${this.page} of ${this.totalPages}`, 842 - MARGIN - 60, FOOTER_Y, {
      lineBreak: false,
      width: 60,
      align: 'right',
    });
  }
}

function durationOf(run: RunExportRow): string {
  const seconds = exportCell(run, 'duration_seconds');
  return seconds === '' ? '' : Number(seconds).toFixed(0);
}
