// Starting a Machine with the guest BIOS, the two ways the hypervisor's `run` offers (issue 5): a boot image
// started by the BIOS's own reset code, or a .COM program with the BIOS "fast-booted" underneath it.

import type { Machine } from '../machine';
import { writeBiosRom } from './bios';
import { fastBoot } from './fast-boot';
import { BIOS_ROM_ADDRESS, BOOT_ADDRESS } from './layout';

/** The most a boot image at 0000:7C00 can hold before it would run into the ROM. */
export const BOOT_IMAGE_MAX_SIZE = BIOS_ROM_ADDRESS - BOOT_ADDRESS;

/**
 * Power on: memory cleared (and the devices reset, with a board), the ROM at FF000h, `bootImage` at 0000:7C00,
 * the CPU at the reset vector FFFF:0000. Running the machine runs the BIOS's reset code, which sets up the IVT,
 * the BDA, the screen, the PIC and the PIT and then jumps to the boot image with DL = 80h.
 */
export function powerOnWithBios(machine: Machine, bootImage: ArrayLike<number>): void {
  if (bootImage.length > BOOT_IMAGE_MAX_SIZE) {
    throw new RangeError(
      `a boot image holds at most ${BOOT_IMAGE_MAX_SIZE} bytes; this one has ${bootImage.length}`
    );
  }
  machine.reset();
  writeBiosRom((address, value) => machine.memory.write8(address, value));
  machine.load(bootImage, BOOT_ADDRESS);
}

/**
 * Load a .COM program as Machine.loadCom does (1000:0100, IF = 0), with the ROM written and the fast boot
 * applied: IVT, BDA and text page as the reset code leaves them, and the same OUTs to the PIC, the PIT and the
 * CRTC (which reach a device board when one is attached; unclaimed ports ignore them).
 */
export function loadComWithBios(machine: Machine, program: ArrayLike<number>): void {
  machine.loadCom(program);
  writeBiosRom((address, value) => machine.memory.write8(address, value));
  fastBoot(
    (address, value) => machine.memory.write8(address, value),
    (port, value) => machine.ports.out8(port, value)
  );
}
