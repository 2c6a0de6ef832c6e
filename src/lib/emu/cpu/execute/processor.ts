// Interrupts and processor control: INT, INT3, INTO, IRET, HLT, the flag instructions, WAIT, ESC, and the
// undefined two-byte opcodes. Prefixes decode as part of the next instruction; their own handler runs only
// for an over-long run of prefixes (see decoder.ts, MAX_PREFIXES), and does nothing.

import { CF, DF, IF, normalizeFlags, OF } from '../flags';
import { CS } from '../registers';
import {
  OUTCOME_HALTED,
  SHADOW_INTR,
  VECTOR_BREAKPOINT,
  VECTOR_INVALID_OPCODE,
  VECTOR_OVERFLOW
} from '../traps';
import type { Family, Handler } from './handler';

const nothing: Handler = () => {};

export const PROCESSOR: Family = {
  INT: () => (cpu, i) => cpu.interrupt(i.imm, 'software'),
  INT3: () => (cpu) => cpu.interrupt(VECTOR_BREAKPOINT, 'software'),
  INTO: () => (cpu) => {
    if (cpu.flags & OF) cpu.interrupt(VECTOR_OVERFLOW, 'software');
  },
  IRET: () => (cpu) => {
    cpu.ip = cpu.pop();
    cpu.segs[CS] = cpu.pop();
    cpu.flags = normalizeFlags(cpu.pop());
  },
  // HLT: IP already points past it, so the interrupt that wakes the CPU returns to the next instruction.
  HLT: () => (cpu) => {
    cpu.halted = true;
    cpu.outcome = OUTCOME_HALTED;
  },
  CMC: () => (cpu) => {
    cpu.flags ^= CF;
  },
  CLC: () => (cpu) => {
    cpu.flags &= ~CF;
  },
  STC: () => (cpu) => {
    cpu.flags |= CF;
  },
  CLI: () => (cpu) => {
    cpu.flags &= ~IF;
  },
  // STI: interrupts are recognised only after the next instruction, so `sti; hlt` or `sti; ret` is atomic.
  STI: () => (cpu) => {
    cpu.flags |= IF;
    cpu.interruptShadow = SHADOW_INTR;
  },
  CLD: () => (cpu) => {
    cpu.flags &= ~DF;
  },
  STD: () => (cpu) => {
    cpu.flags |= DF;
  },
  // WAIT tests the TEST pin, which nothing drives low here: it never waits.
  WAIT: () => nothing,
  // ESC hands an instruction to an 8087. Without one, only the memory operand is read (and discarded).
  ESC: () => (cpu, i) => {
    if (i.memory) cpu.readWord(i.segment, i.ea);
  },
  ES: () => nothing,
  CS: () => nothing,
  SS: () => nothing,
  DS: () => nothing,
  LOCK: () => nothing,
  REP: () => nothing,
  REPNE: () => nothing,
  '(0F)': () => nothing,
  // An undefined 0F xx: #UD (INT 6), with the address of the faulting instruction pushed, as on the 186+.
  '(#UD)': () => (cpu) => {
    cpu.ip = cpu.instructionIp;
    cpu.interrupt(VECTOR_INVALID_OPCODE, 'exception');
  }
};

