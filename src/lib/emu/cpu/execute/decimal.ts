// Decimal adjusts: DAA DAS AAA AAS AAM AAD. The arithmetic is in ../bcd.ts.

import { aaa, aad, aam, aas, daa, das } from '../bcd';
import { AX } from '../registers';
import { VECTOR_DIVIDE_ERROR } from '../traps';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

export function daaOp(cpu: Cpu): void {
  cpu.bytes[0] = daa(cpu, cpu.bytes[0]);
}

export function dasOp(cpu: Cpu): void {
  cpu.bytes[0] = das(cpu, cpu.bytes[0]);
}

export function aaaOp(cpu: Cpu): void {
  cpu.words[AX] = aaa(cpu, cpu.words[AX]);
}

export function aasOp(cpu: Cpu): void {
  cpu.words[AX] = aas(cpu, cpu.words[AX]);
}

/** AAM divides, so AAM 0 is a divide error (INT 0), like DIV by zero; AX and the flags are left alone. */
export function aamOp(cpu: Cpu, i: Instruction): void {
  if (i.imm === 0) cpu.exception(VECTOR_DIVIDE_ERROR);
  else cpu.words[AX] = aam(cpu, cpu.bytes[0], i.imm);
}

export function aadOp(cpu: Cpu, i: Instruction): void {
  cpu.words[AX] = aad(cpu, cpu.words[AX], i.imm);
}
