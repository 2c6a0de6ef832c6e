// `run FILE [FILE…] --vm PROFILE --paging MODE [--json]` (issue 5): one VM per file; the JSON shape graders read.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function cli(...args: string[]) {
  const result = spawnSync('node', ['scripts/cli.mjs', ...args], { encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('run --vm', () => {
  it('runs the same file twice as two VMs and reports each in JSON', () => {
    const file = 'static/programs/default.com';
    const bare = JSON.parse(cli('run', file, '--json').stdout);
    const { code, stdout } = cli('run', file, file, '--vm', 'Strict-P&G', '--paging', 'shadow', '--json');
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.vms).toHaveLength(2);
    for (const vm of report.vms) {
      expect(vm.stop).toBe('halt');
      expect(vm.regs).toEqual(bare.regs);
      expect(vm.exits).toEqual({ '12': 1 }); // HLT, and nothing else: the program is CPU-only
      expect(vm.counters.guestInstructions).toBeGreaterThan(0);
    }
    expect(report.auditor).toEqual({ ok: true, violations: [] });
  });

  it('prints each VM, its exits and the auditor', () => {
    const { code, stdout } = cli(
      'run',
      'static/programs/paging-switch.com',
      '--vm',
      'HW-assist',
      '--paging',
      'nested'
    );
    expect(code).toBe(0);
    expect(stdout).toMatch(/== VM 0 .*HW-assist, paging nested; stopped: halt/);
    expect(stdout).toMatch(/AX=0BB8 {2}BX=1770/);
    expect(stdout).toMatch(/exits: .*HLT \(12\) 1/);
    expect(stdout).toMatch(/auditor: ok/);
  });

  it.each([
    [['--vm', 'VMware'], /unknown profile 'VMware'/],
    [['--vm', 'HW-assist', '--paging', 'ept'], /unknown mode 'ept'/]
  ])('refuses %j with a clear message', (options, message) => {
    const { code, stderr } = cli('run', 'static/programs/default.com', ...options);
    expect(code).not.toBe(0);
    expect(stderr).toMatch(message);
  });
});
