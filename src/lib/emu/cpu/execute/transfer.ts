// Data movement: MOV in all forms, XCHG, NOP, LEA, LES, LDS, XLATB, LAHF, SAHF, CBW, CWD, and SALC.

import { signExtend8 } from '../alu';
import { AX, BX, DS, DX, ES } from '../registers';
import { CF, normalizeFlags } from '../flags';
import {
  formOf,
  memoryOffset,
  reg16Named,
  reg8Named,
  unsupported,
  type Family,
  type HandlerFactory
} from './handler';

/** The five flags SAHF and LAHF move: SF ZF AF PF CF (bits 7, 6, 4, 2, 0). */
const LOW_STATUS_FLAGS = 0xd5;

const mov: HandlerFactory = (entry) => {
  const form = formOf(entry);
  switch (form) {
    case 'Eb,Gb':
      return (cpu, i) => cpu.setRm8(i, cpu.getReg8(i.reg));
    case 'Ew,Gw':
      return (cpu, i) => cpu.setRm16(i, cpu.words[i.reg]);
    case 'Gb,Eb':
      return (cpu, i) => cpu.setReg8(i.reg, cpu.getRm8(i));
    case 'Gw,Ew':
      return (cpu, i) => {
        cpu.words[i.reg] = cpu.getRm16(i);
      };
    // MOV to and from segment registers decode only the low two bits of reg (8086: reg 4–7 mirror 0–3).
    // MOV CS, r/m (reg 1) really loads CS on the 8086.
    case 'Ew,Sw':
      return (cpu, i) => cpu.setRm16(i, cpu.segs[i.reg & 3]);
    case 'Sw,Ew':
      return (cpu, i) => cpu.setSeg(i.reg & 3, cpu.getRm16(i));
    case 'AL,Ob':
      return (cpu, i) => {
        cpu.bytes[0] = cpu.readByte(i.segment, i.ea);
      };
    case 'AX,Ow':
      return (cpu, i) => {
        cpu.words[AX] = cpu.readWord(i.segment, i.ea);
      };
    case 'Ob,AL':
      return (cpu, i) => cpu.writeByte(i.segment, i.ea, cpu.bytes[0]);
    case 'Ow,AX':
      return (cpu, i) => cpu.writeWord(i.segment, i.ea, cpu.words[AX]);
    case 'Eb,Ib':
      return (cpu, i) => cpu.setRm8(i, i.imm);
    case 'Ew,Iw':
      return (cpu, i) => cpu.setRm16(i, i.imm);
  }
  const [destination, source] = entry.operands;
  if (source === 'Ib' && reg8Named(destination) >= 0) {
    const r = reg8Named(destination);
    return (cpu, i) => cpu.setReg8(r, i.imm);
  }
  if (source === 'Iw' && reg16Named(destination) >= 0) {
    const r = reg16Named(destination);
    return (cpu, i) => {
      cpu.words[r] = i.imm;
    };
  }
  return unsupported(entry);
};

const xchg: HandlerFactory = (entry) => {
  const form = formOf(entry);
  if (form === 'Eb,Gb') {
    return (cpu, i) => {
      const value = cpu.getRm8(i);
      cpu.setRm8(i, cpu.getReg8(i.reg));
      cpu.setReg8(i.reg, value);
    };
  }
  if (form === 'Ew,Gw') {
    return (cpu, i) => {
      const value = cpu.getRm16(i);
      cpu.setRm16(i, cpu.words[i.reg]);
      cpu.words[i.reg] = value;
    };
  }
  const r = reg16Named(entry.operands[1]);
  if (entry.operands[0] !== 'AX' || r < 0) return unsupported(entry);
  return (cpu) => {
    const value = cpu.words[AX];
    cpu.words[AX] = cpu.words[r];
    cpu.words[r] = value;
  };
};

/** LES and LDS: the register gets the word at the address, the segment register the word after it. */
function loadFarPointer(segment: number): HandlerFactory {
  return () => (cpu, i) => {
    const offset = memoryOffset(cpu, i);
    cpu.words[i.reg] = cpu.readWord(i.segment, offset);
    cpu.setSeg(segment, cpu.readWord(i.segment, (offset + 2) & 0xffff));
  };
}

export const TRANSFER: Family = {
  MOV: mov,
  XCHG: xchg,
  NOP: () => () => {},
  LEA: () => (cpu, i) => {
    cpu.words[i.reg] = memoryOffset(cpu, i);
  },
  LES: loadFarPointer(ES),
  LDS: loadFarPointer(DS),
  // XLATB reads DS:[BX + AL]; a segment override prefix applies.
  XLATB: () => (cpu, i) => {
    cpu.bytes[0] = cpu.readByte(i.segment, (cpu.words[BX] + cpu.bytes[0]) & 0xffff);
  },
  LAHF: () => (cpu) => {
    cpu.bytes[1] = cpu.flags & 0xff;
  },
  SAHF: () => (cpu) => {
    cpu.flags = normalizeFlags((cpu.flags & ~LOW_STATUS_FLAGS) | (cpu.bytes[1] & LOW_STATUS_FLAGS));
  },
  CBW: () => (cpu) => {
    cpu.words[AX] = signExtend8(cpu.bytes[0]);
  },
  CWD: () => (cpu) => {
    cpu.words[DX] = cpu.words[AX] & 0x8000 ? 0xffff : 0;
  },
  // SALC (undocumented, D6): AL = FFh if CF else 00h; flags unchanged.
  SALC: () => (cpu) => {
    cpu.bytes[0] = cpu.flags & CF ? 0xff : 0;
  }
};
