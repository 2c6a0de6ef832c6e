// Transfers of control: JMP, CALL, RET, RETF, the conditional jumps, LOOP/LOOPE/LOOPNE and JCXZ.

import { CF, OF, PF, SF, ZF } from '../flags';
import { CS, CX, SP, SS } from '../registers';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import { memoryOffset } from './handler';

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

/** Jcc (70–7F, and 60–6F, their aliases on the 8086): i.op is the condition code. */
export function jumpIf(cpu: Cpu, i: Instruction): void {
  if (conditionHolds(cpu.flags, i.op)) cpu.ip = (cpu.ip + i.imm) & 0xffff;
}

/** JMP rel8 / rel16. */
export function jumpRelative(cpu: Cpu, i: Instruction): void {
  cpu.ip = (cpu.ip + i.imm) & 0xffff;
}

function farJump(cpu: Cpu, segment: number, offset: number): void {
  cpu.segs[CS] = segment;
  cpu.ip = offset;
}

export function jumpFarImmediate(cpu: Cpu, i: Instruction): void {
  farJump(cpu, i.imm2, i.imm);
}

export function jumpEw(cpu: Cpu, i: Instruction): void {
  cpu.ip = cpu.getRm16(i);
}

/** FE /4, /5: undefined on the 8086 and untested; jumps to the zero-extended byte. */
export function jumpEb(cpu: Cpu, i: Instruction): void {
  cpu.ip = cpu.getRm8(i);
}

export function jumpFarIndirect(cpu: Cpu, i: Instruction): void {
  const offset = memoryOffset(cpu, i);
  farJump(cpu, cpu.readWord(i.segment, (offset + 2) & 0xffff), cpu.readWord(i.segment, offset));
}

export function callRelative(cpu: Cpu, i: Instruction): void {
  cpu.push(cpu.ip);
  cpu.ip = (cpu.ip + i.imm) & 0xffff;
}

/** Push CS then IP (a far return address), both writes before SP moves. */
function pushFarReturn(cpu: Cpu): void {
  const sp = cpu.words[SP];
  cpu.writeWord(SS, (sp - 2) & 0xffff, cpu.segs[CS]);
  cpu.writeWord(SS, (sp - 4) & 0xffff, cpu.ip);
  cpu.words[SP] = sp - 4;
}

export function callFarImmediate(cpu: Cpu, i: Instruction): void {
  pushFarReturn(cpu);
  farJump(cpu, i.imm2, i.imm);
}

export function callEw(cpu: Cpu, i: Instruction): void {
  const target = cpu.getRm16(i);
  cpu.push(cpu.ip);
  cpu.ip = target;
}

/** FE /2, /3: undefined on the 8086 and untested; calls the zero-extended byte. */
export function callEb(cpu: Cpu, i: Instruction): void {
  const target = cpu.getRm8(i);
  cpu.push(cpu.ip);
  cpu.ip = target;
}

export function callFarIndirect(cpu: Cpu, i: Instruction): void {
  const offset = memoryOffset(cpu, i);
  const targetOffset = cpu.readWord(i.segment, offset);
  const targetSegment = cpu.readWord(i.segment, (offset + 2) & 0xffff);
  pushFarReturn(cpu);
  farJump(cpu, targetSegment, targetOffset);
}

export function returnNear(cpu: Cpu): void {
  cpu.ip = cpu.pop();
}

/** RET imm16: release imm bytes of arguments after popping the return address. */
export function returnNearRelease(cpu: Cpu, i: Instruction): void {
  cpu.ip = cpu.pop();
  cpu.words[SP] = (cpu.words[SP] + i.imm) & 0xffff;
}

/** RETF: both words are read before SP, IP or CS change (a fault on the second leaves everything as it was). */
export function returnFar(cpu: Cpu): void {
  const sp = cpu.words[SP];
  const ip = cpu.readWord(SS, sp);
  const cs = cpu.readWord(SS, (sp + 2) & 0xffff);
  cpu.words[SP] = sp + 4;
  cpu.ip = ip;
  cpu.segs[CS] = cs;
}

export function returnFarRelease(cpu: Cpu, i: Instruction): void {
  returnFar(cpu);
  cpu.words[SP] = (cpu.words[SP] + i.imm) & 0xffff;
}

/** LOOP: CX is decremented first (flags untouched), then the jump is taken while CX != 0. */
export function loop(cpu: Cpu, i: Instruction): void {
  const cx = (cpu.words[CX] - 1) & 0xffff;
  cpu.words[CX] = cx;
  if (cx !== 0) cpu.ip = (cpu.ip + i.imm) & 0xffff;
}

export function loopWhileEqual(cpu: Cpu, i: Instruction): void {
  const cx = (cpu.words[CX] - 1) & 0xffff;
  cpu.words[CX] = cx;
  if (cx !== 0 && (cpu.flags & ZF) !== 0) cpu.ip = (cpu.ip + i.imm) & 0xffff;
}

export function loopWhileNotEqual(cpu: Cpu, i: Instruction): void {
  const cx = (cpu.words[CX] - 1) & 0xffff;
  cpu.words[CX] = cx;
  if (cx !== 0 && (cpu.flags & ZF) === 0) cpu.ip = (cpu.ip + i.imm) & 0xffff;
}

export function jcxz(cpu: Cpu, i: Instruction): void {
  if (cpu.words[CX] === 0) cpu.ip = (cpu.ip + i.imm) & 0xffff;
}
