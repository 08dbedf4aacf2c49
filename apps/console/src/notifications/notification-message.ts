import type { RunView } from '../runs/run-view';

export interface RunMessageInput {
  run: RunView;
  event: string;
  lastLines: string[];
  runUrl: string;
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
export function runMessage({ run, event, lastLines, runUrl }: RunMessageInput): MailContent {
  const verb = STATUS_WORDS[event] ?? event;
  const subject = `[Rampart] ${run.targetName}: ${run.strategyName} ${verb}`;

  const facts: [string, string][] = [
    ['Strategy', run.strategyName],
    ['Target', run.targetName],
    ['Type', run.type],
    ['Status', run.status],
    ['Trigger', run.trigger],
    ['Started', run.startedAt ?? '-'],
    ['Finished', run.finishedAt ?? '-'],
    ['Duration', run.durationSeconds === null ? '-' : `${Math.round(run.durationSeconds)} s`],
    ['Pieces', run.pieces === null ? '-' : String(run.pieces)],
    ['Size', run.bytes === null ? 'not reported by RMAN' : `${run.bytes} bytes`],
  ];
  if (run.primaryError) facts.push(['Error', run.primaryError]);
  if (run.message) facts.push(['Note', run.message]);

  const advice = run.explanation
    ? [`Cause: ${run.explanation.cause}`, `Next step: ${run.explanation.nextStep}`]
    : run.primaryError
      ? [`No explanation on file for ${run.primaryError}: read the output below.`]
      : [];

  const text = [
    subject,
    '',
    ...facts.map(([k, v]) => `${k.padEnd(9)} ${v}`),
    '',
    ...advice,
    ...(advice.length ? [''] : []),
    'Last lines of output:',
    ...lastLines.map((l) => `  ${l}`),
    '',
    `Run: ${runUrl}`,
  ].join('\n');

  const html = `<!doctype html><html><body style="font-family:sans-serif">
<h2>${escapeHtml(subject)}</h2>
<table>${facts
    .map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
    .join('')}</table>
${advice.map((a) => `<p>${escapeHtml(a)}</p>`).join('')}
<h3>Last lines of output</h3>
<pre>${escapeHtml(lastLines.join('\n'))}</pre>
<p><a href="${escapeHtml(runUrl)}">Open the run in Rampart</a></p>
</body></html>`;

  return { subject, text, html };
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
