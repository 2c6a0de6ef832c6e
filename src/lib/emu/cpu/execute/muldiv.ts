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
import { formOf, type Family, type Handler, type HandlerFactory } from './handler';

/** MUL and IMUL set CF and OF together when the high half is significant; SF ZF AF PF are undefined. */
function setMultiplyFlags(cpu: Cpu, significantHigh: boolean): void {
  cpu.flags = (cpu.flags & ~(CF | OF)) | (significantHigh ? CF | OF : 0);
}

function divideError(cpu: Cpu): void {
  cpu.interrupt(VECTOR_DIVIDE_ERROR, 'exception');
}

const mulByte: Handler = (cpu, i) => {
  const product = cpu.bytes[0] * cpu.getRm8(i);
  cpu.words[AX] = product;
  setMultiplyFlags(cpu, product > 0xff);
};

const mulWord: Handler = (cpu, i) => {
  const product = cpu.words[AX] * cpu.getRm16(i);
  cpu.words[AX] = product & 0xffff;
  cpu.words[DX] = product >>> 16;
  setMultiplyFlags(cpu, product > 0xffff);
};

const imulByte: Handler = (cpu, i) => {
  let product = signed8(cpu.bytes[0]) * signed8(cpu.getRm8(i));
  if (i.repeat) product = -product;
  cpu.words[AX] = product & 0xffff;
  setMultiplyFlags(cpu, product !== signed8(product & 0xff));
};

const imulWord: Handler = (cpu, i) => {
  let product = signed16(cpu.words[AX]) * signed16(cpu.getRm16(i));
  if (i.repeat) product = -product;
  cpu.words[AX] = product & 0xffff;
  cpu.words[DX] = (product >> 16) & 0xffff;
  setMultiplyFlags(cpu, product !== signed16(product & 0xffff));
};

const divByte: Handler = (cpu, i) => {
  const divisor = cpu.getRm8(i);
  const dividend = cpu.words[AX];
  if (divisor === 0) return divideError(cpu);
  const quotient = Math.floor(dividend / divisor);
  if (quotient > 0xff) return divideError(cpu);
  cpu.bytes[0] = quotient;
  cpu.bytes[1] = dividend % divisor;
};

const divWord: Handler = (cpu, i) => {
  const divisor = cpu.getRm16(i);
  const dividend = cpu.words[DX] * 0x10000 + cpu.words[AX];
  if (divisor === 0) return divideError(cpu);
  const quotient = Math.floor(dividend / divisor);
  if (quotient > 0xffff) return divideError(cpu);
  cpu.words[AX] = quotient;
  cpu.words[DX] = dividend % divisor;
};

function idiv(cpu: Cpu, i: Instruction, dividend: number, divisor: number, limit: number): number[] | null {
  if (divisor === 0) return null;
  let quotient = Math.trunc(dividend / divisor);
  const remainder = dividend - quotient * divisor; // takes the sign of the dividend
  if (i.repeat) quotient = -quotient;
  if (quotient > limit || quotient < -limit) return null;
  return [quotient, remainder];
}

const idivByte: Handler = (cpu, i) => {
  const result = idiv(cpu, i, signed16(cpu.words[AX]), signed8(cpu.getRm8(i)), 0x7f);
  if (!result) return divideError(cpu);
  cpu.bytes[0] = result[0] & 0xff;
  cpu.bytes[1] = result[1] & 0xff;
};

const idivWord: Handler = (cpu, i) => {
  const dividend = (cpu.words[DX] << 16) | cpu.words[AX];
  const result = idiv(cpu, i, dividend, signed16(cpu.getRm16(i)), 0x7fff);
  if (!result) return divideError(cpu);
  cpu.words[AX] = result[0] & 0xffff;
  cpu.words[DX] = result[1] & 0xffff;
};

const byWidth =
  (byte: Handler, word: Handler): HandlerFactory =>
  (entry) =>
    formOf(entry) === 'Eb' ? byte : word;

export const MULDIV: Family = {
  MUL: byWidth(mulByte, mulWord),
  IMUL: byWidth(imulByte, imulWord),
  DIV: byWidth(divByte, divWord),
  IDIV: byWidth(idivByte, idivWord)
};
