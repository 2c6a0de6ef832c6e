// IN and OUT: the port is an imm8 (0–FFh) or DX (0–FFFFh). Ports no device claims read FFh.

import { AX, DX } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';

export function inAlIb(cpu: Cpu, i: Instruction): void {
  cpu.bytes[0] = cpu.bus.in8(i.imm);
}

export function inAxIb(cpu: Cpu, i: Instruction): void {
  cpu.words[AX] = cpu.bus.in16(i.imm);
}

export function inAlDx(cpu: Cpu): void {
  cpu.bytes[0] = cpu.bus.in8(cpu.words[DX]);
}

export function inAxDx(cpu: Cpu): void {
  cpu.words[AX] = cpu.bus.in16(cpu.words[DX]);
}

export function outIbAl(cpu: Cpu, i: Instruction): void {
  cpu.bus.out8(i.imm, cpu.bytes[0]);
}

export function outIbAx(cpu: Cpu, i: Instruction): void {
  cpu.bus.out16(i.imm, cpu.words[AX]);
}

export function outDxAl(cpu: Cpu): void {
  cpu.bus.out8(cpu.words[DX], cpu.bytes[0]);
}

export function outDxAx(cpu: Cpu): void {
  cpu.bus.out16(cpu.words[DX], cpu.words[AX]);
}
