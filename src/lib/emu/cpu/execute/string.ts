// String instructions MOVS CMPS STOS LODS SCAS (byte and word) and their REP prefixes.
// Source is DS:SI (a segment override applies), destination ES:DI (never overridden); SI and DI move by the
// element size, down when DF is set. Under REP the instruction repeats while CX != 0 (CX is tested before each
// iteration); CMPS and SCAS also stop when ZF shows a mismatch (REPE/REPZ = F3 repeats while equal,
// REPNE/REPNZ = F2 while not equal; for the others F2 and F3 both just repeat).
// A REP instruction can stop between iterations, with IP left on its first prefix and CX, SI, DI describing
// the work left, so it resumes where it stopped: that is how hardware interrupts and the single-step trap
// interleave with long string operations.

import { sub16, sub8 } from '../alu';
import { DF, ZF } from '../flags';
import { AX, CX, DI, ES, SI } from '../registers';
import { REP } from '../instruction';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import type { Family, Handler } from './handler';

type Element = (cpu: Cpu, i: Instruction, delta: number) => void;

function movsb(cpu: Cpu, i: Instruction, delta: number): void {
  const words = cpu.words;
  cpu.writeByte(ES, words[DI], cpu.readByte(i.segment, words[SI]));
  words[SI] += delta;
  words[DI] += delta;
}

function movsw(cpu: Cpu, i: Instruction, delta: number): void {
  const words = cpu.words;
  cpu.writeWord(ES, words[DI], cpu.readWord(i.segment, words[SI]));
  words[SI] += delta;
  words[DI] += delta;
}

function cmpsb(cpu: Cpu, i: Instruction, delta: number): void {
  const words = cpu.words;
  sub8(cpu, cpu.readByte(i.segment, words[SI]), cpu.readByte(ES, words[DI]));
  words[SI] += delta;
  words[DI] += delta;
}

function cmpsw(cpu: Cpu, i: Instruction, delta: number): void {
  const words = cpu.words;
  sub16(cpu, cpu.readWord(i.segment, words[SI]), cpu.readWord(ES, words[DI]));
  words[SI] += delta;
  words[DI] += delta;
}

function stosb(cpu: Cpu, _i: Instruction, delta: number): void {
  cpu.writeByte(ES, cpu.words[DI], cpu.bytes[0]);
  cpu.words[DI] += delta;
}

function stosw(cpu: Cpu, _i: Instruction, delta: number): void {
  cpu.writeWord(ES, cpu.words[DI], cpu.words[AX]);
  cpu.words[DI] += delta;
}

function lodsb(cpu: Cpu, i: Instruction, delta: number): void {
  cpu.bytes[0] = cpu.readByte(i.segment, cpu.words[SI]);
  cpu.words[SI] += delta;
}

function lodsw(cpu: Cpu, i: Instruction, delta: number): void {
  cpu.words[AX] = cpu.readWord(i.segment, cpu.words[SI]);
  cpu.words[SI] += delta;
}

function scasb(cpu: Cpu, _i: Instruction, delta: number): void {
  sub8(cpu, cpu.bytes[0], cpu.readByte(ES, cpu.words[DI]));
  cpu.words[DI] += delta;
}

function scasw(cpu: Cpu, _i: Instruction, delta: number): void {
  sub16(cpu, cpu.words[AX], cpu.readWord(ES, cpu.words[DI]));
  cpu.words[DI] += delta;
}

/**
 * The handler for a string instruction: once without a prefix, repeated under REP. `size` is the element
 * size (1 or 2); `compares` marks CMPS/SCAS, which also test ZF after each iteration.
 */
function stringInstruction(element: Element, size: number, compares: boolean): Handler {
  return (cpu, i) => {
    const delta = cpu.flags & DF ? -size : size;
    if (i.repeat === 0) {
      element(cpu, i, delta);
      return;
    }
    const words = cpu.words;
    if (words[CX] === 0) return;
    const whileEqual = i.repeat === REP;
    let done = 0;
    for (;;) {
      element(cpu, i, delta);
      done++;
      const cx = (words[CX] - 1) & 0xffff;
      words[CX] = cx;
      if (cx === 0) break;
      if (compares && ((cpu.flags & ZF) !== 0) !== whileEqual) break;
      if (cpu.repShouldPause(done)) {
        cpu.ip = cpu.instructionIp; // resume this instruction, prefixes and all
        break;
      }
    }
    // The step counts one; every further iteration is one more effective instruction.
    cpu.iterations += done - 1;
  };
}

export const STRING: Family = {
  MOVSB: () => stringInstruction(movsb, 1, false),
  MOVSW: () => stringInstruction(movsw, 2, false),
  CMPSB: () => stringInstruction(cmpsb, 1, true),
  CMPSW: () => stringInstruction(cmpsw, 2, true),
  STOSB: () => stringInstruction(stosb, 1, false),
  STOSW: () => stringInstruction(stosw, 2, false),
  LODSB: () => stringInstruction(lodsb, 1, false),
  LODSW: () => stringInstruction(lodsw, 2, false),
  SCASB: () => stringInstruction(scasb, 1, true),
  SCASW: () => stringInstruction(scasw, 2, true)
};
