// One full PC device set — PIC, PIT, keyboard, COM1, ATA-lite disk, CRTC, debug console E9h, NIC — wired to one
// 8259A and registered on a PortMap, with one state()/restore() for all of it and the model clock that moves the
// PIT. The bare Machine attaches one (optionally); the hypervisor creates one per VM on a private PortMap and
// forwards the VM's I/O exits to it. Port and IRQ map: virtualization.md §2.5.

import { PortMap, type IoDevice } from '../mem/ports';
import type { Port } from '../types';
import { ATA_BASE, ATA_CONTROL_PORT, AtaDisk, type AtaDiskState } from './ata-disk';
import { CRTC_DATA_PORT, CRTC_INDEX_PORT, Crtc, type CrtcState } from './crtc';
import { DEBUG_CONSOLE_PORT, DebugConsole, type DebugConsoleState } from './debug-console';
import { KEYBOARD_DATA_PORT, KEYBOARD_STATUS_PORT, Keyboard, type KeyboardState } from './keyboard';
import { NIC_BASE, Nic, type NicState } from './nic';
import { PIC_COMMAND_PORT, PIC_DATA_PORT, Pic, type PicState } from './pic';
import { INSTRUCTIONS_PER_PIT_TICK, PIT_COUNTER0_PORT, Pit, type PitState } from './pit';
import { COM1_BASE, Uart, type UartState } from './uart';

export interface PcBoardOptions {
  /** The disk image (512-byte sectors); the disk reads and writes this array. Empty by default (no sectors). */
  diskImage?: Uint8Array;
  /** The NIC's MAC address. */
  mac?: string;
  /** Keep at most this many bytes of debug-console output not yet taken (see DebugConsole); unlimited by default. */
  consoleLimit?: number;
}

export interface PcBoardState {
  pic: PicState;
  pit: PitState;
  keyboard: KeyboardState;
  uart: UartState;
  disk: AtaDiskState;
  crtc: CrtcState;
  debugConsole: DebugConsoleState;
  nic: NicState;
  /** Instructions counted towards the next PIT tick (always 0 while INSTRUCTIONS_PER_PIT_TICK is 1). */
  instructionCarry: number;
}

const range = (first: Port, count: number): Port[] => Array.from({ length: count }, (_, i) => first + i);

export class PcBoard {
  readonly ports: PortMap;
  readonly pic = new Pic();
  readonly pit: Pit;
  readonly keyboard: Keyboard;
  readonly uart: Uart;
  readonly disk: AtaDisk;
  readonly crtc = new Crtc();
  readonly debugConsole: DebugConsole;
  readonly nic: Nic;
  private instructionCarry = 0;
  /**
   * Called after every write to the PIT's ports. A Machine ends its run slice there (Cpu.endRunAfterThisInstruction),
   * because the next change of IRQ0 may now come sooner than the slice's end.
   */
  onTimerProgrammed: (() => void) | null = null;
  /** While a Machine runs a slice: instructions run so far in it (the PIT is brought up to date on access). */
  private sliceClock: { readonly iterationsThisRun: number } | null = null;
  private sliceApplied = 0;
  /** The devices as they were at power-on (reset() returns to it, keeping the disk's contents). */
  private readonly powerOn: PcBoardState;

  /** Build the devices and claim their ports on `ports` (a fresh private PortMap when none is given). */
  constructor(ports: PortMap = new PortMap(), options: PcBoardOptions = {}) {
    this.ports = ports;
    const irq = (line: number, level: boolean): void => this.pic.setIrq(line, level);
    this.pit = new Pit(irq);
    this.keyboard = new Keyboard(irq);
    this.uart = new Uart(irq);
    this.disk = new AtaDisk(irq, options.diskImage);
    this.nic = new Nic(irq, options.mac);
    this.debugConsole = new DebugConsole({ limit: options.consoleLimit });
    ports.register(this.pic, [PIC_COMMAND_PORT, PIC_DATA_PORT]);
    // The PIT's ports go through a thin door that first brings the counter up to the present instruction.
    const timerDoor: IoDevice = {
      name: this.pit.name,
      read8: (port) => {
        this.syncTimer();
        return this.pit.read8(port);
      },
      write8: (port, value) => {
        this.syncTimer();
        this.pit.write8(port, value);
        this.onTimerProgrammed?.();
      }
    };
    ports.register(timerDoor, range(PIT_COUNTER0_PORT, 4));
    ports.register(this.keyboard, [KEYBOARD_DATA_PORT, KEYBOARD_STATUS_PORT]);
    ports.register(this.uart, range(COM1_BASE, 8));
    ports.register(this.disk, [...range(ATA_BASE, 8), ATA_CONTROL_PORT]);
    ports.register(this.crtc, [CRTC_INDEX_PORT, CRTC_DATA_PORT]);
    ports.register(this.debugConsole, [DEBUG_CONSOLE_PORT]);
    ports.register(this.nic, range(NIC_BASE, 16));
    this.powerOn = this.state();
  }

  /** The model clock: `instructions` guest instructions have run; the PIT moves by as many ticks. */
  advance(instructions: number): void {
    if (INSTRUCTIONS_PER_PIT_TICK === 1) {
      this.pit.advance(instructions);
      return;
    }
    const total = this.instructionCarry + instructions;
    this.instructionCarry = total % INSTRUCTIONS_PER_PIT_TICK;
    this.pit.advance(Math.floor(total / INSTRUCTIONS_PER_PIT_TICK));
  }

  /**
   * A run slice begins: `clock.iterationsThisRun` tells how many instructions of it have run so far (the CPU's
   * counter), so a PIT access in the middle of the slice sees the exact count. endSlice() applies the rest.
   */
  beginSlice(clock: { readonly iterationsThisRun: number }): void {
    this.sliceClock = clock;
    this.sliceApplied = 0;
  }

  endSlice(instructions: number): void {
    this.sliceClock = null;
    this.advance(instructions - this.sliceApplied);
    this.sliceApplied = 0;
  }

  /** Instructions until the PIT's output next rises (IRQ0), or Infinity: how long a HLT sleeps. */
  instructionsUntilNextIrq(): number {
    return this.toInstructions(this.pit.ticksUntilNextIrq());
  }

  /** Instructions until the PIT's output next changes either way: a run must stop there to keep IRQ0 exact. */
  instructionsUntilTimerChange(): number {
    return this.toInstructions(this.pit.ticksUntilOutputChange());
  }

  state(): PcBoardState {
    return {
      pic: this.pic.state(),
      pit: this.pit.state(),
      keyboard: this.keyboard.state(),
      uart: this.uart.state(),
      disk: this.disk.state(),
      crtc: this.crtc.state(),
      debugConsole: this.debugConsole.state(),
      nic: this.nic.state(),
      instructionCarry: this.instructionCarry
    };
  }

  /** Every device back to `state`. The PIC goes last, so the lines the others drive end as saved. */
  restore(state: PcBoardState): void {
    this.pit.restore(state.pit);
    this.keyboard.restore(state.keyboard);
    this.uart.restore(state.uart);
    this.disk.restore(state.disk);
    this.crtc.restore(state.crtc);
    this.debugConsole.restore(state.debugConsole);
    this.nic.restore(state.nic);
    this.instructionCarry = state.instructionCarry;
    this.pic.restore(state.pic);
  }

  /** Power on again: every device as it was built, except that the disk keeps its contents. */
  reset(): void {
    const image = this.disk.image.slice();
    this.restore(this.powerOn);
    this.disk.restore({ ...this.disk.state(), image });
    this.pic.restore(this.powerOn.pic);
  }

  private syncTimer(): void {
    if (this.sliceClock === null) return;
    const now = this.sliceClock.iterationsThisRun;
    if (now > this.sliceApplied) {
      this.advance(now - this.sliceApplied);
      this.sliceApplied = now;
    }
  }

  private toInstructions(ticks: number): number {
    if (ticks === Infinity) return Infinity;
    return Math.max(1, ticks * INSTRUCTIONS_PER_PIT_TICK - this.instructionCarry);
  }
}

/** Create one full device set on `ports` (see PcBoard). */
export function createPcBoard(ports?: PortMap, options?: PcBoardOptions): PcBoard {
  return new PcBoard(ports, options);
}
