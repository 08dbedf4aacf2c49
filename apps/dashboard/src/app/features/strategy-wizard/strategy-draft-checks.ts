import { StrategyDraft, WizardStep } from './strategy-draft';

/**
 * The checks a step can make without the console, so Next can say at once what is missing.
 * The console's own validation (names, paths, sizes, zones) still decides on preview and save.
 */
export function localProblems(draft: StrategyDraft, step: WizardStep): Record<string, string> {
  const problems: Record<string, string> = {};

  if (step === 'target') {
    if (!draft.target) problems['target'] = 'choose the database to back up';
    if (!draft.name.trim()) problems['name'] = 'must not be empty';
  }

  if (step === 'objects') checkObjects(draft, problems);

  if (step === 'options') {
    if (draft.destinationKind === 'disk' && !draft.destinationPath.trim()) {
      problems['options.destination.path'] = 'must not be empty';
    }
    if (!Number.isInteger(draft.channels) || draft.channels < 1 || draft.channels > 32) {
      problems['options.channels'] = 'must be a whole number from 1 to 32';
    }
  }

  if (step === 'schedule' && draft.scheduleKind !== 'none' && !draft.timezone.trim()) {
    problems['schedule.spec.timezone'] = 'must be an IANA time zone or an offset like +02:00';
  }

  return problems;
}

function checkObjects(draft: StrategyDraft, problems: Record<string, string>): void {
  if (draft.type === 'partial') {
    const tablespaces = draft.tablespaces.length;
    const dataPump = draft.schemas.length + draft.tables.length;
    if (tablespaces + dataPump === 0) {
      problems['partial'] = 'needs at least one tablespace, schema or table';
    } else if (tablespaces > 0 && dataPump > 0) {
      problems['partial'] =
        'cannot mix tablespaces (RMAN) with schemas or tables (Data Pump): make two strategies';
    }
  }

  if (draft.type === 'custom' && !draft.customScript.trim()) {
    problems['custom.script'] = 'needs the script';
  }
}
