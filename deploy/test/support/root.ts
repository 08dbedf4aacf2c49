import { resolve } from 'node:path';

/** The repository root, where compose files live and build contexts start. */
export const ROOT = resolve(__dirname, '..', '..', '..');
