import { strategyDocumentSchema } from '@rampart/contracts';

import {
  emptyDraft,
  fromDocument,
  problemFor,
  stepOfField,
  StrategyDraft,
  toDocument,
} from './strategy-draft';
import { localProblems } from './strategy-draft-checks';

function aDraft(overrides: Partial<StrategyDraft> = {}): StrategyDraft {
  return { ...emptyDraft('Europe/Paris'), name: 'Nightly', target: 'DEMO', ...overrides };
}

describe('strategy draft', () => {
  describe(toDocument.name, () => {
    it('builds a full backup document the shared schema accepts', () => {
      const document = toDocument(aDraft({ compression: 'basic', tag: 'nightly' }));

      const parsed = strategyDocumentSchema.parse(document);
      expect(parsed).toMatchObject({
        name: 'Nightly',
        target: 'DEMO',
        type: 'full',
        schedule: { spec: { kind: 'daily', time: '01:00', timezone: 'Europe/Paris' } },
        options: { compression: 'basic', tag: 'NIGHTLY', destination: { kind: 'recovery-area' } },
      });
    });

    it('sends only the objects of the chosen type', () => {
      const draft = aDraft({ type: 'partial', schemas: ['HR'], tablespaces: [], tables: [] });

      const document = toDocument(draft);

      expect(document.partial).toEqual({ tablespaces: [], schemas: ['HR'], tables: [] });
      expect(document.incremental).toBeUndefined();
      expect(strategyDocumentSchema.safeParse(document).success).toBe(true);
    });

    it('turns each schedule kind into the matching spec', () => {
      const weekly = toDocument(aDraft({ scheduleKind: 'weekly', weekdays: ['MON', 'THU'] }));
      const monthly = toDocument(aDraft({ scheduleKind: 'monthly', monthDays: '1, 15' }));
      const hourly = toDocument(aDraft({ scheduleKind: 'everyHours', everyHours: 6 }));
      const manual = toDocument(aDraft({ scheduleKind: 'none' }));

      expect(weekly.schedule?.spec).toMatchObject({ kind: 'weekly', days: ['MON', 'THU'] });
      expect(monthly.schedule?.spec).toMatchObject({ kind: 'monthly', days: [1, 15] });
      expect(hourly.schedule?.spec).toMatchObject({ kind: 'everyHours', hours: 6, minute: 0 });
      expect(manual.schedule).toBeNull();
    });

    it('lets the schema refuse a hostile disk path rather than passing it on', () => {
      const draft = aDraft({ destinationKind: 'disk', destinationPath: "/u01/x'; rm -rf /" });

      const result = strategyDocumentSchema.safeParse(toDocument(draft));

      expect(result.success).toBe(false);
      expect(result.error?.issues[0].path.join('.')).toBe('options.destination.path');
    });
  });

  describe(fromDocument.name, () => {
    it('opens a stored strategy so that saving it again gives the same document', () => {
      const stored = strategyDocumentSchema.parse(
        toDocument(
          aDraft({
            type: 'incremental',
            incrementalLevel: 1,
            cumulative: true,
            scheduleKind: 'weekly',
            weekdays: ['SUN'],
            retentionKind: 'recovery-window',
            retentionValue: 14,
            recipients: 'dba@example.com',
          }),
        ),
      );

      const again = strategyDocumentSchema.parse(toDocument(fromDocument(stored)));

      expect(again).toEqual(stored);
    });
  });

  describe(stepOfField.name, () => {
    it('sends each refused field back to the step that edits it', () => {
      expect(stepOfField('name')).toBe('target');
      expect(stepOfField('partial')).toBe('objects');
      expect(stepOfField('options.destination.path')).toBe('options');
      expect(stepOfField('schedule.spec.timezone')).toBe('schedule');
      expect(stepOfField('notify.recipients.0')).toBe('notifications');
    });
  });

  describe(problemFor.name, () => {
    it('finds the problem of a field or of the field that encloses it', () => {
      const problems = { 'options.destination': 'is wrong' };

      expect(problemFor(problems, 'options.destination.path')).toBe('is wrong');
      expect(problemFor(problems, 'options.channels')).toBeNull();
    });
  });

  describe(localProblems.name, () => {
    it('asks for a target and a name before leaving the first step', () => {
      expect(localProblems(aDraft({ target: '', name: ' ' }), 'target')).toEqual({
        target: 'choose the database to back up',
        name: 'must not be empty',
      });
    });

    it('refuses a partial backup that mixes RMAN and Data Pump objects', () => {
      const draft = aDraft({ type: 'partial', tablespaces: ['USERS'], schemas: ['HR'] });

      expect(localProblems(draft, 'objects')['partial']).toContain('make two strategies');
    });
  });
});
