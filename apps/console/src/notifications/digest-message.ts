import { formatBytes } from '@rampart/rman';

import type { RunView } from '../runs/run-view';
import { escapeHtml, formatDuration, type MailContent, page } from './notification-message';

export interface DigestInput {
  ruleName: string;
  from: Date;
  to: Date;
  timeZone: string;
  runs: RunView[];
  runsUrl: string;
  runUrl: (runId: string) => string;
}

const NEEDS_ATTENTION = new Set(['failed', 'interrupted', 'missed', 'succeeded_with_warnings']);

/** One mail for the last day of runs under a rule: the tally first, the runs to look at next. */
export function digestMessage(input: DigestInput): MailContent {
  const { runs } = input;
  const attention = runs.filter((r) => NEEDS_ATTENTION.has(r.status));
  const day = localDay(input.to, input.timeZone);
  const subject =
    `[Rampart] Daily digest ${day} (${input.ruleName}): ${runs.length} runs, ` +
    `${attention.length} to look at`;
  const tally = tallyOf(runs);

  const text = [
    subject,
    '',
    `Runs finished from ${input.from.toISOString()} to ${input.to.toISOString()}.`,
    tallyText(tally),
    '',
    ...runs.map((r) => runLine(r)),
    '',
    `All runs: ${input.runsUrl}`,
  ].join('\n');

  const html = page(subject, [
    `<p>Runs finished from ${escapeHtml(input.from.toISOString())} to ` +
      `${escapeHtml(input.to.toISOString())}.</p>`,
    `<p>${escapeHtml(tallyText(tally))}</p>`,
    runTable(runs, input.runUrl),
    `<p><a href="${escapeHtml(input.runsUrl)}">All runs in Rampart</a></p>`,
  ]);

  return { subject, text, html };
}

function tallyOf(runs: RunView[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const run of runs) counts.set(run.status, (counts.get(run.status) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
}

function tallyText(tally: [string, number][]): string {
  if (!tally.length) return 'No runs.';
  return tally.map(([status, n]) => `${n} ${status.replace(/_/g, ' ')}`).join(', ');
}

function runLine(r: RunView): string {
  const error = r.primaryError ? ` ${r.primaryError}` : '';
  return (
    `${r.finishedAt ?? '-'}  ${r.targetName}  ${r.strategyName}  ${r.status}` +
    `  ${formatDuration(r.durationSeconds)}${error}`
  );
}

function runTable(runs: RunView[], runUrl: (id: string) => string): string {
  if (!runs.length) return '';

  const header = ['Finished', 'Target', 'Strategy', 'Type', 'Status', 'Duration', 'Size', 'Error'];
  const rows = runs.map((r) => {
    const cells = [
      r.finishedAt ?? '-',
      r.targetName,
      r.strategyName,
      r.type,
      r.status,
      formatDuration(r.durationSeconds),
      r.bytes === null ? '-' : formatBytes(r.bytes),
      r.primaryError ?? '',
    ].map((c) => `<td>${escapeHtml(c)}</td>`);
    cells[4] = `<td><a href="${escapeHtml(runUrl(r.id))}">${escapeHtml(r.status)}</a></td>`;
    return `<tr>${cells.join('')}</tr>`;
  });
  const head = header.map((h) => `<th align="left">${h}</th>`).join('');
  return `<table><tr>${head}</tr>${rows.join('')}</table>`;
}

/** The calendar day in the rule's zone, e.g. 2024-03-08: names the digest and keys it. */
export function localDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}
