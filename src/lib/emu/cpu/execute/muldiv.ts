// MUL, IMUL, DIV, IDIV (groups F6/F7 reg 4–7). 8086 specifics, from the hardware-captured tests:
//  * a divide overflow or divide by zero raises INT 0 with the address of the next instruction pushed;
//  * IDIV's quotient must fit in -127..127 (byte) or -32767..32767 (word): the most negative value overflows;
//  * a REP prefix negates the result of IMUL and the quotient of IDIV (the microcode reuses the REP latch as a
//    sign flag; Ken Shirriff, "The 8086's multiplication and division microcode", 2023).

import { CF, OF } from '../flags';
import { signed16, signed8 } from '../alu';
import { AX, DX } from '../registers';
import { VECTOR_DIVIDE_ERROR } from '../traps';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

/** MUL and IMUL set CF and OF together when the high half is significant; SF ZF AF PF are undefined. */
function setMultiplyFlags(cpu: Cpu, significantHigh: boolean): void {
  cpu.flags = (cpu.flags & ~(CF | OF)) | (significantHigh ? CF | OF : 0);
}

function divideError(cpu: Cpu): void {
  cpu.exception(VECTOR_DIVIDE_ERROR);
}

export function mulEb(cpu: Cpu, i: Instruction): void {
  const product = cpu.bytes[0] * cpu.getRm8(i);
  cpu.words[AX] = product;
  setMultiplyFlags(cpu, product > 0xff);
}

export function mulEw(cpu: Cpu, i: Instruction): void {
  const product = cpu.words[AX] * cpu.getRm16(i);
  cpu.words[AX] = product & 0xffff;
  cpu.words[DX] = product >>> 16;
  setMultiplyFlags(cpu, product > 0xffff);
}

export function imulEb(cpu: Cpu, i: Instruction): void {
  let product = signed8(cpu.bytes[0]) * signed8(cpu.getRm8(i));
  if (i.repeat) product = -product;
  cpu.words[AX] = product & 0xffff;
  setMultiplyFlags(cpu, product !== signed8(product & 0xff));
}

export function imulEw(cpu: Cpu, i: Instruction): void {
  let product = signed16(cpu.words[AX]) * signed16(cpu.getRm16(i));
  if (i.repeat) product = -product;
  cpu.words[AX] = product & 0xffff;
  cpu.words[DX] = (product >> 16) & 0xffff;
  setMultiplyFlags(cpu, product !== signed16(product & 0xffff));
}

export function divEb(cpu: Cpu, i: Instruction): void {
  const divisor = cpu.getRm8(i);
  const dividend = cpu.words[AX];
  if (divisor === 0) return divideError(cpu);
  const quotient = Math.floor(dividend / divisor);
  if (quotient > 0xff) return divideError(cpu);
  cpu.bytes[0] = quotient;
  cpu.bytes[1] = dividend % divisor;
}

export function divEw(cpu: Cpu, i: Instruction): void {
  const divisor = cpu.getRm16(i);
  const dividend = cpu.words[DX] * 0x10000 + cpu.words[AX];
  if (divisor === 0) return divideError(cpu);
  const quotient = Math.floor(dividend / divisor);
  if (quotient > 0xffff) return divideError(cpu);
  cpu.words[AX] = quotient;
  cpu.words[DX] = dividend % divisor;
}

/** Results of the last signedDivide (scratch, to return two numbers without allocating). */
let quotient = 0;
let remainder = 0;

/** Signed division as the 8086 does it; returns false (a divide error) when the quotient does not fit. */
function signedDivide(i: Instruction, dividend: number, divisor: number, limit: number): boolean {
  if (divisor === 0) return false;
  quotient = Math.trunc(dividend / divisor);
  remainder = dividend - quotient * divisor; // takes the sign of the dividend
  if (i.repeat) quotient = -quotient;
  return quotient <= limit && quotient >= -limit;
}

export function idivEb(cpu: Cpu, i: Instruction): void {
  if (!signedDivide(i, signed16(cpu.words[AX]), signed8(cpu.getRm8(i)), 0x7f)) return divideError(cpu);
  cpu.bytes[0] = quotient & 0xff;
  cpu.bytes[1] = remainder & 0xff;
}

export function idivEw(cpu: Cpu, i: Instruction): void {
  const dividend = (cpu.words[DX] << 16) | cpu.words[AX];
  if (!signedDivide(i, dividend, signed16(cpu.getRm16(i)), 0x7fff)) return divideError(cpu);
  cpu.words[AX] = quotient & 0xffff;
  cpu.words[DX] = remainder & 0xffff;
}
