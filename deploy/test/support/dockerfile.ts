import { readFileSync } from 'node:fs';

export interface DockerInstruction {
  keyword: string;
  args: string;
}

export interface DockerStage {
  name: string | null;
  base: string;
  instructions: DockerInstruction[];
}

/** A Dockerfile as its stages and instructions (continuation lines joined, comments dropped). */
export function readDockerfile(path: string): DockerStage[] {
  const logical = readFileSync(path, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  const stages: DockerStage[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [base = '', , name = null] = rest;
      stages.push({ name, base, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

export function instructionsOf(stage: DockerStage, keyword: string): string[] {
  return stage.instructions.filter((i) => i.keyword === keyword).map((i) => i.args);
}
