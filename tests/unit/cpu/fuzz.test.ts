// Bounded fuzz (acceptance: "A bounded fuzz test executes at least 1,000,000 random instruction bytes from random
// states: no host exception, every step ends as an executed instruction, an exception vector, or a halt").
// Seeded (mulberry32), so a failure reproduces exactly: the report names the trial and the bytes at CS:IP.
//
// Each trial: random registers and flags, a random interrupt vector table, random code at CS:IP (memory
// elsewhere is random from the start and changes as the guests write to it), then up to STEPS_PER_TRIAL steps.
// Most trials run with TF = IF = 0; one in eight sets TF and/or IF and raises INTR or NMI, so the trap and
// interrupt paths (REP stopping between iterations, HLT woken by an interrupt) are fuzzed too.
import { describe, expect, it } from 'vitest';
import { Instruction, Machine, decodeInto, type ByteSource, type StepResult } from '$lib/emu';
import { hex, mulberry32 } from './harness';

const SEED = 0x8086_2025;
const TARGET_BYTES = 1_000_000;
const STEPS_PER_TRIAL = 32;
const CODE_BYTES = 64;
const MEMORY_SIZE = 1 << 20;
const CS = 1; // index in Cpu.segs (ES CS SS DS)

const TF = 0x100;
const IF = 0x200;
const CAUSES = new Set(['exception', 'software', 'single-step', 'nmi', 'hardware']);

interface FuzzReport {
  bytes: number;
  steps: number;
  trials: number;
  kinds: Record<StepResult['kind'], number>;
  opcodes: Set<number>;
  vectors: Set<number>;
  problems: string[];
}

function fuzz(seed: number, targetBytes: number): FuzzReport {
  const random = mulberry32(seed);
  const byte = () => random() & 0xff;
  const word = () => random() & 0xffff;

  const m = new Machine({ memorySize: MEMORY_SIZE });
  const noise = new Uint8Array(MEMORY_SIZE);
  for (let k = 0; k < noise.length; k++) noise[k] = byte();
  m.memory.load(0, noise);

  const cpu = m.cpu;
  const memory = m.memory.bytes;
  let base = 0;
  let ip = 0;
  // Reads what the CPU will fetch at CS:IP (IP wraps at 64 KiB, the address at 1 MiB), without side effects.
  const source: ByteSource = { byteAt: (offset) => memory[(base + ((ip + offset) & 0xffff)) & 0xfffff] };
  const decoded = new Instruction();

  let pendingVector = 0;
  cpu.interruptController = {
    acknowledge: () => {
      cpu.intr = false;
      return pendingVector;
    }
  };

  const report: FuzzReport = {
    bytes: 0,
    steps: 0,
    trials: 0,
    kinds: { executed: 0, interrupt: 0, halted: 0, exit: 0 },
    opcodes: new Set(),
    vectors: new Set(),
    problems: []
  };
  const problem = (trial: number, step: number, message: string) => {
    const code = Array.from({ length: 8 }, (_, k) => hex(source.byteAt(k), 2)).join(' ');
    report.problems.push(
      `seed ${hex(seed, 8)} trial ${trial} step ${step} at ${hex(cpu.segs[CS])}:${hex(ip)} [${code}]: ${message}`
    );
  };

  while (report.bytes < targetBytes && report.problems.length < 10) {
    const trial = report.trials++;
    const lively = (random() & 7) === 0;
    const flags = lively ? word() : word() & ~(TF | IF);
    m.setRegisters({
      ax: word(),
      bx: word(),
      cx: word(),
      dx: word(),
      si: word(),
      di: word(),
      bp: word(),
      sp: word(),
      cs: word(),
      ds: word(),
      es: word(),
      ss: word(),
      ip: word(),
      flags
    });
    cpu.halted = false;
    cpu.intr = lively && (random() & 1) === 0;
    cpu.nmiPending = lively && (random() & 3) === 0;
    pendingVector = byte();
    for (let k = 0; k < 1024; k++) m.memory.write8(k, byte()); // the interrupt vector table
    const codeBase = cpu.segs[CS] << 4;
    for (let k = 0; k < CODE_BYTES; k++)
      m.memory.write8((codeBase + ((cpu.ip + k) & 0xffff)) & 0xfffff, byte());

    for (let step = 0; step < STEPS_PER_TRIAL; step++) {
      const wasHalted = cpu.halted;
      base = cpu.segs[CS] << 4;
      ip = cpu.ip;
      decodeInto(source, decoded);
      let result: StepResult;
      try {
        result = m.step();
      } catch (error) {
        problem(
          trial,
          step,
          `host exception: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`
        );
        break;
      }
      report.steps++;
      if (!wasHalted) {
        report.bytes += decoded.length;
        report.opcodes.add((decoded.twoByte ? 0x100 : 0) | decoded.opcode);
      }
      const { kind } = result;
      if (kind !== 'executed' && kind !== 'interrupt' && kind !== 'halted') {
        problem(trial, step, `unknown step result ${JSON.stringify(result)}`);
        break;
      }
      report.kinds[kind]++;
      if (result.kind === 'interrupt') {
        if (!Number.isInteger(result.vector) || result.vector < 0 || result.vector > 0xff) {
          problem(trial, step, `vector ${result.vector} out of range`);
        }
        if (!CAUSES.has(result.cause)) problem(trial, step, `unknown cause ${result.cause}`);
        report.vectors.add(result.vector);
      }
      if (kind === 'halted' && !wasHalted && decoded.entry.mnemonic !== 'HLT') {
        problem(trial, step, `halted after ${decoded.entry.mnemonic}, not HLT`);
      }
      if (wasHalted && kind === 'executed') problem(trial, step, 'a halted CPU executed an instruction');
      // The 8086's FLAGS: bits 1 and 12–15 always read 1, bits 3 and 5 always 0; registers stay 16-bit.
      if ((cpu.flags & 0xf02a) !== 0xf002)
        problem(trial, step, `FLAGS ${hex(cpu.flags)} has impossible bits`);
      if (!Number.isInteger(cpu.ip) || cpu.ip < 0 || cpu.ip > 0xffff) problem(trial, step, `IP ${cpu.ip}`);
      if (kind === 'halted') break;
    }
  }
  return report;
}

describe('fuzz: random bytes from random states', () => {
  it(`executes at least ${TARGET_BYTES.toLocaleString('en')} random instruction bytes without a host exception`, () => {
    const report = fuzz(SEED, TARGET_BYTES);
    expect(report.problems).toEqual([]);
    expect(report.bytes).toBeGreaterThanOrEqual(TARGET_BYTES);
    // The run really went everywhere: every one-byte opcode, #UD two-byte ones, all three step kinds, and
    // interrupt vectors from exceptions, INT n, traps and INTR alike.
    // (A prefix shows up as an "opcode" only at the end of a run of more than 15 prefixes, which REP STOSB can
    // leave in memory; 0F counts as its two-byte opcodes.)
    const PREFIXES = [0x26, 0x2e, 0x36, 0x3e, 0xf0, 0xf1, 0xf2, 0xf3];
    const missing = Array.from({ length: 256 }, (_, opcode) => opcode).filter(
      (opcode) => opcode !== 0x0f && !PREFIXES.includes(opcode) && !report.opcodes.has(opcode)
    );
    expect(missing).toEqual([]);
    expect([...report.opcodes].some((opcode) => opcode >= 0x100)).toBe(true);
    expect(report.kinds.executed).toBeGreaterThan(0);
    expect(report.kinds.interrupt).toBeGreaterThan(0);
    expect(report.kinds.halted).toBeGreaterThan(0);
    expect(report.vectors.size).toBe(256);
  });

  it('is deterministic: the same seed gives the same run', () => {
    const a = fuzz(1234, 20_000);
    const b = fuzz(1234, 20_000);
    expect({ ...b, opcodes: [...b.opcodes], vectors: [...b.vectors] }).toEqual({
      ...a,
      opcodes: [...a.opcodes],
      vectors: [...a.vectors]
    });
  });
});
