// Test harness for the guest BIOS: a bare Machine with the PC devices the BIOS talks to (PIC, PIT, keyboard,
// ATA-lite disk, CRTC, debug console E9h) on its ports, the PIC's INTR wired to the CPU, and a run loop that
// advances the PIT with the instructions executed (INSTRUCTIONS_PER_PIT_TICK) and lets time pass while the CPU
// sleeps in HLT with interrupts on. Two ways in: a full boot from the reset vector, or the fast boot + .COM.

import {
  AtaDisk,
  Crtc,
  DebugConsole,
  fastBoot,
  INSTRUCTIONS_PER_PIT_TICK,
  Keyboard,
  Machine,
  Pic,
  Pit,
  biosLayout,
  flags,
  writeBiosRom,
  type IoDevice
} from '$lib/emu';

const range = (start: number, count: number) => Array.from({ length: count }, (_, i) => start + i);

/** Records every OUT to the ports it wraps, then passes it on. */
class PortRecorder implements IoDevice {
  readonly name: string;
  readonly writes: { port: number; value: number }[] = [];
  constructor(private readonly device: IoDevice) {
    this.name = device.name;
  }
  read8(port: number): number {
    return this.device.read8(port);
  }
  write8(port: number, value: number): void {
    this.writes.push({ port, value });
    this.device.write8(port, value);
  }
}

export interface BiosRunResult {
  stop: 'halt' | 'budget' | 'breakpoint' | 'shutdown' | 'exit' | 'max-steps';
  instructions: number;
}

export class BiosMachine {
  readonly machine = new Machine();
  readonly pic = new Pic();
  readonly pit = new Pit((line, level) => this.pic.setIrq(line, level));
  readonly keyboard = new Keyboard((line, level) => this.pic.setIrq(line, level));
  readonly disk: AtaDisk;
  readonly crtc = new Crtc();
  readonly debugConsole = new DebugConsole();
  /** The OUTs to the PIC, the PIT and the CRTC, in order. */
  readonly setupWrites: { port: number; value: number }[];
  /** PIT input clocks since construction (instructions run, and time slept in HLT). */
  pitClocks = 0;
  private output = '';

  constructor(diskImage: Uint8Array = new Uint8Array(64 * 512)) {
    this.disk = new AtaDisk((line, level) => this.pic.setIrq(line, level), diskImage);
    const ports = this.machine.ports;
    const pic = new PortRecorder(this.pic);
    const pit = new PortRecorder(this.pit);
    const crtc = new PortRecorder(this.crtc);
    this.setupWrites = pic.writes;
    // One list for the three devices, in the order of the OUTs.
    pit.writes.push = pic.writes.push.bind(pic.writes);
    crtc.writes.push = pic.writes.push.bind(pic.writes);
    ports.register(pic, [0x20, 0x21]);
    ports.register(pit, [0x40, 0x41, 0x42, 0x43]);
    ports.register(this.keyboard, [0x60, 0x64]);
    ports.register(this.disk, [...range(0x1f0, 8), 0x3f6]);
    ports.register(crtc, [0x3d4, 0x3d5]);
    ports.register(this.debugConsole, [0xe9]);
    this.pic.onIntrChange = (level) => {
      this.machine.cpu.intr = level;
    };
    this.machine.cpu.interruptController = this.pic;
  }

  /** Power on: memory cleared, the ROM in place, a boot image at 0000:7C00; the CPU at FFFF:0000. */
  powerOn(bootImage: ArrayLike<number> = [0xf4]): void {
    this.machine.reset();
    writeBiosRom((address, value) => this.machine.memory.write8(address, value));
    this.machine.load(bootImage, biosLayout.BOOT_ADDRESS);
  }

  /** A .COM program at 1000:0100 (the Machine's contract: IF = 0), with the ROM and the fast boot. */
  loadCom(program: ArrayLike<number>): void {
    this.machine.loadCom(program);
    writeBiosRom((address, value) => this.machine.memory.write8(address, value));
    fastBoot(
      (address, value) => this.machine.memory.write8(address, value),
      (port, value) => this.machine.ports.out8(port, value)
    );
  }

  /**
   * Run up to `budget` instructions. The PIT moves by the instructions executed; a HLT with IF = 1 waits (the
   * PIT moves on to its next IRQ0); a HLT with IF = 0, or a breakpoint, ends the run.
   */
  run(budget: number): BiosRunResult {
    const machine = this.machine;
    let instructions = 0;
    while (instructions < budget) {
      const slice = Math.max(
        1,
        Math.min(budget - instructions, this.pit.ticksUntilNextIrq() * INSTRUCTIONS_PER_PIT_TICK)
      );
      const result = machine.run(slice);
      instructions += result.iterations;
      this.advancePit(Math.floor(result.iterations / INSTRUCTIONS_PER_PIT_TICK));
      this.collectOutput();
      if (result.stop === 'halt') {
        const interruptsOn = (machine.cpu.flags & flags.IF) !== 0;
        if (!interruptsOn || this.pit.ticksUntilNextIrq() === Infinity) return { stop: 'halt', instructions };
        // Asleep until the timer's next IRQ0 (or a key, which the test feeds between runs).
        this.advancePit(this.pit.ticksUntilNextIrq());
        continue;
      }
      if (result.stop !== 'budget') return { stop: result.stop, instructions };
    }
    return { stop: 'budget', instructions };
  }

  /** Everything written to the debug port E9h so far. */
  consoleText(): string {
    this.collectOutput();
    return this.output;
  }

  /** Row `row` of the text page, characters only, trailing blanks kept. */
  screenRow(row: number): string {
    let text = '';
    for (let column = 0; column < biosLayout.TEXT_COLUMNS; column++) {
      text += String.fromCharCode(this.peek8(biosLayout.TEXT_PAGE_ADDRESS + (row * 80 + column) * 2));
    }
    return text;
  }

  /** The BDA's cursor of page 0: row and column. */
  cursor(): { row: number; column: number } {
    const word = this.peek16(biosLayout.BDA_CURSOR_POSITION);
    return { row: word >> 8, column: word & 0xff };
  }

  peek8(address: number): number {
    return this.machine.memory.read8(address);
  }

  peek16(address: number): number {
    return this.peek8(address) | (this.peek8(address + 1) << 8);
  }

  private advancePit(clocks: number): void {
    this.pit.advance(clocks);
    this.pitClocks += clocks;
  }

  private collectOutput(): void {
    const bytes = this.debugConsole.takeOutput();
    this.output += String.fromCharCode(...bytes);
  }
}
