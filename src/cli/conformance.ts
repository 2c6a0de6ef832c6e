// Runs the hardware-captured SingleStepTests 8086 suite (../shared/conformance/README.md) against our CPU:
// load each test's initial state, execute one instruction, compare registers (undefined flags masked per
// metadata.json), every byte of final RAM, and that nothing was written outside it.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  Cpu,
  PhysicalMemory,
  PortMap,
  SystemBus,
  REGISTER_KEYS,
  VECTOR_DIVIDE_ERROR,
  type Bus,
  type PagingConfig,
  type PagingUnit,
  type Registers
} from '$lib/emu';

export interface ConformanceTest {
  name: string;
  bytes: number[];
  initial: { regs: Registers; ram: [number, number][] };
  final: { regs: Partial<Registers>; ram: [number, number][] };
  test_hash: string;
  test_num: number;
}

interface OpcodeMetadata {
  status?: string;
  'flags-mask'?: number;
  reg?: Record<string, OpcodeMetadata>;
}

export interface Metadata {
  opcodes: Record<string, OpcodeMetadata>;
}

export interface TestFailure {
  file: string;
  name: string;
  bytes: number[];
  testNum: number;
  differences: string[];
}

export interface FileResult {
  file: string;
  passed: number;
  failures: TestFailure[];
}

/** A bus that remembers every address written, to catch writes the hardware did not make. */
class RecordingBus implements Bus {
  readonly written = new Set<number>();
  readonly memory: PhysicalMemory;
  readonly paging: PagingUnit;
  constructor(private readonly inner: SystemBus) {
    this.memory = inner.memory;
    this.paging = inner.paging;
  }
  linearMask(): number {
    return this.inner.linearMask();
  }
  setLinearMask(mask: number): void {
    this.inner.setLinearMask(mask);
  }
  configurePaging(config: PagingConfig | null): void {
    this.inner.configurePaging(config);
  }
  fetchAddress(address: number): number {
    return this.inner.fetchAddress(address);
  }
  read8(address: number): number {
    return this.inner.read8(address);
  }
  write8(address: number, value: number): void {
    this.written.add(address & this.inner.addressMask);
    this.inner.write8(address, value);
  }
  read16(address: number): number {
    return this.read8(address) | (this.read8(address + 1) << 8);
  }
  write16(address: number, value: number): void {
    this.write8(address, value & 0xff);
    this.write8(address + 1, value >> 8);
  }
  span(address: number, length: number, forWrite: boolean): Uint8Array | null {
    const view = this.inner.span(address, length, forWrite);
    if (view && forWrite) {
      for (let k = 0; k < length; k++) this.written.add((address + k) & this.inner.addressMask);
    }
    return view;
  }
  peek8(address: number): number {
    return this.inner.peek8(address);
  }
  in8(port: number): number {
    return this.inner.in8(port);
  }
  in16(port: number): number {
    return this.inner.in16(port);
  }
  out8(port: number, value: number): void {
    this.inner.out8(port, value);
  }
  out16(port: number, value: number): void {
    this.inner.out16(port, value);
  }
}

export function readMetadata(dir: string): Metadata {
  return JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8')) as Metadata;
}

/** Test files of the suite in opcode order, optionally only those whose name starts with `filter` (e.g. F6, F6.7). */
export function listTestFiles(dir: string, filter?: string): string[] {
  const wanted = filter?.toUpperCase();
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json.gz'))
    .filter((name) => !wanted || name.toUpperCase().startsWith(wanted + '.') || name.toUpperCase() === wanted)
    .sort();
}

/** The flags mask for a file: "81.4.json.gz" → opcodes["81"].reg["4"]["flags-mask"]; 0xFFFF when none. */
export function flagsMaskFor(metadata: Metadata, file: string): number {
  const [opcode, maybeReg] = file.replace('.json.gz', '').split('.');
  let entry = metadata.opcodes[opcode.toUpperCase()];
  if (entry?.reg && maybeReg !== undefined) entry = entry.reg[maybeReg];
  return entry?.['flags-mask'] ?? 0xffff;
}

const hex = (value: number, digits: number) => value.toString(16).toUpperCase().padStart(digits, '0');

/** One conformance runner: a CPU on 1 MiB of memory that is cleaned between tests. */
export class ConformanceRunner {
  private readonly memory = new PhysicalMemory(1 << 20);
  private readonly systemBus = new SystemBus(this.memory, new PortMap());
  private readonly bus = new RecordingBus(this.systemBus);
  private readonly cpu = new Cpu(this.bus);

  /** Run one test; returns the list of differences (empty when it passes). */
  run(test: ConformanceTest, flagsMask: number): string[] {
    const { cpu, memory, bus } = this;
    const touched: number[] = [];
    for (const [address, value] of test.initial.ram) {
      memory.write8(address, value);
      touched.push(address);
    }
    cpu.reset();
    const regs = test.initial.regs;
    cpu.words.set([regs.ax, regs.cx, regs.dx, regs.bx, regs.sp, regs.bp, regs.si, regs.di]);
    cpu.segs.set([regs.es, regs.cs, regs.ss, regs.ds]);
    cpu.ip = regs.ip;
    cpu.flags = regs.flags;
    bus.written.clear();

    cpu.step();

    const differences: string[] = [];
    const expected: Registers = { ...test.initial.regs, ...test.final.regs };
    const actual: Registers = {
      ax: cpu.words[0],
      cx: cpu.words[1],
      dx: cpu.words[2],
      bx: cpu.words[3],
      sp: cpu.words[4],
      bp: cpu.words[5],
      si: cpu.words[6],
      di: cpu.words[7],
      es: cpu.segs[0],
      cs: cpu.segs[1],
      ss: cpu.segs[2],
      ds: cpu.segs[3],
      ip: cpu.ip,
      flags: cpu.flags
    };
    for (const key of REGISTER_KEYS) {
      const mask = key === 'flags' ? flagsMask : 0xffff;
      if ((actual[key] & mask) !== (expected[key] & mask)) {
        differences.push(`${key}: expected ${hex(expected[key], 4)}, got ${hex(actual[key], 4)}`);
      }
    }

    // After a divide error the FLAGS image pushed at SS:SP+4 holds the undefined flags: mask those two bytes.
    const maskedBytes = new Map<number, number>();
    if (cpu.lastVector === VECTOR_DIVIDE_ERROR && cpu.lastCause === 'exception') {
      const flagsAt = (offset: number) => ((expected.ss << 4) + ((expected.sp + offset) & 0xffff)) & 0xfffff;
      maskedBytes.set(flagsAt(4), flagsMask & 0xff);
      maskedBytes.set(flagsAt(5), flagsMask >> 8);
    }
    const finalAddresses = new Set<number>();
    for (const [address, value] of test.final.ram) {
      finalAddresses.add(address);
      const mask = maskedBytes.get(address) ?? 0xff;
      const got = memory.bytes[address];
      if ((got & mask) !== (value & mask)) {
        differences.push(`ram[${hex(address, 5)}]: expected ${hex(value, 2)}, got ${hex(got, 2)}`);
      }
    }
    for (const address of bus.written) {
      if (!finalAddresses.has(address)) {
        differences.push(
          `ram[${hex(address, 5)}]: written (${hex(memory.bytes[address], 2)}) but the hardware did not write it`
        );
      }
      touched.push(address);
    }
    for (const address of touched) memory.write8(address, 0);
    return differences;
  }
}

export function readTests(dir: string, file: string): ConformanceTest[] {
  return JSON.parse(gunzipSync(readFileSync(join(dir, file))).toString('utf8')) as ConformanceTest[];
}

export function runFile(
  dir: string,
  file: string,
  metadata: Metadata,
  runner = new ConformanceRunner()
): FileResult {
  const mask = flagsMaskFor(metadata, file);
  const result: FileResult = { file, passed: 0, failures: [] };
  for (const test of readTests(dir, file)) {
    const differences = runner.run(test, mask);
    if (differences.length === 0) result.passed++;
    else
      result.failures.push({ file, name: test.name, bytes: test.bytes, testNum: test.test_num, differences });
  }
  return result;
}

export function formatFailure(failure: TestFailure): string {
  const bytes = failure.bytes.map((b) => hex(b, 2)).join(' ');
  return [
    `FAIL ${failure.file} #${failure.testNum}: ${failure.name}  [${bytes}]`,
    ...failure.differences.map((d) => `    ${d}`)
  ].join('\n');
}
