import { formatDuration, runMessage } from '../src/notifications/notification-message';
import { planRunMessages, ruleCovers } from '../src/notifications/notification-plan';
import type { RunView } from '../src/runs/run-view';
import { classifySmtpError } from '../src/settings/smtp-mailer';

const HOSTILE = `<img src=x onerror="alert(1)">&'`;

function runView(fields: Partial<RunView> = {}): RunView {
  return {
    id: '0b6f3c1e-8d7a-4b55-9a41-3f1e2d4c5b6a',
    strategyId: 's1',
    strategyName: 'PROD nightly',
    targetId: 't1',
    targetName: 'PROD1',
    type: 'full',
    trigger: 'scheduler',
    priority: 'normal',
    status: 'failed',
    progress: null,
    scheduledAt: '2024-03-08T01:00:00.000Z',
    queuedAt: '2024-03-08T01:00:00.000Z',
    startedAt: '2024-03-08T01:00:05.000Z',
    finishedAt: '2024-03-08T02:10:05.000Z',
    durationSeconds: 4200,
    bytes: 3 * 1024 ** 3,
    pieces: 12,
    errorCodes: ['ORA-19809'],
    warningCodes: [],
    primaryError: 'ORA-19809',
    explanation: null,
    message: null,
    script: null,
    ...fields,
  };
}

describe('runMessage', () => {
  it('escapes what Oracle and users wrote in the HTML, keeps it verbatim in the text', () => {
    const run = runView({ strategyName: HOSTILE, message: HOSTILE });

    const mail = runMessage({ run, event: 'failed', lastLines: [HOSTILE], runUrl: 'http://c/r' });

    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;&#39;');
    expect(mail.text).toContain(HOSTILE);
  });

  it('explains the primary error with its cause and next step', () => {
    const mail = runMessage({ run: runView(), event: 'failed', lastLines: [], runUrl: 'u' });

    expect(mail.text).toMatch(/Cause: .+/);
    expect(mail.text).toMatch(/Next step: .+/);
    expect(mail.text).toContain('3 GiB');
    expect(mail.text).toContain('1 h 10 min');
  });

  it('says so when no explanation is on file for the code', () => {
    const run = runView({ primaryError: 'ORA-99999', errorCodes: ['ORA-99999'] });

    const mail = runMessage({ run, event: 'failed', lastLines: [], runUrl: 'u' });

    expect(mail.text).toContain('No explanation on file for ORA-99999');
  });
});

describe('formatDuration', () => {
  it.each([
    [null, '-'],
    [42.4, '42 s'],
    [95, '1 min 35 s'],
    [3600 * 2 + 60 * 5, '2 h 5 min'],
  ])('shows %p seconds as %p', (seconds, shown) => {
    expect(formatDuration(seconds)).toBe(shown);
  });
});

describe('planRunMessages', () => {
  it('gives each recipient one message, to the first rule that names them', () => {
    const rules = [
      { key: 'r1', ruleId: 'r1', recipients: ['a@x.example', 'B@x.example'] },
      { key: 'strategy:s1', ruleId: null, recipients: ['b@x.example', 'c@x.example'] },
      { key: 'r2', ruleId: 'r2', recipients: ['a@x.example'] },
    ];

    const planned = planRunMessages('run1', 'failed', rules, []);

    expect(planned).toEqual([
      { dedupKey: 'run:run1:failed:r1', ruleId: 'r1', recipients: ['a@x.example', 'b@x.example'] },
      { dedupKey: 'run:run1:failed:strategy:s1', ruleId: null, recipients: ['c@x.example'] },
    ]);
  });

  it('leaves out recipients already mailed for this run and event', () => {
    const rules = [{ key: 'r1', ruleId: 'r1', recipients: ['a@x.example'] }];

    expect(planRunMessages('run1', 'failed', rules, ['A@x.example'])).toEqual([]);
  });
});

describe('ruleCovers', () => {
  const run = { strategyId: 's1', targetId: 't1' };
  const rule = { events: ['failed' as const], strategyId: null, targetId: null, enabled: true };

  it('covers every run with a global rule, only its own with a scoped one', () => {
    expect(ruleCovers(rule, run, 'failed')).toBe(true);
    expect(ruleCovers({ ...rule, targetId: 't2' }, run, 'failed')).toBe(false);
    expect(ruleCovers({ ...rule, strategyId: 's1' }, run, 'failed')).toBe(true);
    expect(ruleCovers(rule, run, 'succeeded')).toBe(false);
    expect(ruleCovers({ ...rule, enabled: false }, run, 'failed')).toBe(false);
  });
});

describe('classifySmtpError', () => {
  it.each([
    [{ code: 'EAUTH', responseCode: 535, message: 'Invalid login: 535' }, true, /password/],
    [{ code: 'EAUTH', responseCode: 454, message: 'Temporary auth failure' }, false, /retries/],
    [{ code: 'ESOCKET', message: 'self-signed certificate' }, true, /certificate/],
    [{ code: 'EPROTOCOL', responseCode: 421, message: '421 try later' }, false, /retries/],
    [{ code: 'EENVELOPE', responseCode: 550, message: '550 no such user' }, true, /recipients/],
    [{ code: 'ECONNECTION', message: 'connect ECONNREFUSED' }, false, /host and port/],
    [{ code: 'ESOCKET', message: 'ssl3_get_record:wrong version number' }, true, /465/],
  ])('sorts %p: permanent %p', (error, permanent, hint) => {
    const failure = classifySmtpError(error);

    expect(failure.permanent).toBe(permanent);
    expect(failure.hint).toMatch(hint);
  });
});
