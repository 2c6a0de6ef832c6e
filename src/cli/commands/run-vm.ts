// `run FILE [FILE…] --vm PROFILE --paging p2m|shadow|shadow-traced|nested [--json]`: one VM per file under the
// hypervisor (the same file twice gives two VMs). A .com (or assembled .asm) loads in its guest exactly as the
// bare `run` loads it: segment 1000h, offset 100h, CS = DS = ES = SS = 1000h, SP = FFFEh, guest IF = 0, with the
// guest BIOS's IVT and data area pre-initialised (fast boot). A .bin is a boot image the guest BIOS starts at
// 0000:7C00 after its reset code has run. Each VM has a 1 MiB disk.

import {
  audit,
  exitReasons,
  Hypervisor,
  PAGING_MODES,
  PROFILE_NAMES,
  REGISTER_KEYS,
  type PagingMode,
  type ProfileName,
  type Registers,
  type Violation,
  type Vm
} from '$lib/emu';
import { formatFlags } from '../format';
import { formatRegisters } from './run-command';

/** Each VM's disk: 2,048 sectors of 512 bytes. */
const DISK_BYTES = 1024 * 1024;

export interface VmRunOptions {
  profile: string;
  paging: string;
  maxSteps: number;
  json: boolean;
}

export function runVms(
  images: { file: string; image: Uint8Array; boot: boolean }[],
  options: VmRunOptions
): number {
  if (!PROFILE_NAMES.includes(options.profile as ProfileName)) {
    throw new Error(`--vm: unknown profile '${options.profile}' (one of ${PROFILE_NAMES.join(', ')})`);
  }
  if (!PAGING_MODES.includes(options.paging as PagingMode)) {
    throw new Error(`--paging: unknown mode '${options.paging}' (one of ${PAGING_MODES.join(', ')})`);
  }
  const hv = new Hypervisor();
  const vms = images.map(({ file, image, boot }) => {
    const vm = hv.addVm({
      name: file,
      profile: options.profile as ProfileName,
      paging: options.paging as PagingMode,
      diskImage: new Uint8Array(DISK_BYTES)
    });
    if (boot) hv.boot(vm, image);
    else hv.loadCom(vm, image);
    return vm;
  });
  // The isolation auditor (virtualization.md §2.12) after every exit, on the VM that exited, and once at the end.
  const violations: Violation[] = [];
  hv.afterExit = (vm) => {
    if (violations.length < 20) violations.push(...audit(hv, vm).violations);
  };
  hv.run(options.maxSteps);
  hv.afterExit = null;
  for (const v of audit(hv).violations) {
    if (!violations.some((seen) => seen.message === v.message)) violations.push(v);
  }
  const report = vms.map((vm) => vmReport(hv, vm));
  if (options.json) {
    console.log(JSON.stringify({ vms: report, auditor: { ok: violations.length === 0, violations } }));
    return 0;
  }
  vms.forEach((vm, k) => {
    const r = report[k];
    console.log(
      `== VM ${vm.id} (${vm.name}): ${vm.config.profile}, paging ${vm.config.paging}; stopped: ${r.stop}`
    );
    if (r.console) console.log(r.console.replace(/\n?$/, '\n') + '-- end of console');
    console.log(formatRegisters(r.regs));
    console.log(`flags ${formatFlags(r.regs.flags)}`);
    const exits = Object.entries(r.exits)
      .map(([reason, n]) => `${exitReasons.EXIT_REASON_NAMES[Number(reason)] ?? reason} (${reason}) ${n}`)
      .join(', ');
    console.log(`exits: ${exits || 'none'}`);
    console.log(
      `guest instructions ${vm.counters.guestInstructions}, emulated ${vm.counters.emulatedInstructions}, hidden faults ${vm.counters.hiddenFaults}, true faults ${vm.counters.trueFaults}`
    );
  });
  if (violations.length === 0) console.log('auditor: ok (I1-I4 checked after every exit)');
  for (const v of violations) console.log(`auditor: ${v.invariant} violated (VM ${v.vm}): ${v.message}`);
  return 0;
}

function vmReport(hv: Hypervisor, vm: Vm) {
  const regs = hv.guestRegisters(vm);
  const lower = Object.fromEntries(REGISTER_KEYS.map((key) => [key, regs[key]])) as unknown as Registers;
  const stop = vm.status === 'stopped' ? vm.stopReason : vm.status === 'blocked' ? 'blocked' : 'max-steps';
  return {
    console: vm.console,
    stop,
    regs: lower,
    exits: { ...vm.counters.exits },
    counters: { ...vm.counters, exits: undefined }
  };
}
