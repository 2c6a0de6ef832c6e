// The I/O port space: 65,536 byte ports, each claimed by at most one device. Ports nobody claims read FFh
// (nothing drives the bus) and ignore writes, as on a PC.

import type { Port } from '../types';
import { OPEN_BUS } from './memory';

/** A device on the port bus (PIC, PIT, UART, disk, NIC…). Word accesses default to two byte accesses. */
export interface IoDevice {
  /** A short name for views and error messages. */
  readonly name: string;
  read8(port: Port): number;
  write8(port: Port, value: number): void;
  read16?(port: Port): number;
  write16?(port: Port, value: number): void;
}

export class PortMap {
  private readonly owners: (IoDevice | undefined)[] = new Array(0x10000).fill(undefined);

  /** Claim `ports` for `device`. A port already claimed by another device is an error: wiring is explicit. */
  register(device: IoDevice, ports: Iterable<Port>): void {
    for (const port of ports) {
      const owner = this.owners[port & 0xffff];
      if (owner && owner !== device) {
        throw new Error(`port ${hex16(port)} is already claimed by ${owner.name}`);
      }
      this.owners[port & 0xffff] = device;
    }
  }

  unregister(device: IoDevice): void {
    for (let port = 0; port < 0x10000; port++)
      if (this.owners[port] === device) this.owners[port] = undefined;
  }

  deviceAt(port: Port): IoDevice | undefined {
    return this.owners[port & 0xffff];
  }

  in8(port: Port): number {
    const device = this.owners[port & 0xffff];
    return device ? device.read8(port & 0xffff) & 0xff : OPEN_BUS;
  }

  out8(port: Port, value: number): void {
    this.owners[port & 0xffff]?.write8(port & 0xffff, value & 0xff);
  }

  in16(port: Port): number {
    const device = this.owners[port & 0xffff];
    if (device?.read16) return device.read16(port & 0xffff) & 0xffff;
    return this.in8(port) | (this.in8(port + 1) << 8);
  }

  out16(port: Port, value: number): void {
    const device = this.owners[port & 0xffff];
    if (device?.write16) {
      device.write16(port & 0xffff, value & 0xffff);
      return;
    }
    this.out8(port, value & 0xff);
    this.out8(port + 1, value >> 8);
  }
}

function hex16(value: number): string {
  return value.toString(16).toUpperCase().padStart(4, '0') + 'h';
}
