// Data movement: MOV in all forms, XCHG, LEA, LES, LDS, XLATB, LAHF, SAHF, CBW, CWD, and SALC.

import { signExtend8 } from '../alu';
import { AX, BX, DS, DX, ES } from '../registers';
import { CF, normalizeFlags } from '../flags';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import { memoryOffset } from './handler';

/** The five flags SAHF and LAHF move: SF ZF AF PF CF (bits 7, 6, 4, 2, 0). */
const LOW_STATUS_FLAGS = 0xd5;

export function movEbGb(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, cpu.getReg8(i.reg));
}

export function movEwGw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, cpu.words[i.reg]);
}

export function movGbEb(cpu: Cpu, i: Instruction): void {
  cpu.setReg8(i.reg, cpu.getRm8(i));
}

export function movGwEw(cpu: Cpu, i: Instruction): void {
  cpu.words[i.reg] = cpu.getRm16(i);
}

// MOV to and from segment registers decode only the low two bits of reg (8086: reg 4–7 mirror 0–3).
// MOV CS, r/m (reg 1) really loads CS on the 8086.
export function movEwSw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, cpu.segs[i.reg & 3]);
}

export function movSwEw(cpu: Cpu, i: Instruction): void {
  cpu.setSeg(i.reg & 3, cpu.getRm16(i));
}

/** MOV AL, [moffs] (A0): the decoder turned the direct offset into a memory operand. */
export function movAlOb(cpu: Cpu, i: Instruction): void {
  cpu.bytes[0] = cpu.readByte(i.segment, i.ea);
}

export function movAxOw(cpu: Cpu, i: Instruction): void {
  cpu.words[AX] = cpu.readWord(i.segment, i.ea);
}

export function movObAl(cpu: Cpu, i: Instruction): void {
  cpu.writeByte(i.segment, i.ea, cpu.bytes[0]);
}

export function movOwAx(cpu: Cpu, i: Instruction): void {
  cpu.writeWord(i.segment, i.ea, cpu.words[AX]);
}

export function movEbIb(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, i.imm);
}

export function movEwIw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, i.imm);
}

/** MOV r8, imm8 (B0–B7): i.op is the byte register. */
export function movReg8Ib(cpu: Cpu, i: Instruction): void {
  cpu.setReg8(i.op, i.imm);
}

/** MOV r16, imm16 (B8–BF): i.op is the word register. */
export function movReg16Iw(cpu: Cpu, i: Instruction): void {
  cpu.words[i.op] = i.imm;
}

export function xchgEbGb(cpu: Cpu, i: Instruction): void {
  const value = cpu.getRm8(i);
  cpu.setRm8(i, cpu.getReg8(i.reg));
  cpu.setReg8(i.reg, value);
}

export function xchgEwGw(cpu: Cpu, i: Instruction): void {
  const value = cpu.getRm16(i);
  cpu.setRm16(i, cpu.words[i.reg]);
  cpu.words[i.reg] = value;
}

/** XCHG AX, r16 (91–97): i.op is the register. */
export function xchgAxReg(cpu: Cpu, i: Instruction): void {
  const value = cpu.words[AX];
  cpu.words[AX] = cpu.words[i.op];
  cpu.words[i.op] = value;
}

export function lea(cpu: Cpu, i: Instruction): void {
  cpu.words[i.reg] = memoryOffset(cpu, i);
}

/** LES and LDS: the register gets the word at the address, the segment register the word after it. */
function loadFarPointer(cpu: Cpu, i: Instruction, segment: number): void {
  const offset = memoryOffset(cpu, i);
  const value = cpu.readWord(i.segment, offset);
  const selector = cpu.readWord(i.segment, (offset + 2) & 0xffff);
  cpu.words[i.reg] = value;
  cpu.setSeg(segment, selector);
}

export function les(cpu: Cpu, i: Instruction): void {
  loadFarPointer(cpu, i, ES);
}

export function lds(cpu: Cpu, i: Instruction): void {
  loadFarPointer(cpu, i, DS);
}

/** XLATB reads DS:[BX + AL]; a segment override prefix applies. */
export function xlatb(cpu: Cpu, i: Instruction): void {
  cpu.bytes[0] = cpu.readByte(i.segment, (cpu.words[BX] + cpu.bytes[0]) & 0xffff);
}

export function lahf(cpu: Cpu): void {
  cpu.bytes[1] = cpu.flags & 0xff;
}

export function sahf(cpu: Cpu): void {
  cpu.flags = normalizeFlags((cpu.flags & ~LOW_STATUS_FLAGS) | (cpu.bytes[1] & LOW_STATUS_FLAGS));
}

export function cbw(cpu: Cpu): void {
  cpu.words[AX] = signExtend8(cpu.bytes[0]);
}

export function cwd(cpu: Cpu): void {
  cpu.words[DX] = cpu.words[AX] & 0x8000 ? 0xffff : 0;
}

/** SALC (undocumented, D6): AL = FFh if CF else 00h; flags unchanged. */
export function salc(cpu: Cpu): void {
  cpu.bytes[0] = cpu.flags & CF ? 0xff : 0;
}
