// The console view's text: a teletype's handling of CR, LF, BS and TAB, the scrollback cap, and which browser keys
// become keyboard inputs for the guest.
import { describe, expect, it } from 'vitest';
import { applyOutput, keyInputFor, renderConsole } from '$lib/ui/panels/console-text';

describe('renderConsole', () => {
  it.each([
    ['Hello, world!\r\n', 'Hello, world!\n'],
    ['a\nb', 'a\nb'],
    ['abc\rX', 'Xbc'], // a lone CR: back to the start, the next character overwrites
    ['abc\b\bX', 'aXc'],
    ['ab\tc', 'ab      c'], // TAB to column 8
    ['\x07bell', 'bell'],
    ['', '']
  ])('%j shows as %j', (raw, shown) => {
    expect(renderConsole(raw)).toBe(shown);
  });
});

describe('applyOutput', () => {
  it('appends new text, replaces on a resync, and keeps only the last `limit` characters', () => {
    expect(applyOutput('ab', { replace: false, text: 'cd', written: 4 })).toBe('abcd');
    expect(applyOutput('abcd', { replace: true, text: 'ab', written: 2 })).toBe('ab');
    expect(applyOutput('abcd', { replace: false, text: 'ef', written: 6 }, 4)).toBe('cdef');
  });
});

describe('keyInputFor', () => {
  it.each([
    [{ key: 'a' }, { kind: 'key', text: 'a' }],
    [{ key: 'A' }, { kind: 'key', text: 'A' }],
    [{ key: 'Enter' }, { kind: 'key', text: '\r' }],
    [{ key: 'Backspace' }, { kind: 'key', text: '\b' }],
    [{ key: 'ArrowUp' }, { kind: 'key', scancode: 0x48 }],
    [{ key: 'c', ctrlKey: true }, null],
    [{ key: 'Shift' }, null],
    [{ key: 'Tab' }, null], // moves the focus on: no keyboard trap
    [{ key: 'F5' }, null],
    [{ key: 'é' }, null]
  ])('%j → %j', (event, input) => {
    expect(keyInputFor(event)).toEqual(input);
  });
});
