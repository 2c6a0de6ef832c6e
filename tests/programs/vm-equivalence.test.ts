// Equivalence (issue 5, acceptance 1; Popek and Goldberg's first property): every program in static/programs
// that runs on the bare machine reaches the same guest-visible end state as a guest — registers, FLAGS as the
// guest sees them, and every byte of its 1 MiB of memory but the BIOS page — under Strict-P&G and HW-assist in
// every paging mode. The oracle is the bare machine, itself checked against hardware-captured tests and each
// program's hand-computed header.
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadComWithBios, Machine, type ProfileName } from '$lib/emu';
import { Hypervisor, PAGING_MODES, type Vm } from '$lib/emu';

// A program whose header says `; equivalence: differs (…)` behaves differently bare and virtualized on purpose
// (a paravirtual guest that detects the hypervisor): its own test checks both outcomes.
const DIFFERS = /^;\s*equivalence:\s*differs\b/m;
const PROGRAMS = readdirSync('static/programs')
  .filter((file) => file.endsWith('.com'))
  .filter((file) => !DIFFERS.test(readFileSync(`static/programs/${file.replace(/\.com$/, '.asm')}`, 'utf8')))
  .sort();
const PROFILES: ProfileName[] = ['Strict-P&G', 'HW-assist'];
const BIOS_PAGE = 0xff000;
const DISK_BYTES = 64 * 512;

/** FNV-1a over guest-physical 0–FEFFFh as the guest sees it (a frame never touched reads 0, as on bare RAM). */
function guestMemoryHash(vm: Vm, hv: Hypervisor): number {
  let hash = 0x811c9dc5;
  const bytes = hv.machine.memory.bytes;
  for (let frame = 0; frame < BIOS_PAGE >> 12; frame++) {
    const host = vm.p2m.hostFrame[frame];
    for (let k = 0; k < 4096; k++) {
      hash = Math.imul(hash ^ (host >= 0 ? bytes[host * 4096 + k] : 0), 0x01000193);
    }
  }
  return hash >>> 0;
}

function bareMemoryHash(m: Machine): number {
  let hash = 0x811c9dc5;
  for (let a = 0; a < BIOS_PAGE; a++) hash = Math.imul(hash ^ m.memory.bytes[a], 0x01000193);
  return hash >>> 0;
}

describe.each(PROGRAMS)('%s: the same end state bare and as a guest', (file) => {
  const image = readFileSync(`static/programs/${file}`);
  // The bare machine with its PC devices, a disk, and the guest BIOS fast-booted under the program, as the bare
  // `run` loads a .COM; the guest gets the same through Hypervisor.loadCom.
  const bare = new Machine({ board: { diskImage: new Uint8Array(DISK_BYTES) } });
  loadComWithBios(bare, image);
  const bareRun = bare.run(10_000_000);
  const bareRegisters = bare.registers();
  const bareHash = bareMemoryHash(bare);
  const bareConsole = String.fromCharCode(...(bare.board?.debugConsole.takeOutput() ?? []));

  it('halts on the bare machine', () => expect(bareRun.stop).toBe('halt'));

  describe.each(PROFILES)('%s', (profile) => {
    it.each(PAGING_MODES)('paging %s', (paging) => {
      const hv = new Hypervisor();
      const vm = hv.addVm({ profile, paging, diskImage: new Uint8Array(DISK_BYTES) });
      hv.loadCom(vm, image);
      hv.run(10_000_000);
      expect(vm.stopReason).toBe('halt');
      expect(hv.guestRegisters(vm)).toEqual(bareRegisters);
      expect(guestMemoryHash(vm, hv)).toBe(bareHash);
      expect(vm.console).toBe(bareConsole);
    });
  });
});

// Under Classic-deprivileged, PUSHF shows the real IF and POPF drops IF changes (§2.3): popf-pushf.asm diverges
// exactly as its header's `classic:` line predicts, and in nothing else.
describe('popf-pushf.com under Classic-deprivileged', () => {
  const source = readFileSync('static/programs/popf-pushf.asm', 'utf8');
  const predicted = /^;\s+classic:\s+(.*)$/m.exec(source)?.[1].trim().split(/\s+/) ?? [];

  it.each(PAGING_MODES)('paging %s: the predicted values, the rest as on the bare machine', (paging) => {
    const image = readFileSync('static/programs/popf-pushf.com');
    const bare = new Machine();
    bare.loadCom(image);
    bare.run(1000);
    const hv = new Hypervisor();
    const vm = hv.addVm({ profile: 'Classic-deprivileged', paging });
    hv.writeGuestPhysical(vm, 0x10100, image);
    hv.start(vm, { cs: 0x1000, ds: 0x1000, es: 0x1000, ss: 0x1000, ip: 0x100, sp: 0xfffe, flags: 0xf002 });
    hv.run(1000);
    expect(vm.stopReason).toBe('halt');
    const expected = { ...bare.registers() } as Record<string, number>;
    expect(predicted.length).toBe(5);
    for (const token of predicted) {
      const [name, value] = token.split('=');
      if (name === 'IF') expected.flags = (expected.flags & ~0x200) | (Number(value) << 9);
      else expected[name.toLowerCase()] = parseInt(value, 16);
    }
    expect(hv.guestRegisters(vm)).toEqual(expected);
    // The divergence is real: the bare machine's values differ in every register the line names.
    expect(bare.registers().ax).not.toBe(expected.ax);
  });
});
