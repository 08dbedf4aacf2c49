import type { RunVerdict } from '@rampart/contracts';
import { explainError, explainVerdict, formatBytes } from '@rampart/rman';

import type { RunView } from '../runs/run-view';

export interface RunMessageInput {
  run: RunView;
  event: string;
  lastLines: string[];
  runUrl: string;
  /** The parser's verdict, when the agent sent one: it sharpens the explanation. */
  verdict?: RunVerdict | null;
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

const STATUS_WORDS: Record<string, string> = {
  succeeded: 'succeeded',
  succeeded_with_warnings: 'succeeded with warnings',
  failed: 'FAILED',
  interrupted: 'was INTERRUPTED',
  missed: 'was MISSED',
  cancelled: 'was cancelled',
};

/** The e-mail about one run: what happened, why, and what to do next. */
export function runMessage(input: RunMessageInput): MailContent {
  const { run, event, lastLines, runUrl } = input;
  const subject = `[Rampart] ${run.targetName}: ${run.strategyName} ${statusWords(event)}`;
  const facts = runFacts(run);
  const advice = adviceFor(input);

  const text = [
    subject,
    '',
    ...facts.map(([k, v]) => `${k.padEnd(10)} ${v}`),
    '',
    ...advice.flatMap((a) => [a, '']),
    'Last lines of output:',
    ...(lastLines.length ? lastLines.map((l) => `  ${l}`) : ['  (none received)']),
    '',
    `Run: ${runUrl}`,
  ].join('\n');

  const html = page(subject, [
    factTable(facts),
    advice.map((a) => `<p>${escapeHtml(a)}</p>`).join(''),
    '<h3>Last lines of output</h3>',
    `<pre>${escapeHtml(lastLines.join('\n') || '(none received)')}</pre>`,
    `<p><a href="${escapeHtml(runUrl)}">Open the run in Rampart</a></p>`,
  ]);

  return { subject, text, html };
}

export function statusWords(status: string): string {
  return STATUS_WORDS[status] ?? status;
}

function runFacts(run: RunView): [string, string][] {
  const facts: [string, string][] = [
    ['Strategy', run.strategyName],
    ['Target', run.targetName],
    ['Type', run.type],
    ['Status', run.status],
    ['Trigger', run.trigger],
    ['Scheduled', run.scheduledAt ?? '-'],
    ['Started', run.startedAt ?? '-'],
    ['Finished', run.finishedAt ?? '-'],
    ['Duration', formatDuration(run.durationSeconds)],
    ['Pieces', run.pieces === null ? '-' : String(run.pieces)],
    ['Size', run.bytes === null ? 'not reported' : formatBytes(run.bytes)],
  ];
  if (run.primaryError) facts.push(['Error', run.primaryError]);
  if (run.errorCodes.length > 1) facts.push(['All errors', run.errorCodes.join(', ')]);
  if (run.warningCodes.length) facts.push(['Warnings', run.warningCodes.join(', ')]);
  if (run.message) facts.push(['Note', run.message]);
  return facts;
}

function adviceFor({ run, verdict }: RunMessageInput): string[] {
  if (!run.primaryError) return [];

  const explanation = verdict?.primaryError
    ? explainVerdict(verdict)
    : explainError(run.primaryError);
  if (!explanation) return [`No explanation on file for ${run.primaryError}: read the output.`];

  return [`Cause: ${explanation.cause}`, `Next step: ${explanation.nextStep}`];
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';

  const total = Math.round(seconds);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h) return `${h} h ${m} min`;
  return m ? `${m} min ${s} s` : `${s} s`;
}

export function factTable(facts: [string, string][]): string {
  const rows = facts.map(
    ([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
  );
  return `<table>${rows.join('')}</table>`;
}

/** The HTML shell of every mail: the title is escaped here, the parts escape their own text. */
export function page(title: string, parts: string[]): string {
  return [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(title)}</h2>`,
    ...parts,
    '</body></html>',
  ].join('\n');
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
