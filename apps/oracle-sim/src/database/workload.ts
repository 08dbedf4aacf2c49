import * as crypto from 'node:crypto';

import { switchLogfile } from './archived-logs';
import { changeBlock } from './datafile-blocks';
import { updateState } from './database-state';

export interface WorkloadOptions {
  home: string;
  sid: string;
  blocks: number;
  switches: number;
}

export interface WorkloadResult {
  changedBlocks: number;
  archivedLogs: number[];
  scn: number;
}

/** DML against the application tablespaces: changes blocks and switches logs. */
export function runWorkload(options: WorkloadOptions): WorkloadResult {
  return updateState(options.home, options.sid, (state) => {
    const targets = state.datafiles.filter((f) => !['SYSTEM', 'SYSAUX'].includes(f.tablespace));
    const archived: number[] = [];
    const perSwitch = Math.ceil(options.blocks / Math.max(1, options.switches));

    for (let i = 0; i < options.blocks; i += 1) {
      const file = targets[crypto.randomInt(0, targets.length)];
      changeBlock(state, file, crypto.randomInt(2, file.blocks));
    }
    for (let i = 0; i < options.switches; i += 1) {
      const log = switchLogfile(state, perSwitch);
      if (log) archived.push(log.sequence);
    }

    return { changedBlocks: options.blocks, archivedLogs: archived, scn: state.scn };
  });
}
