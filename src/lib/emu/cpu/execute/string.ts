// String instructions MOVS CMPS STOS LODS SCAS (byte and word) and their REP prefixes.
// Source is DS:SI (a segment override applies), destination ES:DI (never overridden); SI and DI move by the
// element size, down when DF is set. Under REP the instruction repeats while CX != 0 (CX is tested before each
// iteration); CMPS and SCAS also stop when ZF shows a mismatch (REPE/REPZ = F3 repeats while equal,
// REPNE/REPNZ = F2 while not equal; for the others F2 and F3 both just repeat).
// A REP instruction can stop between iterations, with IP left on its first prefix and CX, SI, DI describing
// the work left, so it resumes where it stopped: that is how hardware interrupts, the single-step trap and
// the run budget interleave with long string operations.

import { sub16, sub8 } from '../alu';
import { DF, IF, TF, ZF } from '../flags';
import { AX, CX, DI, ES, SI } from '../registers';
import { REP } from '../instruction';
import type { Cpu } from '../cpu';
import type { Instruction } from '../instruction';
import {
  bulkChunk,
  compareElements,
  copyElements,
  elementRun,
  elementSpan,
  fillElements
} from './string-bulk';

/**
 * How many iterations a REP instruction may run in this step before looking up: all of CX, unless the run
 * budget ends sooner, or something must happen at the next boundary (an interrupt, the single-step trap,
 * stepping by iteration), in which case one.
 */
function iterationsThisStep(cpu: Cpu, cx: number): number {
  if (cpu.repOneIterationPerStep || cpu.flags & TF || cpu.nmiPending || (cpu.intr && cpu.flags & IF))
    return 1;
  const budget = cpu.iterationBudget - cpu.iterationsThisRun;
  return budget >= cx ? cx : budget > 1 ? budget : 1;
}

// The REP loops below keep SI, DI and the count in locals and store them in a `finally`: if an element's access
// faults (paging), the registers describe exactly the iterations that completed, and the instruction, restarted
// from its first prefix, goes on from there (as a 386 resumes a faulted REP). They work in chunks: as many
// elements as can be done in bulk on a direct view of memory (string-bulk.ts), then element by element where
// that is not possible (a page boundary under paging, a wrap at the end of the segment, a short count).

function direction(cpu: Cpu, size: number): number {
  return cpu.flags & DF ? -size : size;
}

/** MOVSB / MOVSW: copy elements from DS:SI to ES:DI. */
function moveString(cpu: Cpu, i: Instruction, size: 1 | 2): void {
  const words = cpu.words;
  const delta = direction(cpu, size);
  let si = words[SI];
  let di = words[DI];
  if (i.repeat === 0) {
    if (size === 1) cpu.writeByte(ES, di, cpu.readByte(i.segment, si));
    else cpu.writeWord(ES, di, cpu.readWord(i.segment, si));
    words[SI] = si + delta;
    words[DI] = di + delta;
    return;
  }
  const cx = words[CX];
  if (cx === 0) return;
  const n = iterationsThisStep(cpu, cx);
  const down = delta < 0;
  let done = 0;
  try {
    while (done < n) {
      const chunk = bulkChunk(cpu, n - done, size, down, i.segment, si, ES, di);
      const source = chunk > 0 ? elementSpan(cpu, i.segment, si, chunk, size, down, false) : null;
      const destination = source && elementSpan(cpu, ES, di, chunk, size, down, true);
      if (source && destination) {
        copyElements(destination, source, chunk, size, down);
        cpu.bus.paging.countHits(2 * chunk - 2);
        si = (si + chunk * delta) & 0xffff;
        di = (di + chunk * delta) & 0xffff;
        done += chunk;
        continue;
      }
      // Element by element up to where a bulk chunk may start again (a page boundary, or the end).
      for (let k = elementRun(cpu, chunk, n - done); k > 0 && done < n; k--, done++) {
        if (size === 1) cpu.writeByte(ES, di, cpu.readByte(i.segment, si));
        else cpu.writeWord(ES, di, cpu.readWord(i.segment, si));
        si = (si + delta) & 0xffff;
        di = (di + delta) & 0xffff;
      }
    }
  } catch (signal) {
    cpu.repAbandoned = true; // see Cpu.run: the completed iterations are counted in full when the fault exits
    throw signal;
  } finally {
    words[SI] = si;
    words[DI] = di;
    words[CX] = cx - done;
    cpu.iterationsThisRun += done - 1;
  }
  if (cx - n !== 0) cpu.ip = cpu.instructionStart(i);
}

/** STOSB / STOSW: store AL or AX at ES:DI. */
function storeString(cpu: Cpu, i: Instruction, size: 1 | 2): void {
  const words = cpu.words;
  const delta = direction(cpu, size);
  const value = size === 1 ? cpu.bytes[0] : words[AX];
  let di = words[DI];
  if (i.repeat === 0) {
    if (size === 1) cpu.writeByte(ES, di, value);
    else cpu.writeWord(ES, di, value);
    words[DI] = di + delta;
    return;
  }
  const cx = words[CX];
  if (cx === 0) return;
  const n = iterationsThisStep(cpu, cx);
  const down = delta < 0;
  let done = 0;
  try {
    while (done < n) {
      const chunk = bulkChunk(cpu, n - done, size, down, ES, di, ES, di);
      const destination = chunk > 0 ? elementSpan(cpu, ES, di, chunk, size, down, true) : null;
      if (destination) {
        fillElements(destination, value, size);
        cpu.bus.paging.countHits(chunk - 1);
        di = (di + chunk * delta) & 0xffff;
        done += chunk;
        continue;
      }
      for (let k = elementRun(cpu, chunk, n - done); k > 0 && done < n; k--, done++) {
        if (size === 1) cpu.writeByte(ES, di, value);
        else cpu.writeWord(ES, di, value);
        di = (di + delta) & 0xffff;
      }
    }
  } catch (signal) {
    cpu.repAbandoned = true; // see Cpu.run: the completed iterations are counted in full when the fault exits
    throw signal;
  } finally {
    words[DI] = di;
    words[CX] = cx - done;
    cpu.iterationsThisRun += done - 1;
  }
  if (cx - n !== 0) cpu.ip = cpu.instructionStart(i);
}

/** LODSB / LODSW: load AL or AX from DS:SI (under REP, every element is read and the last one stays). */
function loadString(cpu: Cpu, i: Instruction, size: 1 | 2): void {
  const words = cpu.words;
  const delta = direction(cpu, size);
  let si = words[SI];
  const cx = words[CX];
  if (i.repeat !== 0 && cx === 0) return;
  if (i.repeat === 0) {
    if (size === 1) cpu.bytes[0] = cpu.readByte(i.segment, si);
    else words[AX] = cpu.readWord(i.segment, si);
    words[SI] = si + delta;
    return;
  }
  const n = iterationsThisStep(cpu, cx);
  let done = 0;
  try {
    for (; done < n; done++) {
      if (size === 1) cpu.bytes[0] = cpu.readByte(i.segment, si);
      else words[AX] = cpu.readWord(i.segment, si);
      si = (si + delta) & 0xffff;
    }
  } catch (signal) {
    cpu.repAbandoned = true; // see Cpu.run: the completed iterations are counted in full when the fault exits
    throw signal;
  } finally {
    words[SI] = si;
    words[CX] = cx - done;
    cpu.iterationsThisRun += done - 1;
  }
  if (cx - n !== 0) cpu.ip = cpu.instructionStart(i);
}

/** One comparison of CMPS (left = DS:SI) or SCAS (left = the accumulator) with ES:DI; flags as for SUB. */
function compareOnce(
  cpu: Cpu,
  i: Instruction,
  size: 1 | 2,
  withAccumulator: boolean,
  si: number,
  di: number
): void {
  if (size === 1) {
    sub8(cpu, withAccumulator ? cpu.bytes[0] : cpu.readByte(i.segment, si), cpu.readByte(ES, di), 0);
  } else {
    sub16(cpu, withAccumulator ? cpu.words[AX] : cpu.readWord(i.segment, si), cpu.readWord(ES, di), 0);
  }
}

/**
 * CMPSB / CMPSW (compare DS:SI with ES:DI) and SCASB / SCASW (compare AL or AX with ES:DI): flags as for
 * SUB. Under REPE the repetition ends at the first difference, under REPNE at the first match.
 */
function compareString(cpu: Cpu, i: Instruction, size: 1 | 2, withAccumulator: boolean): void {
  const words = cpu.words;
  const delta = direction(cpu, size);
  const step = withAccumulator ? 0 : delta; // SCAS leaves SI alone
  let si = words[SI];
  let di = words[DI];
  if (i.repeat === 0) {
    compareOnce(cpu, i, size, withAccumulator, si, di);
    words[SI] = si + step;
    words[DI] = di + delta;
    return;
  }
  const cx = words[CX];
  if (cx === 0) return;
  const n = iterationsThisStep(cpu, cx);
  const whileEqual = i.repeat === REP;
  const down = delta < 0;
  const accumulator = size === 1 ? cpu.bytes[0] : words[AX];
  let done = 0;
  let mismatch = false;
  try {
    while (done < n && !mismatch) {
      const chunk = bulkChunk(cpu, n - done, size, down, i.segment, si, ES, di);
      const right = chunk > 0 ? elementSpan(cpu, ES, di, chunk, size, down, false) : null;
      const left =
        right && !withAccumulator ? elementSpan(cpu, i.segment, si, chunk, size, down, false) : null;
      if (right && (withAccumulator || left)) {
        const compared = compareElements(cpu, right, left, accumulator, chunk, size, down, whileEqual);
        cpu.bus.paging.countHits((withAccumulator ? 1 : 2) * compared - (withAccumulator ? 1 : 2));
        si = (si + compared * step) & 0xffff;
        di = (di + compared * delta) & 0xffff;
        done += compared;
        mismatch = ((cpu.flags & ZF) !== 0) !== whileEqual;
        continue;
      }
      for (let k = elementRun(cpu, chunk, n - done); k > 0 && done < n && !mismatch; k--) {
        compareOnce(cpu, i, size, withAccumulator, si, di);
        si = (si + step) & 0xffff;
        di = (di + delta) & 0xffff;
        done++;
        mismatch = ((cpu.flags & ZF) !== 0) !== whileEqual;
      }
    }
  } catch (signal) {
    cpu.repAbandoned = true; // see Cpu.run: the completed iterations are counted in full when the fault exits
    throw signal;
  } finally {
    words[SI] = si;
    words[DI] = di;
    words[CX] = cx - done;
    cpu.iterationsThisRun += done - 1;
  }
  if (cx - done !== 0 && !mismatch) cpu.ip = cpu.instructionStart(i);
}

export const movsb = (cpu: Cpu, i: Instruction) => moveString(cpu, i, 1);
export const movsw = (cpu: Cpu, i: Instruction) => moveString(cpu, i, 2);
export const stosb = (cpu: Cpu, i: Instruction) => storeString(cpu, i, 1);
export const stosw = (cpu: Cpu, i: Instruction) => storeString(cpu, i, 2);
export const lodsb = (cpu: Cpu, i: Instruction) => loadString(cpu, i, 1);
export const lodsw = (cpu: Cpu, i: Instruction) => loadString(cpu, i, 2);
export const cmpsb = (cpu: Cpu, i: Instruction) => compareString(cpu, i, 1, false);
export const cmpsw = (cpu: Cpu, i: Instruction) => compareString(cpu, i, 2, false);
export const scasb = (cpu: Cpu, i: Instruction) => compareString(cpu, i, 1, true);
export const scasw = (cpu: Cpu, i: Instruction) => compareString(cpu, i, 2, true);
