// Test harness for the guest BIOS: a bare Machine with the PC device board attached (new Machine({ board })):
// PIC, PIT, keyboard, ATA-lite disk, CRTC and debug console E9h on its ports, INTR following the PIC, the PIT
// moving with the instructions run and HLT with IF = 1 sleeping until the next timer IRQ. Two ways in: a full
// boot from the reset vector (powerOn), or the fast boot and a .COM program at 1000:0100 (loadCom).

import {
  Machine,
  biosLayout,
  loadComWithBios,
  powerOnWithBios,
  type PcBoard,
  type RunResult
} from '$lib/emu';

/** The ports the reset code programs (PIC, PIT, CRTC): their OUTs are recorded, in order. */
const SETUP_PORTS = new Set([0x20, 0x21, 0x40, 0x41, 0x42, 0x43, 0x3d4, 0x3d5]);

export class BiosMachine {
  readonly machine: Machine;
  readonly board: PcBoard;
  /** Every OUT to the PIC, the PIT and the CRTC since construction, in order. */
  readonly setupWrites: { port: number; value: number }[] = [];
  private output = '';

  constructor(diskImage: Uint8Array = new Uint8Array(64 * 512)) {
    this.machine = new Machine({ board: { diskImage } });
    this.board = this.machine.board!;
    const ports = this.machine.ports;
    const out8 = ports.out8.bind(ports);
    ports.out8 = (port, value) => {
      if (SETUP_PORTS.has(port)) this.setupWrites.push({ port, value });
      out8(port, value);
    };
  }

  get pic() {
    return this.board.pic;
  }
  get pit() {
    return this.board.pit;
  }
  get keyboard() {
    return this.board.keyboard;
  }
  get disk() {
    return this.board.disk;
  }
  get crtc() {
    return this.board.crtc;
  }

  /** Power on: memory cleared, the ROM in place, a boot image at 0000:7C00; the CPU at FFFF:0000. */
  powerOn(bootImage: ArrayLike<number> = [0xf4]): void {
    powerOnWithBios(this.machine, bootImage);
  }

  /** A .COM program at 1000:0100 (the Machine's contract: IF = 0), with the ROM and the fast boot. */
  loadCom(program: ArrayLike<number>): void {
    loadComWithBios(this.machine, program);
  }

  /**
   * Run for `budget` instructions of model time (a HLT with IF = 1 sleeps until the next timer IRQ, and the
   * sleep counts). Ends early at a HLT nothing can wake (IF = 0) or a breakpoint.
   */
  run(budget: number): RunResult {
    return this.machine.run(budget);
  }

  /** Everything written to the debug port E9h so far. */
  consoleText(): string {
    this.output += String.fromCharCode(...this.board.debugConsole.takeOutput());
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
}
