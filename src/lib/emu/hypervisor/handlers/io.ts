// IO_INSTRUCTION (exit 30, virtualization.md §2.8): an IN or OUT on a port whose I/O-bitmap bit is set goes to
// the VM's own device models; a port no device claims reads FFh and ignores writes, as on a PC.

import { AX } from '../../cpu/registers';
import { step, type ExitContext, type Handler } from '../steps';

export interface IoAccess {
  port: number;
  size: 1 | 2;
  direction: 'in' | 'out';
  /** Instruction length (the IP advances past it). */
  length: number;
}

export function* emulateIo(ctx: ExitContext, access: IoAccess): Handler {
  const { cpu, vm } = ctx;
  const { port, size, direction } = access;
  const ports = vm.devices.ports;
  const portName = port.toString(16).toUpperCase().padStart(2, '0') + 'h';
  const device = ports.deviceAt(port)?.name ?? 'no device';
  ctx.classified = 30;
  ctx.summary = `${direction.toUpperCase()} ${portName} (${device})`;
  vm.counters.emulatedInstructions++;
  if (direction === 'in') {
    yield step('in', `${size === 1 ? 'AL' : 'AX'} := ${device}.read(${portName})`, ctx.costs.deviceRegister);
    if (size === 1) cpu.words[AX] = (cpu.words[AX] & 0xff00) | ports.in8(port);
    else cpu.words[AX] = ports.in16(port);
  } else {
    yield step('out', `${device}.write(${portName}, ${size === 1 ? 'AL' : 'AX'})`, ctx.costs.deviceRegister);
    if (size === 1) ports.out8(port, cpu.words[AX] & 0xff);
    else ports.out16(port, cpu.words[AX]);
  }
  cpu.ip = (ctx.exit.guestIp + access.length) & 0xffff;
}
