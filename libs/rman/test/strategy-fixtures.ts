import { strategyDocumentSchema, type StrategyDocument } from '@rampart/contracts';

import type { RenderContext } from '../src';

type Input = Parameters<typeof strategyDocumentSchema.parse>[0];
type OptionsInput = Record<string, unknown>;

/** A parsed strategy document: the defaults a DBA gets, plus what the test changes. */
export function strategy(
  fields: Partial<Record<string, unknown>> = {},
  options: OptionsInput = {},
): StrategyDocument {
  const input = { name: 'Nightly', target: 'PROD1', type: 'full', ...fields, options } as Input;
  return strategyDocumentSchema.parse(input);
}

/** A target that is fine for any online backup. */
export const READY: RenderContext = {
  runId: '7f3c2a10-5b1e-4c1d-9a7e-0123456789ab',
  logMode: 'ARCHIVELOG',
  databaseOpen: true,
  hasLevel0: true,
  isAdmin: false,
};
