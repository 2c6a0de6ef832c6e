// The condition language: values from registers, flags and memory, C's precedence and short-circuit rules,
// numbers as NASM writes them, and parse errors as data with the column where the problem starts.
import { describe, expect, it } from 'vitest';
import { evaluate, formatTemplate, parseExpression, parseTemplate, type Registers } from '$lib/emu';

const REGS: Registers = {
  ax: 0x0005,
  bx: 0x1234,
  cx: 0xffff,
  dx: 0x00a0,
  si: 0x0010,
  di: 0x0020,
  bp: 0x0030,
  sp: 0xfffe,
  cs: 0x1000,
  ds: 0x2000,
  es: 0x3000,
  ss: 0x1000,
  ip: 0x0100,
  // ZF (bit 6) and CF (bit 0) set; bit 1 is always one on an 8086.
  flags: 0x0043
};
// Memory: byte at 2000:0010 = 07h, 2000:0011 = 01h; 3000:0020 = 99h; 2000:FFFF = 0AAh, 2000:0000 = 0BBh.
const MEMORY = new Map<number, number>([
  [0x20010, 0x07],
  [0x20011, 0x01],
  [0x30020, 0x99],
  [0x2ffff, 0xaa],
  [0x20000, 0xbb]
]);
const context = { registers: REGS, peek8: (a: number) => MEMORY.get(a) ?? 0 };

function value(text: string): number {
  const parsed = parseExpression(text);
  if (!parsed.ok) throw new Error(`${text}: ${parsed.error.message}`);
  return evaluate(parsed.expression, context);
}

describe('evaluation', () => {
  it.each([
    ['ax == 5', 1],
    ['ax != 5', 0],
    ['ax == 5 && byte [ds:si] > 3', 1],
    ['ax == 5 && byte [ds:si] > 7', 0],
    ['bx', 0x1234],
    ['bl', 0x34],
    ['bh', 0x12],
    ['cl == 0FFh', 1],
    ['0x10 + 0Ah', 0x1a],
    ['10', 10],
    ['1_000', 1000],
    ['word [ds:si]', 0x0107],
    ['[si]', 0x07],
    ['byte [es:di]', 0x99],
    ['byte [0x3000:0x20]', 0x99],
    ['word [ds:0FFFFh]', 0xbbaa], // the high byte wraps to offset 0 of the segment, as on the 8086
    ['zf', 1],
    ['cf && zf', 1],
    ['sf', 0],
    ['!sf', 1],
    ['1 + 2 == 3', 1], // + binds tighter than ==
    ['1 | 2 == 2', 1], // == binds tighter than |: 1 | (2 == 2)
    ['6 & 3 ^ 1', 3], // & before ^: (6 & 3) ^ 1
    ['0 || 2 && 0', 0], // && before ||
    ['(1 + 2) & 1', 1]
  ] as [string, number][])('%s = %d', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it.each([
    ['ax < 6', 1],
    ['ax <= 5', 1],
    ['ax > 5', 0],
    ['ax >= 6', 0],
    ['-1 < 0', 1],
    ['~0 & 0xff', 0xff],
    ['dx - 0x20', 0x80]
  ] as [string, number][])('%s = %d', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('&& and || do not evaluate their right side when the left decides', () => {
    const peeked: number[] = [];
    const spy = { registers: REGS, peek8: (a: number) => (peeked.push(a), 0) };
    const parsed = parseExpression('ax == 6 && byte [0]');
    if (!parsed.ok) throw new Error('parse');
    expect(evaluate(parsed.expression, spy)).toBe(0);
    expect(peeked).toEqual([]);
  });
});

describe('parse errors: a message and a 1-based column, never an exception', () => {
  it.each([
    ['ax == ', 7, 'expected a value, found the end'],
    ['ax = 5', 4, "unexpected character '='"],
    ['foo > 1', 1, "unknown name 'foo'"],
    ['byte ds:si', 6, "expected '[' after 'byte'"],
    ['byte [ds:si', 12, "expected ']', found the end"],
    ['(ax == 5', 9, "expected ')', found the end"],
    ['ax 5', 4, "expected an operator or the end, found '5'"],
    ['12xyz', 1, "'12xyz' is not a number"],
    ['ax * 2', 4, "unexpected character '*'"],
    ['', 1, 'the expression is empty'],
    ['   ', 1, 'the expression is empty']
  ])('%j → column %d', (text, column, message) => {
    const parsed = parseExpression(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.column).toBe(column);
    expect(parsed.error.message).toContain(message);
  });
});

describe('log point templates', () => {
  it.each([
    ['ax={ax}', 'ax=05h'],
    ['bx={bx} cx={cx:d}', 'bx=1234h cx=65535'],
    ['[si]={byte [ds:si]}!', '[si]=07h!'],
    ['braces {{literal}}', 'braces {literal}'],
    ['no holes', 'no holes']
  ])('%j → %j', (text, expected) => {
    const parsed = parseTemplate(text);
    if (!parsed.ok) throw new Error(parsed.error.message);
    expect(formatTemplate(parsed.template, context)).toBe(expected);
  });

  it.each([
    ['value {ax', 7, "'{' without a closing '}'"],
    ['value {ax ==}', 13, 'expected a value']
  ])('%j → column %d', (text, column, message) => {
    const parsed = parseTemplate(text);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error.column).toBe(column);
    expect(parsed.error.message).toContain(message);
  });
});
