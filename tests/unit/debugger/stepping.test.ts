// Step into, step over (CALL, INT and REP aware), step out and run to cursor, and the execution state the
// buttons ask. Expected positions are read off the program (program.ts).
import { describe, expect, it } from 'vitest';
import { canPause, canRun, canStep, canStepBack, COM_SEGMENT, controlAt, transition } from '$lib/emu';
import { rig } from './helpers';
import { PROGRAM } from './program';

const S = COM_SEGMENT;

describe('step granularity', () => {
  it('step into a CALL enters the routine; step out comes back after it', () => {
    const { engine, machine, label } = rig(PROGRAM);
    expect(engine.runTo(S, label('again')).reason).toBe('done');
    const into = engine.stepInto();
    expect(into.reason).toBe('step');
    expect(machine.registers().ip).toBe(label('addone'));
    engine.stepInto(); // inc ax
    const out = engine.stepOut();
    expect(out.reason).toBe('done');
    // Back at the LOOP after the 3-byte CALL, with AX incremented once.
    expect(machine.registers().ip).toBe(label('again') + 3);
    expect(machine.registers().ax).toBe(1);
  });

  it('step out from the first instruction of a routine (nothing executed yet) returns past the RET', () => {
    const { engine, machine, label } = rig(PROGRAM);
    engine.runTo(S, label('addone'));
    expect(engine.stepOut().reason).toBe('done');
    expect(machine.registers().ip).toBe(label('again') + 3);
  });

  it('step over a CALL runs the whole routine and stops after it', () => {
    const { engine, machine, label } = rig(PROGRAM);
    engine.runTo(S, label('again'));
    const before = engine.step;
    expect(engine.stepOver().reason).toBe('done');
    expect(machine.registers().ip).toBe(label('again') + 3);
    expect(machine.registers().ax).toBe(1);
    expect(engine.step - before).toBe(3); // CALL, INC, RET
  });

  it('step over INT runs the handler to its IRET', () => {
    const { engine, machine, label, program } = rig(PROGRAM);
    const intOffset = program.sourceMap.entries.find(
      (e) => e.size === 2 && machine.memory.bytes[S * 16 + e.address] === 0xcd
    );
    if (!intOffset) throw new Error('no INT in the program');
    engine.runTo(S, intOffset.address);
    expect(engine.stepOver().reason).toBe('done');
    expect(machine.registers().ip).toBe(intOffset.address + 2);
    expect(machine.registers().di).toBe(0x7777);
    expect(label('handler')).toBeGreaterThan(0);
  });

  it('step over a plain instruction is one step', () => {
    const { engine } = rig(PROGRAM);
    expect(engine.stepOver().reason).toBe('step');
    expect(engine.step).toBe(1);
  });

  it('step over stops at a breakpoint inside the routine it steps over', () => {
    const { engine, machine, label } = rig(PROGRAM);
    engine.runTo(S, label('again'));
    engine.addBreakpoint({ location: { kind: 'segmented', segment: S, offset: label('addone') } });
    expect(engine.stepOver().reason).toBe('breakpoint');
    expect(machine.registers().ip).toBe(label('addone'));
  });

  it('a recursive routine: step over waits for the return of the same frame (SP back up)', () => {
    // count(n): if n == 0 return; call count(n - 1). Step over the outer call must not stop at the inner return.
    const { engine, machine, label } = rig(`
        mov cx, 3
        call count
after:  hlt
count:  jcxz done
        dec cx
        call count
done:   ret
`);
    engine.stepInto(); // mov cx, 3
    expect(engine.stepOver().reason).toBe('done');
    expect(machine.registers().ip).toBe(label('after'));
    expect(machine.registers().sp).toBe(0xfffe);
  });

  it.each([
    [[0xe8, 0, 0], 'call', 3],
    [[0x9a, 0, 0, 0, 0], 'call', 5],
    [[0xff, 0b11_010_000], 'call', 2],
    [[0xff, 0b00_011_111], 'call', 2],
    [[0xff, 0b11_100_000], 'other', 2], // FF /4 is JMP
    [[0xcd, 0x21], 'interrupt', 2],
    [[0xcc], 'interrupt', 1],
    [[0xce], 'interrupt', 1],
    [[0xf3, 0xa4], 'repeat', 2],
    [[0xf2, 0xae], 'repeat', 2],
    [[0xa4], 'other', 1], // MOVSB without REP is one iteration
    [[0xc3], 'return', 1],
    [[0xca, 2, 0], 'return', 3],
    [[0xcf], 'return', 1],
    [[0x90], 'other', 1]
  ])('controlAt %j is %s, %d bytes', (bytes, kind, length) => {
    const info = controlAt((a) => bytes[a] ?? 0, 0, 0);
    expect(info).toEqual({ kind, length });
  });
});

describe('execution state', () => {
  it.each([
    ['empty', false, false, false],
    ['paused', true, true, false],
    ['running', false, false, true],
    ['halted', true, true, false],
    ['shutdown', false, false, false]
  ] as const)('%s: canStep %s, canRun %s, canPause %s', (state, step, run, pause) => {
    expect(canStep(state)).toBe(step);
    expect(canRun(state)).toBe(run);
    expect(canPause(state)).toBe(pause);
  });

  it.each([
    ['paused', 5, 0, true],
    ['paused', 0, 0, false],
    ['running', 5, 0, false],
    ['halted', 5, 0, true],
    ['shutdown', 5, 0, true],
    ['empty', 5, 0, false]
  ] as const)('%s at step %d (history from %d): canStepBack %s', (state, step, start, expected) => {
    expect(canStepBack(state, step, start)).toBe(expected);
  });

  it.each([
    ['empty', 'run', null],
    ['empty', 'load', 'paused'],
    ['paused', 'run', 'running'],
    ['running', 'step', null],
    ['running', 'stop', 'paused'],
    ['running', 'halt', 'halted'],
    ['shutdown', 'run', null],
    ['shutdown', 'rewind', 'paused']
  ] as const)('%s --%s--> %s', (state, event, next) => {
    expect(transition(state, event)).toBe(next);
  });

  it('the engine goes paused → running → halted, and refuses to step while running', () => {
    const { engine } = rig(PROGRAM);
    expect(engine.state).toBe('paused');
    expect(engine.start('continue')).toBe(true);
    expect(engine.state).toBe('running');
    expect(engine.stepInto().reason).toBe('refused');
    expect(engine.runSlice(3)).toBeNull();
    expect(engine.pause().reason).toBe('pause');
    expect(engine.state).toBe('paused');
    expect(engine.continue().reason).toBe('halt');
    expect(engine.state).toBe('halted');
  });
});
