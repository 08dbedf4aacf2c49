import * as fs from 'node:fs';

import { Datafile, DatabaseState } from './database-state';

const ROW_SAMPLES = [
  'AAAR3sAAEAAAACXAAA|100|Steven|King|SKING|515.123.4567|AD_PRES|24000',
  'AAAR3sAAEAAAACXAAB|101|Neena|Kochhar|NKOCHHAR|515.123.4568|AD_VP|17000',
  'AAAR4bAAFAAAAELAAC|70001|2024-03-16|SHIPPED|149.90|EUR|CUST-00412',
  'AAAR4bAAFAAAAELAAD|70002|2024-03-16|PENDING|12.50|EUR|CUST-01873',
];

/** One block image: a cache header with file, block and SCN, then row data. */
export function renderBlock(fileNo: number, blockNo: number, scn: number, size: number): Buffer {
  const block = Buffer.alloc(size, 0);
  block.writeUInt8(0x06, 0);
  block.writeUInt32BE(fileNo * 4194304 + blockNo, 4);
  block.writeUInt32BE(scn % 0x100000000, 8);

  let seed = (fileNo * 2654435761 + blockNo * 40503 + scn) >>> 0 || 1;
  for (let i = 24; i < 24 + size / 16; i += 4) {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    block.writeUInt32BE(seed >>> 0, i);
  }

  let offset = 24 + size / 16;
  let row = (fileNo * 7 + blockNo) % ROW_SAMPLES.length;
  while (offset < size - 80) {
    offset += block.write(`${ROW_SAMPLES[row]}|${scn}|${blockNo}\n`, offset, 'latin1');
    row = (row + 1) % ROW_SAMPLES.length;
  }

  return block;
}

export function writeDatafile(file: Datafile, blockSize: number, scn: number): void {
  const fd = fs.openSync(file.path, 'w');

  try {
    for (let block = 0; block < file.blocks; block += 1) {
      fs.writeSync(fd, renderBlock(file.fileNo, block, scn, blockSize));
    }
  } finally {
    fs.closeSync(fd);
  }
}

export function readBlock(file: Datafile, blockNo: number, blockSize: number): Buffer {
  const fd = fs.openSync(file.path, 'r');
  const buffer = Buffer.alloc(blockSize);

  try {
    fs.readSync(fd, buffer, 0, blockSize, blockNo * blockSize);
    return buffer;
  } finally {
    fs.closeSync(fd);
  }
}

/** Rewrites a block in place with a new SCN, as DBWR would, and tracks the change. */
export function changeBlock(state: DatabaseState, file: Datafile, blockNo: number): void {
  state.scn += 1;
  const fd = fs.openSync(file.path, 'r+');

  try {
    const image = renderBlock(file.fileNo, blockNo, state.scn, state.blockSize);
    fs.writeSync(fd, image, 0, image.length, blockNo * state.blockSize);
  } finally {
    fs.closeSync(fd);
  }

  const changes = (state.blockScn[String(file.fileNo)] ??= {});
  changes[String(blockNo)] = state.scn;
}

/** Blocks of a datafile changed after an SCN (block change tracking). */
export function blocksChangedSince(state: DatabaseState, fileNo: number, scn: number): number[] {
  const changes = state.blockScn[String(fileNo)] ?? {};
  return Object.entries(changes)
    .filter(([, changedAt]) => changedAt > scn)
    .map(([block]) => Number(block))
    .sort((a, b) => a - b);
}
