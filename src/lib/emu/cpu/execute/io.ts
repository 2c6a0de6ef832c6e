// IN and OUT: the port is an imm8 (0–FFh) or DX (0–FFFFh). Ports no device claims read FFh.

// In VM mode the VM's I/O permission bitmap decides port by port: a set bit exits (IO_INSTRUCTION, or #GP on
// the pre-VT profiles), a clear one lets the access through to the physical port (passthrough).

import { AX, DX } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import { ioExits } from '../vm/controls';
import { EXIT_IO_INSTRUCTION } from '../vm/exits';
import { trapInstruction } from '../vm/vm-mode';

/** Exit if the VM's bitmap claims the port(s); otherwise return and let the access happen. */
function checkPort(cpu: Cpu, i: Instruction, port: number, size: 1 | 2, direction: 'in' | 'out'): void {
  const vm = cpu.vm;
  if (vm === null || !ioExits(vm, port, size)) return;
  const value = direction === 'out' ? (size === 1 ? cpu.bytes[0] : cpu.words[AX]) : undefined;
  trapInstruction(cpu, i, {
    reason: EXIT_IO_INSTRUCTION,
    io: { port, size, direction, immediate: !usesDx(i), ...(value === undefined ? {} : { value }) }
  });
}

/** EC–EF take the port from DX; E4–E7 from an immediate byte. */
function usesDx(i: Instruction): boolean {
  return (i.opcode & 0x08) !== 0;
}

export function inAlIb(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, i.imm, 1, 'in');
  cpu.bytes[0] = cpu.bus.in8(i.imm);
}

export function inAxIb(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, i.imm, 2, 'in');
  cpu.words[AX] = cpu.bus.in16(i.imm);
}

export function inAlDx(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, cpu.words[DX], 1, 'in');
  cpu.bytes[0] = cpu.bus.in8(cpu.words[DX]);
}

export function inAxDx(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, cpu.words[DX], 2, 'in');
  cpu.words[AX] = cpu.bus.in16(cpu.words[DX]);
}

export function outIbAl(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, i.imm, 1, 'out');
  cpu.bus.out8(i.imm, cpu.bytes[0]);
}

export function outIbAx(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, i.imm, 2, 'out');
  cpu.bus.out16(i.imm, cpu.words[AX]);
}

export function outDxAl(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, cpu.words[DX], 1, 'out');
  cpu.bus.out8(cpu.words[DX], cpu.bytes[0]);
}

export function outDxAx(cpu: Cpu, i: Instruction): void {
  checkPort(cpu, i, cpu.words[DX], 2, 'out');
  cpu.bus.out16(cpu.words[DX], cpu.words[AX]);
}
