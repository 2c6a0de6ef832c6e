// ADD OR ADC SBB AND SUB XOR CMP in all their forms (i.op is the operation, 0–7 in ModRM reg order), TEST,
// INC, DEC, NEG, NOT. CMP computes flags and stores nothing.

import { alu16, alu8, CMP, dec16, dec8, inc16, inc8, logic16, logic8, sub16, sub8 } from '../alu';
import { AX } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

export function aluEbGb(cpu: Cpu, i: Instruction): void {
  const r = alu8(cpu, i.op, cpu.getRm8(i), cpu.getReg8(i.reg));
  if (i.op !== CMP) cpu.setRm8(i, r);
}

export function aluEwGw(cpu: Cpu, i: Instruction): void {
  const r = alu16(cpu, i.op, cpu.getRm16(i), cpu.words[i.reg]);
  if (i.op !== CMP) cpu.setRm16(i, r);
}

export function aluGbEb(cpu: Cpu, i: Instruction): void {
  const r = alu8(cpu, i.op, cpu.getReg8(i.reg), cpu.getRm8(i));
  if (i.op !== CMP) cpu.setReg8(i.reg, r);
}

export function aluGwEw(cpu: Cpu, i: Instruction): void {
  const r = alu16(cpu, i.op, cpu.words[i.reg], cpu.getRm16(i));
  if (i.op !== CMP) cpu.words[i.reg] = r;
}

export function aluAlIb(cpu: Cpu, i: Instruction): void {
  const r = alu8(cpu, i.op, cpu.bytes[0], i.imm);
  if (i.op !== CMP) cpu.bytes[0] = r;
}

export function aluAxIw(cpu: Cpu, i: Instruction): void {
  const r = alu16(cpu, i.op, cpu.words[AX], i.imm);
  if (i.op !== CMP) cpu.words[AX] = r;
}

export function aluEbIb(cpu: Cpu, i: Instruction): void {
  const r = alu8(cpu, i.op, cpu.getRm8(i), i.imm);
  if (i.op !== CMP) cpu.setRm8(i, r);
}

/** Ew,Iw and Ew,Ibs (opcode 83: the decoder has already sign-extended the imm8). */
export function aluEwIw(cpu: Cpu, i: Instruction): void {
  const r = alu16(cpu, i.op, cpu.getRm16(i), i.imm);
  if (i.op !== CMP) cpu.setRm16(i, r);
}

export function testEbGb(cpu: Cpu, i: Instruction): void {
  logic8(cpu, cpu.getRm8(i) & cpu.getReg8(i.reg));
}

export function testEwGw(cpu: Cpu, i: Instruction): void {
  logic16(cpu, cpu.getRm16(i) & cpu.words[i.reg]);
}

export function testEbIb(cpu: Cpu, i: Instruction): void {
  logic8(cpu, cpu.getRm8(i) & i.imm);
}

export function testEwIw(cpu: Cpu, i: Instruction): void {
  logic16(cpu, cpu.getRm16(i) & i.imm);
}

export function testAlIb(cpu: Cpu, i: Instruction): void {
  logic8(cpu, cpu.bytes[0] & i.imm);
}

export function testAxIw(cpu: Cpu, i: Instruction): void {
  logic16(cpu, cpu.words[AX] & i.imm);
}

export function incEb(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, inc8(cpu, cpu.getRm8(i)));
}

export function incEw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, inc16(cpu, cpu.getRm16(i)));
}

/** INC r16 (40–47): i.op is the register. */
export function incReg(cpu: Cpu, i: Instruction): void {
  cpu.words[i.op] = inc16(cpu, cpu.words[i.op]);
}

export function decEb(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, dec8(cpu, cpu.getRm8(i)));
}

export function decEw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, dec16(cpu, cpu.getRm16(i)));
}

/** DEC r16 (48–4F): i.op is the register. */
export function decReg(cpu: Cpu, i: Instruction): void {
  cpu.words[i.op] = dec16(cpu, cpu.words[i.op]);
}

export function negEb(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, sub8(cpu, 0, cpu.getRm8(i), 0));
}

export function negEw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, sub16(cpu, 0, cpu.getRm16(i), 0));
}

export function notEb(cpu: Cpu, i: Instruction): void {
  cpu.setRm8(i, ~cpu.getRm8(i) & 0xff);
}

export function notEw(cpu: Cpu, i: Instruction): void {
  cpu.setRm16(i, ~cpu.getRm16(i) & 0xffff);
}
