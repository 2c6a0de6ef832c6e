// The lexer, table-driven: token kinds and values for NASM's number forms (checked against NASM 2.16: the
// values are what `dw TOKEN` assembled to), strings with and without escapes, names, and preprocessor tokens.
import { describe, expect, it } from 'vitest';
import { lexLine } from '$lib/emu';

describe('numbers', () => {
  const CASES: [text: string, value: bigint | null][] = [
    ['0x1f', 0x1fn],
    ['1fh', 0x1fn],
    ['0h1f', 0x1fn],
    ['0x_1f', 0x1fn],
    ['$1f', 0x1fn],
    ['0b101', 5n],
    ['101b', 5n],
    ['0y101', 5n],
    ['17q', 15n],
    ['0o17', 15n],
    ['12d', 12n],
    ['0t12', 12n],
    ['1_000', 1000n],
    ['0bh', 0x0bn],
    ['0b1h', 0xb1n],
    ['0d1h', 0xd1n],
    ['0x', 0n],
    ['0d', 0n],
    ['0b1b', null],
    ['0x1h', null],
    ['09q', null],
    ['2b', null]
  ];
  it.each(CASES)('%s → %s', (text, value) => {
    const [token] = lexLine(text).tokens;
    if (value === null) expect(token.kind).toBe('bad');
    else expect([token.kind, token.value]).toEqual(['num', value]);
  });

  it.each(['1.5', '1e10', '5.', '1e', '0.5e1', '1.0e-3'])('%s is a float', (text) => {
    expect(lexLine(text).tokens.map((t) => t.kind)).toEqual(['float']);
  });
});

describe('strings and character constants', () => {
  const CASES: [text: string, bytes: number[]][] = [
    ["'ab'", [0x61, 0x62]],
    ['"a\'b"', [0x61, 0x27, 0x62]],
    ["'a\\n'", [0x61, 0x5c, 0x6e]],
    ['`a\\n`', [0x61, 0x0a]],
    ['`\\x41\\101\\e\\0`', [0x41, 0x41, 0x1b, 0]],
    ['`\\u00e9`', [0xc3, 0xa9]]
  ];
  it.each(CASES)('%s', (text, bytes) => {
    const [token] = lexLine(text).tokens;
    expect(token.kind).toBe('str');
    expect(token.bytes).toEqual(bytes);
  });

  it('takes a string as a little-endian character constant', () => {
    expect(lexLine("'ab'").tokens[0].value).toBe(0x6261n);
  });

  it('reports an unterminated string', () => {
    expect(lexLine("db 'abc").problems.map((p) => p.message)).toEqual([
      "unterminated string: the closing ' is missing"
    ]);
  });
});

describe('tokens', () => {
  const kinds = (text: string) => lexLine(text).tokens.map((t) => `${t.kind}:${t.text}`);

  it('splits an instruction, stopping at a comment', () => {
    expect(kinds('loop: mov ax, [bx+si+4] ; comment')).toEqual([
      'id:loop',
      'op::',
      'id:mov',
      'id:ax',
      'op:,',
      'op:[',
      'id:bx',
      'op:+',
      'id:si',
      'op:+',
      'num:4',
      'op:]'
    ]);
  });

  it('keeps names with NASM’s special characters, $-escaped names, $ and $$', () => {
    expect(kinds('.local ..@x a?b@c#d~e $eax $ $$')).toEqual([
      'id:.local',
      'id:..@x',
      'id:a?b@c#d~e',
      'id:eax',
      'op:$',
      'op:$$'
    ]);
    expect(lexLine('$eax').tokens[0].escaped).toBe(true);
  });

  it('takes the longest operator', () => {
    expect(kinds('a<<<b<=>c//d %% e<>f ? g : h')).toEqual([
      'id:a',
      'op:<<<',
      'id:b',
      'op:<=>',
      'id:c',
      'op://',
      'id:d',
      'op:%%',
      'id:e',
      'op:<>',
      'id:f',
      'op:?',
      'id:g',
      'op::',
      'id:h'
    ]);
  });

  it('keeps preprocessor tokens whole', () => {
    expect(kinds('%define %1 %%skip %{2} %0 7 % 3')).toEqual([
      'pp:%define',
      'pp:%1',
      'pp:%%skip',
      'pp:%{2}',
      'pp:%0',
      'num:7',
      'op:%',
      'num:3'
    ]);
  });

  it('gives every token its columns', () => {
    const tokens = lexLine('  mov ax, 5').tokens;
    expect(tokens.map((t) => [t.start, t.end])).toEqual([
      [2, 5],
      [6, 8],
      [8, 9],
      [10, 11]
    ]);
  });
});
