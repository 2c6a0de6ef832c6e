// Escape attempts of virtualization.md §2.12 (issue 5, acceptance 2: "every escape program is contained"). Each
// program in static/programs/escape runs next to the victim VM, which keeps SECRET-42 at its guest-physical 0600h,
// under every profile and every paging mode; the auditor runs after every exit. The oracles: the victim's memory
// is exactly the image the test builds from its program and the secret (nothing else may change it), the
// escape's own mailbox, and the §2.12 table of expected outcomes (E1 misconfigured hangs the host; E5, the
// instructor's bug switch, lets E2 find the secret and turns the auditor red).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assemble, audit, Hypervisor, PAGING_MODES, PortMap, PROFILE_NAMES, type Vm } from '$lib/emu';
import { noDevices, type VirtualDevices } from '$lib/emu';
import {
  auditEveryExit,
  guestMemoryHash,
  imageHash,
  loadCom,
  peekGuest,
  runUntilStopped
} from './guest-harness';
import { NASM } from './nasm';

function program(name: string): Uint8Array {
  const result = assemble(readFileSync(`static/programs/escape/${name}.asm`, 'utf8'));
  expect(result.diagnostics).toEqual([]);
  return result.image;
}

const VICTIM = program('victim');
const SECRET = 'SECRET-42';

/** The victim's memory as it must be: its program at 10100h and the secret at 0600h, zeros elsewhere. */
const VICTIM_HASH = (() => {
  const image = new Uint8Array(0x100000);
  image.set(VICTIM, 0x10100);
  for (let k = 0; k < SECRET.length; k++) image[0x600 + k] = SECRET.charCodeAt(k);
  return imageHash(image);
})();

function mailboxText(hv: Hypervisor, vm: Vm): string {
  let text = '';
  for (let k = 0; k < 10; k++) {
    const c = peekGuest(hv, vm, 0x500 + k);
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  return text;
}

function mailboxWord(hv: Hypervisor, vm: Vm, offset: number): number {
  return peekGuest(hv, vm, 0x500 + offset) | (peekGuest(hv, vm, 0x501 + offset) << 8);
}

/** Victim as VM0 (it runs first and writes its secret), the escape as VM1. */
function pair(
  escape: string,
  profile: (typeof PROFILE_NAMES)[number],
  paging: (typeof PAGING_MODES)[number],
  options: { iopl?: number; devices?: (id: number) => VirtualDevices } = {}
) {
  const hv = new Hypervisor({ devices: options.devices });
  const victim = hv.addVm({ name: 'victim', profile, paging });
  loadCom(hv, victim, VICTIM);
  const attacker = hv.addVm({ name: escape, profile, paging, iopl: options.iopl });
  loadCom(hv, attacker, program(escape));
  const record = auditEveryExit(hv);
  return { hv, victim, attacker, record };
}

describe.each(['victim', 'cli-forever', 'forge-pte', 'port-poke'])('escape/%s.com', (name) => {
  const committed = new Uint8Array(readFileSync(`static/programs/escape/${name}.com`));
  it('is what our assembler builds from the .asm', () => expect(program(name)).toEqual(committed));
  it.skipIf(!NASM)('is what nasm -f bin builds from the .asm', () => {
    const dir = mkdtempSync(join(tmpdir(), 'escape-'));
    try {
      execFileSync('nasm', ['-f', 'bin', `static/programs/escape/${name}.asm`, '-o', join(dir, 'out.com')]);
      expect(new Uint8Array(readFileSync(join(dir, 'out.com')))).toEqual(committed);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe('E1 cli-forever: CLI then JMP $', () => {
  describe.each(PROFILE_NAMES)('%s', (profile) => {
    it.each(PAGING_MODES)('paging %s: contained, the victim keeps running', (paging) => {
      const { hv, victim, attacker, record } = pair('cli-forever', profile, paging);
      hv.run(40_000);
      expect(hv.hung).toBe(false);
      // Both VMs got quanta: the hypervisor took the CPU back from the spinning attacker every time.
      expect(victim.counters.guestInstructions).toBeGreaterThanOrEqual(10_000);
      expect(attacker.counters.guestInstructions).toBeGreaterThanOrEqual(10_000);
      expect(attacker.status).toBe('runnable');
      expect(guestMemoryHash(hv, victim)).toBe(VICTIM_HASH);
      expect(record.violations).toEqual([]);
      expect(audit(hv)).toEqual({ ok: true, violations: [] });
    });
  });

  it('386-V86 with IOPL = 3 (the deliberate misconfiguration): the real IF is cleared, the host hangs, I3 fails', () => {
    const { hv, victim } = pair('cli-forever', '386-V86', 'p2m', { iopl: 3 });
    hv.run(200_000);
    expect(hv.hung).toBe(true);
    const result = audit(hv);
    expect(result.ok).toBe(false);
    expect(result.violations.map((v) => [v.invariant, v.vm])).toEqual([['I3', 1]]);
    // The victim ran its first quantum (and the instruction at which the timer is taken), then never again.
    expect(victim.counters.guestInstructions).toBeLessThanOrEqual(hv.quantum + 1);
  });
});

describe('E2 forge-pte: map every frame number, look for the secret', () => {
  describe.each(PROFILE_NAMES)('%s', (profile) => {
    it.each(PAGING_MODES)('paging %s: never finds it', (paging) => {
      const { hv, victim, attacker, record } = pair('forge-pte', profile, paging);
      runUntilStopped(hv, attacker, 12_000_000);
      expect(attacker.status).toBe('stopped');
      if (paging === 'nested') {
        // The nested tables end at the VM's 1 MiB (+ the A20 wrap, 100000h-10FFFFh): the first frame beyond
        // (110h) is an NPT violation the hypervisor answers by stopping the VM, before the scan is done.
        expect(attacker.stopReason).toBe('illegal guest-physical address 110000h');
        expect(mailboxText(hv, attacker)).toBe('scanning');
      } else {
        expect(attacker.stopReason).toBe('halt');
        expect(mailboxText(hv, attacker)).toBe('not found');
        expect(mailboxWord(hv, attacker, 0x10)).toBe(0xffff);
        expect(mailboxWord(hv, attacker, 0x12)).toBe(19);
      }
      expect(guestMemoryHash(hv, victim)).toBe(VICTIM_HASH);
      expect(record.violations).toEqual([]);
      expect(record.audits).toBeGreaterThan(19);
      expect(audit(hv).ok).toBe(true);
    });
  });
});

describe('E5 the instructor switch "skip P2M translation of guest PTE frames"', () => {
  it('is off by default', () => expect(new Hypervisor().bugs.skipP2mForGuestPteFrames).toBe(false));

  describe.each(PROFILE_NAMES)('%s', (profile) => {
    it.each(['p2m', 'shadow', 'shadow-traced'] as const)(
      'paging %s: E2 finds the secret and the auditor flags I1',
      (paging) => {
        const { hv, victim, attacker, record } = pair('forge-pte', profile, paging);
        hv.bugs.skipP2mForGuestPteFrames = true;
        runUntilStopped(hv, attacker, 12_000_000);
        expect(attacker.stopReason).toBe('halt');
        expect(mailboxText(hv, attacker)).toBe('FOUND');
        // Reading is all it did: the victim's memory is intact, its confidentiality is not.
        expect(guestMemoryHash(hv, victim)).toBe(VICTIM_HASH);
        const flagged = record.violations.filter((v) => v.vm === attacker.id);
        expect(flagged.some((v) => v.invariant === 'I1' && /frame of VM0/.test(v.message))).toBe(true);
        expect(record.violations.every((v) => v.vm === attacker.id)).toBe(true);
      }
    );
  });
});

/** Virtual devices that record every port access and keep an 8259A IMR (OCW1 written at 21h reads back). */
function recordingDevices(log: string[]): VirtualDevices {
  const ports = new PortMap();
  let imr = 0;
  ports.register(
    {
      name: 'recorder',
      read8: (port) => {
        log.push(`in ${port.toString(16)}`);
        return port === 0x21 ? imr : 0xff;
      },
      write8: (port, value) => {
        log.push(`out ${port.toString(16)},${value.toString(16)}`);
        if (port === 0x21) imr = value;
      }
    },
    [0x20, 0x21, 0x40, 0x41, 0x42, 0x43]
  );
  return { ...noDevices(), ports };
}

describe('E3 port-poke: reprogram the PIT, mask every IRQ', () => {
  describe.each(PROFILE_NAMES)('%s', (profile) => {
    it.each(PAGING_MODES)('paging %s: only its own virtual devices change', (paging) => {
      const logs: string[][] = [[], []];
      const { hv, victim, attacker, record } = pair('port-poke', profile, paging, {
        devices: (id) => recordingDevices(logs[id])
      });
      const host: string[] = [];
      hv.machine.ports.register(
        { name: 'host', read8: () => (host.push('in'), 0xff), write8: () => void host.push('out') },
        [0x20, 0x21, 0x40, 0x41, 0x42, 0x43]
      );
      runUntilStopped(hv, attacker, 20_000);
      expect(attacker.stopReason).toBe('halt');
      expect(logs[1]).toEqual(['out 43,36', 'out 40,1', 'out 40,0', 'out 21,ff', 'in 21']);
      expect(peekGuest(hv, attacker, 0x500)).toBe(0xff);
      expect(logs[0]).toEqual([]);
      expect(host).toEqual([]);
      expect(guestMemoryHash(hv, victim)).toBe(VICTIM_HASH);
      expect(record.violations).toEqual([]);
    });
  });
});
