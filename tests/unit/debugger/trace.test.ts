// The trace: one record per step with what it changed; JSON and CSV export; and the CLI's run --break/--trace.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COM_SEGMENT, Machine, TraceRecorder, traceToCsv, assemble } from '$lib/emu';
import { breakpointFromArg, debugRun, parseAddress } from '../../../src/cli/debug-run';
import { rig } from './helpers';
import { PROGRAM } from './program';

const S = COM_SEGMENT;

describe('trace records', () => {
  it('one record per step, with register changes, memory writes, port I/O and interrupts', () => {
    const { engine, label } = rig(PROGRAM);
    engine.trace = new TraceRecorder();
    expect(engine.continue().reason).toBe('halt');
    const records = engine.trace.records;
    expect(records.length).toBe(engine.step);
    expect(records.map((r) => r.step)).toEqual(records.map((_, i) => i));

    const first = records[0]; // xor bx, bx: BX was 0 already, only IP moves (and FLAGS)
    expect(first.text).toBe('xor bx,bx');
    expect(first.registers.ip).toEqual([0x100, 0x102]);
    expect(first.registers.bx).toBeUndefined();

    const store = records.find((r) => r.memoryWrites.some((w) => w.address === S * 16 + label('data')));
    expect(store?.memoryWrites).toEqual([{ address: S * 16 + label('data'), size: 1, old: 0, value: 3 }]);

    const call = records.find((r) => r.text.startsWith('call'));
    // CALL pushes the return address (the LOOP after it) at SS:FFFCh.
    expect(call?.memoryWrites).toEqual([
      { address: S * 16 + 0xfffc, size: 2, old: 0, value: label('again') + 3 }
    ]);
    expect(call?.registers.sp).toEqual([0xfffe, 0xfffc]);

    const out = records.find((r) => r.ports.length > 0 && r.ports[0].direction === 'out');
    expect(out?.ports).toEqual([{ port: 0xe9, direction: 'out', size: 1, value: 0x41 }]);
    const input = records.find((r) => r.ports.length > 0 && r.ports[0].direction === 'in');
    expect(input?.ports).toEqual([{ port: 0x60, direction: 'in', size: 1, value: 0xff }]);

    const int = records.find((r) => r.text === 'int 0x80');
    expect(int?.event).toBe('interrupt 80h (software)');
    expect(int?.registers.ip?.[1]).toBe(label('handler'));
    expect(records[records.length - 1]).toMatchObject({ text: 'hlt', event: 'halted' });
  });

  it('CSV: a header, one row per record, quoted where a field holds a comma', () => {
    const csv = traceToCsv([
      {
        step: 0,
        cs: 0x1000,
        ip: 0x100,
        text: 'mov ax,0x5',
        registers: { ax: [0, 5], ip: [0x100, 0x103] },
        memoryWrites: [{ address: 0x10200, size: 2, old: 0, value: 0x1234 }],
        ports: [{ port: 0xe9, direction: 'out', size: 1, value: 0x41 }]
      }
    ]);
    expect(csv).toBe(
      'step,cs,ip,instruction,registers,memory_writes,ports,event\n' +
        '0,1000,0100,"mov ax,0x5",ax=0000->0005 ip=0100->0103,10200:0000->1234,out 00E9=41,\n'
    );
  });
});

describe('cli: run --break --trace', () => {
  it.each([
    ['addone', { kind: 'segmented', segment: S, offset: 0 }], // offset filled in below from the label
    ['0x123', { kind: 'segmented', segment: S, offset: 0x123 }],
    ['123h', { kind: 'segmented', segment: S, offset: 0x123 }],
    ['2000:0010', { kind: 'segmented', segment: 0x2000, offset: 0x10 }],
    ['prog.asm:12', { kind: 'line', file: 'prog.asm', line: 12 }]
  ])('--break %s', (text, location) => {
    const program = assemble(`org 0x100\nnop\naddone: ret\n`);
    const expected = text === 'addone' ? { ...location, offset: 0x101 } : location;
    expect(breakpointFromArg(text, program)).toEqual({ location: expected });
  });

  it.each(['nolabel', '1000:xyz'])('--break %s is an error message', (text) => {
    expect(typeof breakpointFromArg(text, null)).toBe('string');
  });

  it.each([
    ['0x1F', 0x1f],
    ['1Fh', 0x1f],
    ['31', 31],
    ['zz', null]
  ])('address %s = %s', (text, value) => {
    expect(parseAddress(text)).toBe(value);
  });

  it('stops at a label and writes a JSON and a CSV trace of the steps before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hyperstep-trace-'));
    const program = assemble(`org 0x100\n${PROGRAM}`, { fileName: 'prog.asm' });
    for (const file of ['t.json', 't.csv']) {
      const machine = new Machine();
      machine.loadCom(program.image);
      const result = debugRun(machine, program, {
        breaks: ['handler'],
        trace: join(dir, file),
        maxSteps: 1000
      });
      expect(result.stop.reason).toBe('breakpoint');
      expect(result.breakpoint).toBe('handler');
      expect(machine.registers().ax).toBe(0x41);
      expect(result.traced).toBe(result.stop.step);
    }
    const json = JSON.parse(readFileSync(join(dir, 't.json'), 'utf8')) as unknown[];
    const csv = readFileSync(join(dir, 't.csv'), 'utf8').trim().split('\n');
    expect(json.length).toBe(csv.length - 1);
    expect(csv[csv.length - 1]).toContain('int 0x80');
    writeFileSync(join(dir, 'done'), '');
  });

  it('refuses a trace file that is neither .csv nor .json', () => {
    const machine = new Machine();
    expect(() => debugRun(machine, null, { breaks: [], trace: 'out.txt', maxSteps: 10 })).toThrow(
      /\.csv or \.json/
    );
  });
});

describe('trace and history', () => {
  it('going back forgets the steps ahead; going forward again records them once', () => {
    const { engine } = rig(PROGRAM);
    engine.trace = new TraceRecorder();
    engine.continue();
    const all = engine.trace.toJson();
    const count = engine.trace.records.length;
    engine.jumpTo(10);
    expect(engine.trace.records.length).toBe(10);
    engine.continue();
    expect(engine.trace.records.length).toBe(count);
    expect(engine.trace.toJson()).toBe(all);
  });
});
