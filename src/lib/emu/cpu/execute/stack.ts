// PUSH and POP in all forms, PUSHF and POPF.

import { normalizeFlags } from '../flags';
import { SP, SS } from '../registers';
import type { Cpu } from '../cpu';
import { formOf, reg16Named, segNamed, unsupported, type Family, type HandlerFactory } from './handler';

const push: HandlerFactory = (entry) => {
  const form = formOf(entry);
  if (form === 'Ew') {
    return (cpu, i) => {
      // PUSH SP (here FF /6 with rm = SP) pushes the decremented SP on the 8086 (the 286 pushes the old one).
      if (!i.memory && i.rm === SP) return pushStackPointer(cpu);
      cpu.push(cpu.getRm16(i));
    };
  }
  // FE /6 and /7 (undefined on the 8086, untested): push the byte operand, zero-extended.
  if (form === 'Eb') return (cpu, i) => cpu.push(cpu.getRm8(i));
  const s = segNamed(form);
  if (s >= 0) return (cpu) => cpu.push(cpu.segs[s]);
  const r = reg16Named(form);
  if (r === SP) return pushStackPointer;
  if (r >= 0) return (cpu) => cpu.push(cpu.words[r]);
  return unsupported(entry);
};

function pushStackPointer(cpu: Cpu): void {
  const sp = (cpu.words[SP] - 2) & 0xffff;
  cpu.words[SP] = sp;
  cpu.writeWord(SS, sp, sp);
}

const pop: HandlerFactory = (entry) => {
  const form = formOf(entry);
  // 8F: the reg field is ignored. The address was computed before SP moved.
  if (form === 'Ew') return (cpu, i) => cpu.setRm16(i, cpu.pop());
  const s = segNamed(form);
  if (s >= 0) return (cpu) => cpu.setSeg(s, cpu.pop());
  const r = reg16Named(form);
  if (r >= 0) {
    return (cpu) => {
      cpu.words[r] = cpu.pop();
    };
  }
  return unsupported(entry);
};

export const STACK: Family = {
  PUSH: push,
  POP: pop,
  PUSHF: () => (cpu) => cpu.push(cpu.flags & 0xffff),
  POPF: () => (cpu) => {
    cpu.flags = normalizeFlags(cpu.pop());
  }
};
