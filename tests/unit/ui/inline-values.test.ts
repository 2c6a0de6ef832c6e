// Inline register values in the editor: which registers a line's instruction uses (named and implicit), and how
// their values read.
import { describe, expect, it } from 'vitest';
import type { Registers } from '$lib/emu';
import { formatInlineValues, registersOnLine } from '$lib/ui/editor/inline-values';

describe('registersOnLine', () => {
  it.each([
    ['        add ax, cx      ; AX = AX + CX', ['ax', 'cx']],
    ['sum_loop: add ax, cx', ['ax', 'cx']],
    ['        loop sum_loop   ; CX = CX - 1', ['cx']],
    ['        mul cx', ['cx', 'ax', 'dx']],
    ['        mov al, [bx+si]', ['al', 'bx', 'si']],
    ['        rep movsb', ['si', 'di', 'cx']],
    ['        push bp', ['bp', 'sp']],
    ["        db 'ax', 0", []],
    ['; mov ax, bx', []],
    ['message:', []],
    ['        hlt', []]
  ])('%j uses %j', (line, names) => {
    expect(registersOnLine(line)).toEqual(names);
  });
});

describe('formatInlineValues', () => {
  const regs = { ax: 0x1234, bx: 0x0003, cx: 0x00ff } as Registers;
  it('shows 16-bit registers with four hex digits and 8-bit halves with two', () => {
    expect(formatInlineValues(['ax', 'bx'], regs)).toBe('ax=0x1234 bx=0x0003');
    expect(formatInlineValues(['ah', 'al', 'cl'], regs)).toBe('ah=0x12 al=0x34 cl=0xFF');
  });
});
