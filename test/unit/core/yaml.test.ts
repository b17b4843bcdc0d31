/**
 * src/core/yaml.ts writes maps and lists itself (blockYaml) and asks the yaml library only for
 * scalars; every file must still be the text the library lays out (libraryYaml).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { blockYaml, libraryYaml, toYaml } from '../../../src/core/yaml.js';
import { DAY2_FULL } from '../../helpers/answers.js';
import { generated, NON_DEFAULT } from '../../helpers/scaffold.js';

/** Strings that take every path of the library's scalar writer: plain, quoted, block, escapes. */
const tricky = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'ab0 :#-?\'"\n\t|>%@`,[]{}&*!\\.'.split('')), maxLength: 12 }),
  fc.constantFrom(
    '',
    'yes',
    'No',
    'on',
    'null',
    '~',
    '0777',
    '1_000',
    '0x1F',
    '1:20',
    '2024-01-01',
    '.inf',
    '-.5',
    '1e3',
    '--- x',
    '<<',
    '...',
    '%TAG',
    '- a',
    'a: b',
    'a #b',
    ' lead',
    'trail ',
    'line\n',
    'line\n\n',
    '\nlead',
    '  indented\nblock',
    'text\n  more\n',
    'é ü 中文',
    '\u0007bell',
    '\u2028',
    'x'.repeat(1030),
    'https://github.com/acme/gitops.git',
    'SELECT 1;\nSELECT 2;\n',
  ),
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
);

const scalar = fc.oneof(
  tricky,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('list'), tie('map')),
  list: fc.array(tie('value'), { maxLength: 4 }),
  map: fc.dictionary(
    fc.oneof(
      tricky,
      fc.constantFrom('apiVersion', 'kind', 'metadata', 'spec', 'labels', 'data', 'annotations', '10', '9'),
    ),
    tie('value'),
    { maxKeys: 5 },
  ),
})).value;

/** The plain data toYaml lays out: what JSON keeps of a value. */
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('blockYaml', () => {
  it('gives the yaml library’s text for any map or list of JSON data', () => {
    fc.assert(
      fc.property(json, (value) => {
        const data = plain(value);
        if (typeof data !== 'object' || data === null) return;
        const text = blockYaml(data as Record<string, unknown>);
        if (text !== undefined) expect(text).toBe(libraryYaml(data));
      }),
      { numRuns: 400 },
    );
  });

  it('leaves keys the library writes explicitly (`? key`) to the library', () => {
    const long = { ['k'.repeat(1100)]: 1 };
    expect(blockYaml(long)).toBeUndefined();
    expect(toYaml(long, { header: false })).toBe(libraryYaml(long));
  });

  // The default answers' files are this repository's example (test/unit/commands/example.test.ts).
  it('gives the library’s text for every object of generated repositories', () => {
    for (const answers of [NON_DEFAULT, DAY2_FULL]) {
      for (const [path, text] of generated(answers, { sealed: true }).tree) {
        if (!path.endsWith('.yaml') && !path.endsWith('.yml')) continue;
        for (const doc of parseAllDocuments(text, { version: '1.1' })) {
          const data = plain(doc.toJS());
          if (typeof data !== 'object' || data === null) continue;
          expect(blockYaml(data as Record<string, unknown>), path).toBe(libraryYaml(data));
        }
      }
    }
  });
});
