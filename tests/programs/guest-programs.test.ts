// The guest programs of issue 5 that run alone: guest-kernel (its own page tables, a timer-driven task switch),
// pv-hypercall (finds the hypervisor with VMCALL, or #UD on bare hardware) and ata-writer (ATA-lite PIO). Each
// runs on the bare machine with its PC board and under the hypervisor, and must reach the outcome its header
// works out by hand: `; expect:` lines, and tagged ones (`; expect-vm:`, `; expect-nodisk:`, `; console-vm:`)
// where the outcome depends on where it runs. The equivalence matrix (vm-equivalence.test.ts) also compares
// guest-kernel and ata-writer bare and virtualized; pv-hypercall is left out of it by its header.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assemble,
  exitReasons,
  Hypervisor,
  Machine,
  PAGING_MODES,
  PROFILE_NAMES,
  type PagingMode,
  type ProfileName
} from '$lib/emu';
import { hex16 } from './program-header';
import { peekWord, segmentOffset } from './memory-header';
import {
  actual,
  guestWord,
  headerText,
  PROGRAM_DIR,
  readProgram,
  startCom,
  stated,
  taggedMemory,
  taggedOutcome
} from './guest-run';
import { NASM } from './nasm';

const NEW_PROGRAMS = ['guest-kernel', 'pv-hypercall', 'ata-writer', 'vm-ping', 'vm/noisy-neighbour'];
const EQUIVALENCE_PROFILES: ProfileName[] = ['Strict-P&G', 'HW-assist'];
const MATRIX = EQUIVALENCE_PROFILES.flatMap((profile) =>
  PAGING_MODES.map((paging) => [profile, paging] as [ProfileName, PagingMode])
);

/** A bare machine with its PC board (and this disk image), the .com loaded and run to the end. */
function runBare(image: Uint8Array, diskImage?: Uint8Array): Machine {
  const machine = new Machine({ board: diskImage ? { diskImage } : true });
  machine.loadCom(image);
  expect(machine.run(2_000_000).stop).toBe('halt');
  return machine;
}

function runGuest(image: Uint8Array, profile: ProfileName, paging: PagingMode, diskImage?: Uint8Array) {
  const hv = new Hypervisor();
  const vm = hv.addVm({ profile, paging, diskImage });
  startCom(hv, vm, image);
  hv.run(2_000_000);
  expect(vm.stopReason).toBe('halt');
  return { hv, vm, registers: hv.guestRegisters(vm) };
}

describe.each(NEW_PROGRAMS)('%s.com', (name) => {
  const { source, image } = readProgram(name);

  it.skipIf(!NASM)('is what nasm -f bin builds from the .asm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-nasm-'));
    try {
      const out = join(dir, 'out.com');
      execFileSync('nasm', ['-f', 'bin', join(PROGRAM_DIR, `${name}.asm`), '-o', out]);
      expect(Buffer.from(readFileSync(out)).toString('hex')).toBe(Buffer.from(image).toString('hex'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is what our assembler builds from the .asm', () => {
    const result = assemble(source, { fileName: `${name}.asm` });
    expect(result.diagnostics).toEqual([]);
    expect(Buffer.from(result.image).toString('hex')).toBe(Buffer.from(image).toString('hex'));
  });
});

describe('guest-kernel: two tasks, two page directories, a task switch on every timer tick', () => {
  const { source, image } = readProgram('guest-kernel');
  const outcome = taggedOutcome(source);
  const memory = taggedMemory(source);

  it('bare: the registers and the words its header works out', () => {
    const machine = runBare(image);
    expect(actual(machine.registers(), outcome)).toEqual(stated(outcome));
    expect(memory.map((w) => [segmentOffset(w), hex16(peekWord(machine, w.segment, w.offset))])).toEqual(
      memory.map((w) => [segmentOffset(w), hex16(w.value)])
    );
  });

  // Ticks 11, switches 10 (header): one CR3 load before paging is on plus one per switch; one CR0 load; a HLT
  // at the end of each of the 11 slices and the final one; one reflected IRQ0 per tick.
  const TICKS = outcome.registers.cx!;
  const SWITCHES = outcome.registers.dx!;
  it.each(MATRIX)(
    '%s, paging %s: the same outcome, and exits as the header counts them',
    (profile, paging) => {
      const { vm, registers } = runGuest(image, profile, paging);
      expect(actual(registers, outcome)).toEqual(stated(outcome));
      expect(memory.map((w) => [segmentOffset(w), guestWord(vm, w)])).toEqual(
        memory.map((w) => [segmentOffset(w), hex16(w.value)])
      );
      const counters = vm.counters;
      expect(counters.interruptsInjected).toBe(TICKS);
      expect(counters.exits[exitReasons.EXIT_HLT]).toBe(TICKS + 1);
      const native = profile === 'HW-assist' && paging === 'nested'; // MOV CRn runs on the virtual CRs
      expect(counters.exits[exitReasons.EXIT_CR_ACCESS] ?? 0).toBe(native ? 0 : 1 + 1 + SWITCHES);
      expect(counters.cr3Writes).toBe(native ? 0 : 1 + SWITCHES);
    }
  );

  it('shadow paging pays hidden faults for the switches; nested paging pays 2-D walks instead', () => {
    const shadow = runGuest(image, 'HW-assist', 'shadow').vm.counters;
    const nested = runGuest(image, 'HW-assist', 'nested').vm.counters;
    // After each switch the VTLB shadow is empty: at least the task's code and private page fault again.
    expect(shadow.hiddenFaults).toBeGreaterThanOrEqual(2 * SWITCHES);
    expect(nested.exits[exitReasons.EXIT_EXCEPTION]).toBeUndefined();
    expect(nested.walkReferences / nested.tlbMisses).toBeGreaterThan(2);
    expect(shadow.walkReferences / shadow.tlbMisses).toBeLessThanOrEqual(2);
  });
});

describe('pv-hypercall: VMCALL finds the hypervisor; bare hardware answers #UD', () => {
  const { source, image } = readProgram('pv-hypercall');

  it('is left out of the equivalence matrix by its header', () => {
    expect(source).toMatch(/^; equivalence: differs \(paravirtual\)$/m);
  });

  it('bare: the #UD handler skips the VMCALL and the text goes out of port E9h', () => {
    const outcome = taggedOutcome(source);
    const machine = runBare(image);
    expect(actual(machine.registers(), outcome)).toEqual(stated(outcome));
    const console = new TextDecoder('latin1').decode(machine.board!.debugConsole.takeOutput());
    expect(console).toBe(headerText(source, 'console-bare'));
  });

  const everyProfile = PROFILE_NAMES.flatMap((profile) =>
    PAGING_MODES.map((paging) => [profile, paging] as [ProfileName, PagingMode])
  );
  it.each(everyProfile)('%s, paging %s: HC_PROBE answers, HC_CONSOLE_WRITE prints', (profile, paging) => {
    const outcome = taggedOutcome(source, 'vm');
    const { hv, vm, registers } = runGuest(image, profile, paging);
    expect(actual(registers, outcome)).toEqual(stated(outcome));
    expect(vm.console).toBe(headerText(source, 'console-vm'));
    // Two hypercalls (probe, console write), whether VMCALL exits as itself or arrives as #UD (pre-VT).
    expect(vm.counters.exits[exitReasons.EXIT_VMCALL]).toBe(2);
    // How the hardware reported them (§2.2.3): VT-x has a VMCALL exit; before it the bytes were an invalid
    // opcode, #UD (vector 6), which the hypervisor decodes and recognises.
    const calls = hv.exitLog.filter((entry) => entry.classified === exitReasons.EXIT_VMCALL);
    expect(calls.map((entry) => [entry.reported, entry.vector])).toEqual(
      profile === 'HW-assist'
        ? [
            [exitReasons.EXIT_VMCALL, undefined],
            [exitReasons.EXIT_VMCALL, undefined]
          ]
        : [
            [exitReasons.EXIT_EXCEPTION, 6],
            [exitReasons.EXIT_EXCEPTION, 6]
          ]
    );
  });
});

describe('ata-writer: two sectors written through the ATA-lite ports, read back, compared', () => {
  const { source, image } = readProgram('ata-writer');
  const SECTOR = 512;
  const FILL = 0x11; // what the host put on the disk before: sectors 0 and 3 must keep it
  const freshDisk = () => new Uint8Array(4 * SECTOR).fill(FILL);

  /** The header's `disk:` line: word k (0..511) of sectors 1–2 is A500h + k, little-endian. */
  function expectWritten(disk: Uint8Array): void {
    const expected = freshDisk();
    for (let k = 0; k < 512; k++) {
      expected[SECTOR + 2 * k] = k & 0xff;
      expected[SECTOR + 2 * k + 1] = 0xa5 + (k >> 8);
    }
    expect(Buffer.from(disk).equals(Buffer.from(expected))).toBe(true);
  }

  it('bare, with a 4-sector disk: the outcome and the sectors its header states', () => {
    const outcome = taggedOutcome(source);
    const machine = runBare(image, freshDisk());
    expect(actual(machine.registers(), outcome)).toEqual(stated(outcome));
    for (const word of taggedMemory(source))
      expect(hex16(peekWord(machine, word.segment, word.offset))).toBe(hex16(word.value));
    expectWritten(machine.board!.disk.image);
  });

  it('bare, with no disk: WRITE SECTORS fails with IDNF', () => {
    const outcome = taggedOutcome(source, 'nodisk');
    expect(actual(runBare(image).registers(), outcome)).toEqual(stated(outcome));
  });

  it.each(MATRIX)(
    '%s, paging %s: its own image holds the sectors; the other VM’s disk is untouched',
    (profile, paging) => {
      const outcome = taggedOutcome(source);
      const hv = new Hypervisor();
      const writerDisk = freshDisk();
      const neighbourDisk = freshDisk();
      const writer = hv.addVm({ profile, paging, diskImage: writerDisk });
      const neighbour = hv.addVm({ profile, paging, diskImage: neighbourDisk });
      startCom(hv, writer, image);
      startCom(hv, neighbour, readProgram('default').image); // sums 1..100 and halts: no disk access
      hv.run(2_000_000);
      expect([writer.stopReason, neighbour.stopReason]).toEqual(['halt', 'halt']);
      expect(actual(hv.guestRegisters(writer), outcome)).toEqual(stated(outcome));
      expectWritten(writerDisk);
      expect(neighbourDisk.every((byte) => byte === FILL)).toBe(true);
      // Every port access exits, by hand: per command 6 OUTs (count, LBA 0–2, device, command) and one status IN
      // per sector (DRQ at once); 512 data words out, one status IN after the writes; 512 words in.
      const accesses = 2 * (6 + 2) + 512 + 1 + 512;
      expect(writer.counters.exits[exitReasons.EXIT_IO_INSTRUCTION]).toBe(accesses);
    }
  );

  it('under the hypervisor with no disk: the same failure as bare', () => {
    const outcome = taggedOutcome(source, 'nodisk');
    expect(actual(runGuest(image, 'HW-assist', 'nested').registers, outcome)).toEqual(stated(outcome));
  });
});
