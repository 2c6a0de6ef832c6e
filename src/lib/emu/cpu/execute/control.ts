// Transfers of control: JMP, CALL, RET, RETF, the conditional jumps, LOOP/LOOPE/LOOPNE and JCXZ.

import { CF, OF, PF, SF, ZF } from '../flags';
import { CS, CX, SP } from '../registers';
import type { Cpu } from '../cpu';
import { formOf, memoryOffset, unsupported, type Family, type HandlerFactory } from './handler';

/**
 * Whether condition `cc` (the low nibble of opcodes 70–7F) holds. Conditions come in pairs: an odd code is the
 * negation of the even one before it (8086 manual, table 4-12).
 */
export function conditionHolds(flags: number, cc: number): boolean {
  let holds: boolean;
  switch (cc >> 1) {
    case 0: // JO
      holds = (flags & OF) !== 0;
      break;
    case 1: // JC / JB
      holds = (flags & CF) !== 0;
      break;
    case 2: // JZ / JE
      holds = (flags & ZF) !== 0;
      break;
    case 3: // JNA / JBE
      holds = (flags & (CF | ZF)) !== 0;
      break;
    case 4: // JS
      holds = (flags & SF) !== 0;
      break;
    case 5: // JPE / JP
      holds = (flags & PF) !== 0;
      break;
    case 6: // JL: SF != OF
      holds = ((flags & SF) !== 0) !== ((flags & OF) !== 0);
      break;
    default: // JNG / JLE: ZF or SF != OF
      holds = (flags & ZF) !== 0 || ((flags & SF) !== 0) !== ((flags & OF) !== 0);
  }
  return (cc & 1) === 0 ? holds : !holds;
}

/** A conditional jump; the condition is the low nibble of the opcode (60–6F alias 70–7F on the 8086). */
const jumpIf: HandlerFactory = (entry) => {
  const cc = entry.opcode & 0x0f;
  return (cpu, i) => {
    if (conditionHolds(cpu.flags, cc)) cpu.ip = (cpu.ip + i.imm) & 0xffff;
  };
};

function farJump(cpu: Cpu, segment: number, offset: number): void {
  cpu.segs[CS] = segment;
  cpu.ip = offset;
}

const jmp: HandlerFactory = (entry) => {
  switch (formOf(entry)) {
    case 'Jb':
    case 'Jw':
      return (cpu, i) => {
        cpu.ip = (cpu.ip + i.imm) & 0xffff;
      };
    case 'Ap':
      return (cpu, i) => farJump(cpu, i.imm2, i.imm);
    case 'Ew':
      return (cpu, i) => {
        cpu.ip = cpu.getRm16(i);
      };
    case 'Eb': // FE /4, /5: undefined on the 8086 and untested; jumps to the zero-extended byte.
      return (cpu, i) => {
        cpu.ip = cpu.getRm8(i);
      };
    case 'Mp':
      return (cpu, i) => {
        const offset = memoryOffset(cpu, i);
        farJump(cpu, cpu.readWord(i.segment, (offset + 2) & 0xffff), cpu.readWord(i.segment, offset));
      };
    default:
      return unsupported(entry);
  }
};

const call: HandlerFactory = (entry) => {
  switch (formOf(entry)) {
    case 'Jw':
      return (cpu, i) => {
        cpu.push(cpu.ip);
        cpu.ip = (cpu.ip + i.imm) & 0xffff;
      };
    case 'Ap':
      return (cpu, i) => {
        cpu.push(cpu.segs[CS]);
        cpu.push(cpu.ip);
        farJump(cpu, i.imm2, i.imm);
      };
    case 'Ew':
      return (cpu, i) => {
        const target = cpu.getRm16(i);
        cpu.push(cpu.ip);
        cpu.ip = target;
      };
    case 'Eb': // FE /2, /3: undefined on the 8086 and untested; calls the zero-extended byte.
      return (cpu, i) => {
        const target = cpu.getRm8(i);
        cpu.push(cpu.ip);
        cpu.ip = target;
      };
    case 'Mp':
      return (cpu, i) => {
        const offset = memoryOffset(cpu, i);
        const targetOffset = cpu.readWord(i.segment, offset);
        const targetSegment = cpu.readWord(i.segment, (offset + 2) & 0xffff);
        cpu.push(cpu.segs[CS]);
        cpu.push(cpu.ip);
        farJump(cpu, targetSegment, targetOffset);
      };
    default:
      return unsupported(entry);
  }
};

/** RET and RETF, optionally releasing imm16 bytes of arguments after popping the return address. */
function returnFrom(far: boolean): HandlerFactory {
  return (entry) => {
    const release = formOf(entry) === 'Iw';
    return (cpu, i) => {
      cpu.ip = cpu.pop();
      if (far) cpu.segs[CS] = cpu.pop();
      if (release) cpu.words[SP] = (cpu.words[SP] + i.imm) & 0xffff;
    };
  };
}

/** LOOP family: CX is decremented first (flags untouched), then the condition decides. */
function loop(condition: (cpu: Cpu) => boolean): HandlerFactory {
  return () => (cpu, i) => {
    const cx = (cpu.words[CX] - 1) & 0xffff;
    cpu.words[CX] = cx;
    if (cx !== 0 && condition(cpu)) cpu.ip = (cpu.ip + i.imm) & 0xffff;
  };
}

const JCC_MNEMONICS = ['JO', 'JNO', 'JC', 'JNC', 'JZ', 'JNZ', 'JNA', 'JA', 'JS', 'JNS', 'JPE', 'JPO', 'JL', 'JNL', 'JNG', 'JG'];

export const CONTROL: Family = {
  ...Object.fromEntries(JCC_MNEMONICS.map((mnemonic) => [mnemonic, jumpIf])),
  JMP: jmp,
  CALL: call,
  RET: returnFrom(false),
  RETF: returnFrom(true),
  LOOP: loop(() => true),
  LOOPE: loop((cpu) => (cpu.flags & ZF) !== 0),
  LOOPNE: loop((cpu) => (cpu.flags & ZF) === 0),
  JCXZ: () => (cpu, i) => {
    if (cpu.words[CX] === 0) cpu.ip = (cpu.ip + i.imm) & 0xffff;
  }
};
