// The dispatch table and the executors agree: every opcode-table entry resolves to an executor, and each
// `case N` of the two switches in execute/dispatch.ts calls HANDLERS[N] (checked from the source text, so a
// renumbering that forgets one of the three places fails here, not in a learner's program).

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPCODES, OPCODES_0F, entryFor } from '$lib/emu';
import { HANDLERS, resolve } from '../../../src/lib/emu/cpu/execute/dispatch';

const source = readFileSync(new URL('../../../src/lib/emu/cpu/execute/dispatch.ts', import.meta.url), 'utf8');

/** `case 12: return A.testEbIb(cpu, i);` → [12, 'testEbIb'] */
function casesOf(functionName: string): [number, string][] {
  const start = source.indexOf(`function ${functionName}(`);
  const body = source.slice(start, source.indexOf('\n}\n', start));
  return [...body.matchAll(/case (\d+): return \w+\.(\w+)\(/g)].map((m) => [Number(m[1]), m[2]]);
}

describe('dispatch', () => {
  it('resolves every entry of the opcode table to an executor', () => {
    const unresolved: string[] = [];
    for (const slots of [OPCODES, OPCODES_0F]) {
      for (const slot of slots) {
        for (let reg = 0; reg < 8; reg++) {
          const entry = entryFor(slot, reg);
          try {
            const { handler } = resolve(entry);
            expect(HANDLERS[handler]).toBeTypeOf('function');
          } catch (error) {
            unresolved.push(`${entry.mnemonic} ${entry.operands.join(',')}: ${String(error)}`);
          }
        }
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('executeOther has exactly one case per executor, calling HANDLERS[N]', () => {
    const cases = casesOf('executeOther');
    expect(cases.map(([n]) => n)).toEqual(HANDLERS.map((_, n) => n));
    for (const [n, name] of cases) expect(HANDLERS[n].name, `case ${n}`).toBe(name);
  });

  it('every case of the fast switch calls the same executor as HANDLERS[N]', () => {
    const cases = casesOf('execute');
    expect(cases.length).toBeGreaterThan(10);
    for (const [n, name] of cases) expect(HANDLERS[n].name, `case ${n}`).toBe(name);
  });

  it.each([
    ['ADD Eb,Gb', 0x00, null, 'aluEbGb', 0],
    ['SUB Ew,Ibs', 0x83, 5, 'aluEwIw', 5],
    ['JNZ', 0x75, null, 'jumpIf', 5],
    ['JL alias', 0x6c, null, 'jumpIf', 12],
    ['INC SI', 0x46, null, 'incReg', 6],
    ['MOV BH,Ib', 0xb7, null, 'movReg8Ib', 7],
    ['PUSH DS', 0x1e, null, 'pushSeg', 3],
    ['XCHG AX,DI', 0x97, null, 'xchgAxReg', 7],
    ['SETMOC', 0xd2, 6, 'shiftEbCl', 6],
    ['ES prefix on its own', 0x26, null, 'nothing', 0]
  ])('%s resolves to %s with parameter %i', (_, opcode, reg, name, op) => {
    const resolved = resolve(entryFor(OPCODES[opcode], reg ?? 0));
    expect([HANDLERS[resolved.handler].name, resolved.op]).toEqual([name, op]);
  });
});
