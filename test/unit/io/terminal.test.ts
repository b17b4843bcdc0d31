import { describe, expect, it } from 'vitest';
import { parseKeys, visibleWidth } from '../../../src/io/terminal.js';

describe('terminal input and width', () => {
  it('reads keys: Enter, arrows, Esc alone, Ctrl-C, a paste, multi-byte characters', () => {
    expect(parseKeys('ab\r').map((k) => k.name)).toEqual(['char', 'char', 'enter']);
    expect(parseKeys('\u001b[A\u001b[B\u001b[3~').map((k) => k.name)).toEqual(['up', 'down', 'delete']);
    expect(parseKeys('\u001b')).toEqual([{ name: 'cancel' }]);
    expect(parseKeys('\u0003')).toEqual([{ name: 'cancel' }]);
    expect(parseKeys('é漢')).toEqual([
      { name: 'char', char: 'é' },
      { name: 'char', char: '漢' },
    ]);
  });

  it('measures what a terminal shows: no width for escape codes, two for wide characters', () => {
    expect(visibleWidth('\u001b[1mbold\u001b[22m')).toBe(4);
    expect(visibleWidth('漢字')).toBe(4);
    expect(visibleWidth('✔ done')).toBe(6);
  });
});
