import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parse } from 'yaml';

import { ROOT } from './root';

export interface ComposeService {
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string };
  command?: string | string[];
  environment?: Record<string, string | number | boolean | null>;
  ports?: (string | number)[];
  healthcheck?: { test: string | string[] };
  depends_on?: Record<string, { condition: string }> | string[];
  secrets?: (string | { source: string; target?: string })[];
  configs?: { source: string; target: string }[];
  volumes?: string[];
  user?: string;
}

export interface ComposeFile {
  name?: string;
  services: Record<string, ComposeService>;
  secrets?: Record<string, { file?: string; external?: boolean }>;
  configs?: Record<string, { file?: string }>;
  volumes?: Record<string, unknown>;
}

/** A compose file as Docker Compose reads it, with YAML merge keys (`<<: *anchor`) applied. */
export function readCompose(file: string): ComposeFile {
  return parse(readFileSync(join(ROOT, file), 'utf8'), { merge: true }) as ComposeFile;
}

export function commandOf(service: ComposeService): string[] {
  const { command } = service;
  if (!command) return [];
  return Array.isArray(command) ? command.map(String) : command.split(/\s+/);
}

export function secretNames(service: ComposeService): string[] {
  return (service.secrets ?? []).map((s) => (typeof s === 'string' ? s : s.source));
}
