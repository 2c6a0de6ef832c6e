// A VM's virtual devices (virtualization.md §2.5): one PC board (devices/pc-board.ts) per VM on a private port
// space — its own vPIC, vPIT, keyboard, COM1, ATA-lite disk, CRTC, debug port E9h and NIC — seen by the
// hypervisor through the VirtualDevices interface: I/O exits go to its ports, its PIC says which virtual
// interrupt is pending, its PIT runs on the VM's own guest instructions, its consoles feed the VM's console.

import { PcBoard, type PcBoardOptions, type PcBoardState } from '../devices/pc-board';
import type { VirtualDevices } from './vmcb';

export interface VirtualBoard extends VirtualDevices {
  readonly board: PcBoard;
}

export function virtualBoard(options: PcBoardOptions = {}): VirtualBoard {
  const board = new PcBoard(undefined, options);
  return {
    board,
    nic: board.nic,
    ports: board.ports,
    pendingVector: () => board.pic.pendingVector(),
    acknowledge: () => board.pic.acknowledge(),
    advance: (instructions) => board.advance(instructions),
    // Every change of the PIT's output matters (IRQ0 is edge-triggered: a rise after a fall), so runs stop there.
    instructionsUntilInterrupt: () => board.instructionsUntilTimerChange(),
    takeOutput: () => latin1(board.debugConsole.takeOutput()) + latin1(board.uart.takeOutput()),
    state: () => board.state(),
    restore: (state) => board.restore(state as PcBoardState)
  };
}

function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}
