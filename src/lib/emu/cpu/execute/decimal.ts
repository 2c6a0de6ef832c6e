// Decimal adjusts: DAA DAS AAA AAS AAM AAD. The arithmetic is in ../bcd.ts.

import { aaa, aad, aam, aas, daa, das } from '../bcd';
import { AX } from '../registers';
import { VECTOR_DIVIDE_ERROR } from '../traps';
import type { Family } from './handler';

export const DECIMAL: Family = {
  DAA: () => (cpu) => {
    cpu.bytes[0] = daa(cpu, cpu.bytes[0]);
  },
  DAS: () => (cpu) => {
    cpu.bytes[0] = das(cpu, cpu.bytes[0]);
  },
  AAA: () => (cpu) => {
    cpu.words[AX] = aaa(cpu, cpu.words[AX]);
  },
  AAS: () => (cpu) => {
    cpu.words[AX] = aas(cpu, cpu.words[AX]);
  },
  // AAM divides, so AAM 0 is a divide error (INT 0), like DIV by zero; AX and the flags are left alone.
  AAM: () => (cpu, i) => {
    if (i.imm === 0) {
      cpu.interrupt(VECTOR_DIVIDE_ERROR, 'exception');
      return;
    }
    cpu.words[AX] = aam(cpu, cpu.bytes[0], i.imm);
  },
  AAD: () => (cpu, i) => {
    cpu.words[AX] = aad(cpu, cpu.words[AX], i.imm);
  }
};
