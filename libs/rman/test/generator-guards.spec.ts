import { renderDataPumpParfile } from '../src/datapump-parfile';
import { renderRmanScript } from '../src/rman-script';
import { quoteIdentifier, quoteString, UnsafeValue } from '../src/user-values';
import { strategy } from './strategy-fixtures';

/** The generators check values again even when called without `checkStrategy` first. */
describe(UnsafeValue.name, () => {
  const schemas = strategy({ type: 'partial', partial: { schemas: ['HR'] } });

  it.each([
    ['a run id with a newline', () => renderRmanScript(strategy(), 'x\nHOST')],
    ['a run id in a parfile', () => renderDataPumpParfile(schemas, 'x y')],
    ['a quote in a string', () => quoteString("a'b", 'f')],
    ['an empty string', () => quoteString('', 'f')],
    ['a reserved word as identifier', () => quoteIdentifier('TABLE', 'f')],
    [
      'a bad directory object',
      () =>
        renderDataPumpParfile(
          {
            ...schemas,
            options: { ...schemas.options, dataPump: { directory: 'a b', parallel: 1 } },
          },
          'r1',
        ),
    ],
    [
      'a bad file size',
      () =>
        renderDataPumpParfile(
          {
            ...schemas,
            options: {
              ...schemas.options,
              dataPump: { directory: 'D', parallel: 1, fileSize: '1;' },
            },
          },
          'r1',
        ),
    ],
    [
      'a bad section size',
      () =>
        renderRmanScript(
          { ...strategy(), options: { ...strategy().options, sectionSize: "1'" } },
          'r1',
        ),
    ],
    ['an unknown type', () => renderRmanScript({ ...strategy(), type: 'custom' }, 'r1')],
    ['a parfile with no objects', () => renderDataPumpParfile(strategy(), 'r1')],
  ])('refuses %s', (_, render) => {
    expect(render).toThrow(UnsafeValue);
  });
});
