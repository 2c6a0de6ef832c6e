// IN and OUT: the port is an imm8 (0–FFh) or DX (0–FFFFh). Ports no device claims read FFh.

import { AX, DX } from '../registers';
import { formOf, unsupported, type Family, type HandlerFactory } from './handler';

const input: HandlerFactory = (entry) => {
  switch (formOf(entry)) {
    case 'AL,Ib':
      return (cpu, i) => {
        cpu.bytes[0] = cpu.bus.in8(i.imm);
      };
    case 'AX,Ib':
      return (cpu, i) => {
        cpu.words[AX] = cpu.bus.in16(i.imm);
      };
    case 'AL,DX':
      return (cpu) => {
        cpu.bytes[0] = cpu.bus.in8(cpu.words[DX]);
      };
    case 'AX,DX':
      return (cpu) => {
        cpu.words[AX] = cpu.bus.in16(cpu.words[DX]);
      };
    default:
      return unsupported(entry);
  }
};

const output: HandlerFactory = (entry) => {
  switch (formOf(entry)) {
    case 'Ib,AL':
      return (cpu, i) => cpu.bus.out8(i.imm, cpu.bytes[0]);
    case 'Ib,AX':
      return (cpu, i) => cpu.bus.out16(i.imm, cpu.words[AX]);
    case 'DX,AL':
      return (cpu) => cpu.bus.out8(cpu.words[DX], cpu.bytes[0]);
    case 'DX,AX':
      return (cpu) => cpu.bus.out16(cpu.words[DX], cpu.words[AX]);
    default:
      return unsupported(entry);
  }
};

export const IO: Family = { IN: input, OUT: output };
