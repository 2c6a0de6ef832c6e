// Helpers shared by the isolation tests (escape programs, random guests): load a .COM into a VM as the bare `run`
// loads it, hash a VM's guest-physical memory through its own P2M, and audit after every exit.
import { audit, Hypervisor, type Violation, type Vm } from '$lib/emu';

export const COM_REGISTERS = {
  cs: 0x1000,
  ds: 0x1000,
  es: 0x1000,
  ss: 0x1000,
  ip: 0x100,
  sp: 0xfffe,
  flags: 0xf002
};

export function loadCom(hv: Hypervisor, vm: Vm, image: ArrayLike<number>): void {
  hv.writeGuestPhysical(vm, 0x10100, image);
  hv.start(vm, COM_REGISTERS);
}

/** FNV-1a over a VM's guest-physical 0–FFFFFh as it sees it (an unbacked frame reads 0, as fresh RAM). */
export function guestMemoryHash(hv: Hypervisor, vm: Vm): number {
  let hash = 0x811c9dc5;
  const bytes = hv.machine.memory.bytes;
  for (let frame = 0; frame < 256; frame++) {
    const host = vm.p2m.hostFrame[frame];
    for (let k = 0; k < 4096; k++)
      hash = Math.imul(hash ^ (host >= 0 ? bytes[host * 4096 + k] : 0), 0x01000193);
  }
  return hash >>> 0;
}

/** FNV-1a of a 1 MiB image the test builds itself (the oracle for guestMemoryHash). */
export function imageHash(image: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let a = 0; a < 0x100000; a++) hash = Math.imul(hash ^ image[a], 0x01000193);
  return hash >>> 0;
}

/** Run the auditor after every exit; collect the distinct violations (by invariant, VM, place) and count audits. */
export function auditEveryExit(hv: Hypervisor): { violations: Violation[]; audits: number } {
  const record = { violations: [] as Violation[], audits: 0 };
  const seen = new Set<string>();
  hv.afterExit = () => {
    record.audits++;
    for (const v of audit(hv).violations) {
      const key = `${v.invariant} ${v.vm} ${v.table} ${v.directoryIndex}:${v.tableIndex} ${v.frame} ${v.port}`;
      if (seen.has(key) || seen.size >= 1000) continue;
      seen.add(key);
      record.violations.push(v);
    }
  };
  return record;
}

/** A byte of guest-physical memory, read without side effects (an unbacked frame reads 0). */
export function peekGuest(hv: Hypervisor, vm: Vm, address: number): number {
  const host = vm.p2m.hostFrame[address >>> 12];
  return host >= 0 ? hv.machine.memory.bytes[host * 4096 + (address & 0xfff)] : 0;
}

/** Run in slices until `vm` stops (the others may run forever) or `limit` guest instructions have run. */
export function runUntilStopped(hv: Hypervisor, vm: Vm, limit: number): void {
  const start = hv.time;
  while (vm.status !== 'stopped' && hv.time - start < limit && !hv.hung) {
    if (hv.run(Math.min(50_000, limit - (hv.time - start))) === 0) break;
  }
}
