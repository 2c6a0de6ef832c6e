// The guest's side of the console for the engine host: which of the debug console's bytes are new since the last
// update (or, after the machine moved back in time, the whole kept text again), and whether the guest sits in the
// BIOS waiting for a key (INT 16h's `sti; hlt` loop with nothing typed), so the IDE can say so instead of
// looking hung and the host can stop spinning until a key arrives.

import { BIOS_ENTRY_POINTS, BIOS_IMAGE, biosLayout, type Machine } from '$lib/emu';
import type { ConsoleOutput } from './protocol';

/** Bytes of console output the machine keeps for the IDE (the rest scrolls away, in the device and the view). */
export const CONSOLE_KEEP_BYTES = 64 * 1024;

export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/**
 * What to publish of the console, given how many bytes were written when the view last heard (`shown`) and
 * whether the view's text may no longer be a prefix of the machine's (`resync`: a load, a step back, an input).
 * Returns null when nothing changed.
 */
export function consoleOutput(machine: Machine, shown: number, resync: boolean): ConsoleOutput | null {
  const device = machine.board?.debugConsole;
  if (!device) return null;
  const written = device.written;
  if (!resync && written === shown) return null;
  const fresh = written - shown;
  if (!resync && fresh > 0 && fresh <= CONSOLE_KEEP_BYTES) {
    return { replace: false, text: latin1(device.recent(fresh)), written };
  }
  return { replace: true, text: latin1(device.recent(CONSOLE_KEEP_BYTES)), written };
}

/**
 * The BIOS's blocking key read (INT 16h AH=00h): `.read: cli … jne .take; sti; hlt; jmp .read`. Found in the ROM
 * by its tail (STI, HLT, a short JMP back), so a rebuilt BIOS needs no constant here. [from, to) in segment F000h.
 */
function findKeyWait(): [number, number] | null {
  const romBase = biosLayout.BIOS_ROM_ADDRESS - biosLayout.BIOS_SEGMENT * 16;
  const from = BIOS_ENTRY_POINTS.int16_keyboard - romBase;
  const to = BIOS_ENTRY_POINTS.unshifted_keys - romBase;
  for (let i = from; i + 3 < to; i++) {
    if (BIOS_IMAGE[i] === 0xfb && BIOS_IMAGE[i + 1] === 0xf4 && BIOS_IMAGE[i + 2] === 0xeb) {
      const after = i + 4;
      const target = after + ((BIOS_IMAGE[i + 3] << 24) >> 24);
      return [target + romBase, after + romBase];
    }
  }
  return null;
}

const KEY_WAIT = findKeyWait();

/**
 * Whether the guest waits for a key: the CPU is in the BIOS's blocking key read (not the polling AH=01h, which a
 * game calls in its loop), and nothing is typed (the keyboard's FIFO and the BIOS's buffer are empty). A slice
 * that ends in the timer tick that wakes the wait's HLT is not recognised; the next one usually is.
 */
export function waitingForKey(machine: Machine): boolean {
  const board = machine.board;
  if (KEY_WAIT === null || !board || board.keyboard.pending > 0 || machine.cpu.shutdown) return false;
  const regs = machine.registers();
  if (regs.cs !== biosLayout.BIOS_SEGMENT || regs.ip < KEY_WAIT[0] || regs.ip >= KEY_WAIT[1]) return false;
  const word = (address: number) => machine.memory.read8(address) | (machine.memory.read8(address + 1) << 8);
  return word(biosLayout.BDA_KEYBOARD_HEAD) === word(biosLayout.BDA_KEYBOARD_TAIL);
}
