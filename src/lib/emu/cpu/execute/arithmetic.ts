// ADD OR ADC SBB AND SUB XOR CMP in all their forms, TEST, INC, DEC, NEG, NOT.

import { alu16, alu8, ALU_MNEMONICS, CMP, dec16, dec8, inc16, inc8, logic16, logic8, sub16, sub8 } from '../alu';
import { AX } from '../registers';
import { formOf, reg16Named, unsupported, type Family, type HandlerFactory } from './handler';

/** The handler of ALU operation `op` in the form of `entry`. CMP computes flags and stores nothing. */
function aluOperation(op: number): HandlerFactory {
  const store = op !== CMP;
  return (entry) => {
    switch (formOf(entry)) {
      case 'Eb,Gb':
        return (cpu, i) => {
          const r = alu8(cpu, op, cpu.getRm8(i), cpu.getReg8(i.reg));
          if (store) cpu.setRm8(i, r);
        };
      case 'Ew,Gw':
        return (cpu, i) => {
          const r = alu16(cpu, op, cpu.getRm16(i), cpu.words[i.reg]);
          if (store) cpu.setRm16(i, r);
        };
      case 'Gb,Eb':
        return (cpu, i) => {
          const r = alu8(cpu, op, cpu.getReg8(i.reg), cpu.getRm8(i));
          if (store) cpu.setReg8(i.reg, r);
        };
      case 'Gw,Ew':
        return (cpu, i) => {
          const r = alu16(cpu, op, cpu.words[i.reg], cpu.getRm16(i));
          if (store) cpu.words[i.reg] = r;
        };
      case 'AL,Ib':
        return (cpu, i) => {
          const r = alu8(cpu, op, cpu.bytes[0], i.imm);
          if (store) cpu.bytes[0] = r;
        };
      case 'AX,Iw':
        return (cpu, i) => {
          const r = alu16(cpu, op, cpu.words[AX], i.imm);
          if (store) cpu.words[AX] = r;
        };
      case 'Eb,Ib':
        return (cpu, i) => {
          const r = alu8(cpu, op, cpu.getRm8(i), i.imm);
          if (store) cpu.setRm8(i, r);
        };
      case 'Ew,Iw':
      case 'Ew,Ibs': // the decoder has already sign-extended the imm8
        return (cpu, i) => {
          const r = alu16(cpu, op, cpu.getRm16(i), i.imm);
          if (store) cpu.setRm16(i, r);
        };
      default:
        return unsupported(entry);
    }
  };
}

const test: HandlerFactory = (entry) => {
  switch (formOf(entry)) {
    case 'Eb,Gb':
      return (cpu, i) => void logic8(cpu, cpu.getRm8(i) & cpu.getReg8(i.reg));
    case 'Ew,Gw':
      return (cpu, i) => void logic16(cpu, cpu.getRm16(i) & cpu.words[i.reg]);
    case 'Eb,Ib':
      return (cpu, i) => void logic8(cpu, cpu.getRm8(i) & i.imm);
    case 'Ew,Iw':
      return (cpu, i) => void logic16(cpu, cpu.getRm16(i) & i.imm);
    case 'AL,Ib':
      return (cpu, i) => void logic8(cpu, cpu.bytes[0] & i.imm);
    case 'AX,Iw':
      return (cpu, i) => void logic16(cpu, cpu.words[AX] & i.imm);
    default:
      return unsupported(entry);
  }
};

/** INC and DEC: r/m forms (FE, FF) and the one-byte register forms (40–4F). */
function incDec(byte: typeof inc8, word: typeof inc16): HandlerFactory {
  return (entry) => {
    const form = formOf(entry);
    if (form === 'Eb') return (cpu, i) => cpu.setRm8(i, byte(cpu, cpu.getRm8(i)));
    if (form === 'Ew') return (cpu, i) => cpu.setRm16(i, word(cpu, cpu.getRm16(i)));
    const r = reg16Named(form);
    if (r < 0) return unsupported(entry);
    return (cpu) => {
      cpu.words[r] = word(cpu, cpu.words[r]);
    };
  };
}

const neg: HandlerFactory = (entry) =>
  formOf(entry) === 'Eb'
    ? (cpu, i) => cpu.setRm8(i, sub8(cpu, 0, cpu.getRm8(i)))
    : (cpu, i) => cpu.setRm16(i, sub16(cpu, 0, cpu.getRm16(i)));

const not: HandlerFactory = (entry) =>
  formOf(entry) === 'Eb'
    ? (cpu, i) => cpu.setRm8(i, ~cpu.getRm8(i) & 0xff)
    : (cpu, i) => cpu.setRm16(i, ~cpu.getRm16(i) & 0xffff);

export const ARITHMETIC: Family = {
  ...Object.fromEntries(ALU_MNEMONICS.map((mnemonic, op) => [mnemonic, aluOperation(op)])),
  TEST: test,
  INC: incDec(inc8, inc16),
  DEC: incDec(dec8, dec16),
  NEG: neg,
  NOT: not
};
