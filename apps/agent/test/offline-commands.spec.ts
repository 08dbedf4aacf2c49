import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

import {
  calendarNextCommand,
  parseLogCommand,
  renderCommand,
  userPath,
} from '../src/cli/offline-commands';

const ROOT = resolve(__dirname, '..', '..', '..');
const EXAMPLES = join(ROOT, 'examples', 'strategies');
const CORPUS = process.env['RAMPART_CORPUS'] ?? join(ROOT, '..', 'shared', 'corpus');

describe('offline commands', () => {
  describe(renderCommand.name, () => {
    it.each(readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')))(
      'renders the example strategy %s',
      (file) => {
        const result = renderCommand(join(EXAMPLES, file));

        expect(result.stderr).not.toMatch(/refused/);
        expect(result.exitCode).toBe(0);
        expect(result.stdout).toMatch(/SET COMMAND ID|SCHEMAS=/);
      },
    );
  });

  describe(parseLogCommand.name, () => {
    it('explains the primary error of a failed log in plain words', () => {
      const log = join(CORPUS, 'rman', 'fra-full-19809-19804.log');

      const result = parseLogCommand('rman', log, false);

      expect(result.stdout).toMatch(/^failed; errors .*ORA-19809/);
      expect(result.stdout).toMatch(/next step: .*DB_RECOVERY_FILE_DEST_SIZE/);
    });

    it('adds the explanation to the JSON verdict', () => {
      const log = join(CORPUS, 'rman', 'full-ok-01.log');

      const verdict = JSON.parse(parseLogCommand('rman', log, true).stdout);

      expect(verdict).toMatchObject({ status: 'success', pieces: 6, explanation: null });
    });
  });

  describe(calendarNextCommand.name, () => {
    it('names the Oracle error once for an invalid expression', () => {
      const result = calendarNextCommand('FREQ=DAYLY', {
        start: '2024-03-08T00:00:00',
        tz: 'UTC',
        count: '3',
        json: false,
      });

      expect(result.exitCode).toBe(1);
      expect(result.stderr.match(/ORA-\d{5}/g)).toHaveLength(1);
    });
  });

  describe(userPath.name, () => {
    it('reads a relative path from the folder where the user typed the command', () => {
      expect(userPath('s.json', { INIT_CWD: '/home/oracle/work' })).toBe(
        '/home/oracle/work/s.json',
      );
      expect(userPath('/etc/s.json', { INIT_CWD: '/home/oracle' })).toBe('/etc/s.json');
    });
  });
});
