// The editor's hover docs and label completions, generated from the opcode table. Expected flags from the Intel
// 8086 Family User's Manual (instruction set reference): ADD changes OF SF ZF AF PF CF; INC leaves CF alone;
// AND clears OF and CF and leaves AF undefined; MOV changes no flag.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { instructionHover, labelsIn } from '../../../src/lib/ui/editor/language-help';

describe('instruction hover', () => {
  it.each([
    ['add', 'Flags changed: OF SF ZF AF PF CF', null],
    ['inc', 'Flags changed: OF SF ZF AF PF', 'CF'],
    ['and', 'Undefined afterwards: AF', null],
    ['mov', 'Flags: none changed', null]
  ])('%s: %s', (word, expected, absent) => {
    const text = instructionHover(word);
    expect(text).not.toBeNull();
    expect(text).toContain(`**${word.toUpperCase()}**`);
    expect(text).toContain(expected);
    if (absent) expect(text!.split('Flags changed:')[1].split('\n')[0]).not.toContain(absent);
  });

  it('lists the operand forms', () => {
    const text = instructionHover('mov')!;
    expect(text).toContain('mov r/m16, r16');
    expect(text).toContain('mov sreg, r/m16');
  });

  it('knows aliases (JZ is JE) and ignores case', () => {
    expect(instructionHover('JZ')).toContain('**JZ**');
  });

  it('has nothing for registers, labels or directives', () => {
    expect(instructionHover('ax')).toBeNull();
    expect(instructionHover('sum_loop')).toBeNull();
    expect(instructionHover('org')).toBeNull();
  });
});

describe('labels for completion', () => {
  it('finds the labels of the default program', () => {
    expect(labelsIn(readFileSync('static/programs/default.asm', 'utf8'))).toEqual(['sum_loop', 'fact_loop']);
  });

  it('finds local labels and ignores colons in comments and operands', () => {
    expect(labelsIn('start:\n  .next: nop\n  mov ax, [es:bx] ; not: a label\n')).toEqual(['start', '.next']);
  });
});
