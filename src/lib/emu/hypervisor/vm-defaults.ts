// Defaults for a new VM: its MAC address, the registers before it starts, and a device set with nothing in it.

import { PortMap } from '../mem/ports';
import type { Registers } from '../cpu/registers';
import type { VirtualDevices } from './vmcb';

/** VM k's MAC address: 02:00:00:00:00:(k+1) (locally administered). */
export function vmMac(vmId: number): string {
  return `02:00:00:00:00:${(vmId + 1).toString(16).padStart(2, '0')}`;
}

export function resetRegisters(): Registers {
  return {
    ax: 0,
    bx: 0,
    cx: 0,
    dx: 0,
    si: 0,
    di: 0,
    bp: 0,
    sp: 0,
    cs: 0xffff,
    ds: 0,
    es: 0,
    ss: 0,
    ip: 0,
    flags: 0xf002
  };
}

/** A VM with no devices: every port reads FFh, no interrupts. */
export function noDevices(): VirtualDevices {
  return {
    ports: new PortMap(),
    pendingVector: () => -1,
    acknowledge: () => 0xff,
    advance: () => {},
    instructionsUntilInterrupt: () => Infinity,
    takeOutput: () => '',
    state: () => null,
    restore: () => {}
  };
}
