// Reverse execution: step back, jump, reverse-continue to breakpoints and watchpoints, outside inputs replayed,
// checkpoints thinned under a byte budget — every return checked against the state hash recorded going forward.
import { describe, expect, it } from 'vitest';
import { COM_SEGMENT, type DebugEngine } from '$lib/emu';
import { rig } from './helpers';
import { PROGRAM } from './program';

const S = COM_SEGMENT;

/** Step to the end one step at a time, recording the state hash at every step (index = step). */
function forwardHashes(engine: DebugEngine): number[] {
  const hashes = [engine.target.stateHash()];
  while (engine.stepInto().reason === 'step') hashes.push(engine.target.stateHash());
  hashes.push(engine.target.stateHash());
  return hashes;
}

describe.each([
  ['one checkpoint (the default interval)', {}],
  ['a checkpoint every 3 steps', { interval: 3 }],
  ['every step, with a budget that forces thinning', { interval: 1, budgetBytes: 40_000 }]
])('history with %s', (_, history) => {
  it('jumping to any step lands on the state recorded there', () => {
    const { engine } = rig(PROGRAM, { history });
    const hashes = forwardHashes(engine);
    const end = engine.step;
    expect(engine.state).toBe('halted');
    for (const k of [0, 1, 5, end - 1, 7, 3, end, 12, 2]) {
      engine.jumpTo(k);
      expect([engine.step, engine.target.stateHash()]).toEqual([k, hashes[k]]);
    }
  });

  it('step back one at a time from the HLT to the start', () => {
    const { engine } = rig(PROGRAM, { history });
    const hashes = forwardHashes(engine);
    for (let k = engine.step - 1; k >= 0; k--) {
      expect(engine.stepBack().reason).toBe('step');
      expect(engine.target.stateHash()).toBe(hashes[k]);
    }
    expect(engine.stepBack().reason).toBe('refused');
    expect(engine.state).toBe('paused');
  });
});

describe('reverse continue', () => {
  it('goes back to each earlier hit of a breakpoint, latest first, then to the start of history', () => {
    const { engine, machine, label } = rig(PROGRAM, { history: { interval: 4 } });
    engine.addBreakpoint({ location: { kind: 'segmented', segment: S, offset: label('addone') } });
    engine.breakpoints.setEnabled(1, false);
    expect(engine.continue().reason).toBe('halt');
    engine.breakpoints.setEnabled(1, true);
    for (const ax of [4, 3, 2, 1, 0]) {
      const stop = engine.reverseContinue();
      expect(stop.reason).toBe('breakpoint');
      expect([machine.registers().ip, machine.registers().ax]).toEqual([label('addone'), ax]);
    }
    expect(engine.reverseContinue().reason).toBe('history-start');
    expect(engine.step).toBe(0);
  });

  it('honours conditions but does not count hits', () => {
    const { engine, machine, label } = rig(PROGRAM);
    const result = engine.addBreakpoint({
      location: { kind: 'linear', address: S * 16 + label('addone') },
      condition: 'ax == 2'
    });
    expect(engine.continue().reason).toBe('breakpoint');
    expect(engine.continue().reason).toBe('halt');
    expect(engine.reverseContinue().reason).toBe('breakpoint');
    expect(machine.registers().ax).toBe(2);
    expect(result.ok && result.breakpoint.hits).toBe(1);
  });

  it('goes back to the step right after a watched write', () => {
    const { engine, machine, label } = rig(PROGRAM);
    expect(engine.continue().reason).toBe('halt');
    engine.addWatchpoint({ kind: 'memory', address: S * 16 + label('data'), length: 1, access: 'write' });
    const stop = engine.reverseContinue();
    expect(stop.reason).toBe('watchpoint');
    // The write was `mov byte [si], 3`; the machine stands after it, before `mov dl, [si]`.
    expect(machine.memory.bytes[S * 16 + label('data')]).toBe(3);
    expect(machine.registers().dx).toBe(0);
    engine.stepInto();
    expect(machine.registers().dx).toBe(3);
  });
});

describe('outside inputs are logged and replayed', () => {
  it('a register edit mid-run: history after it is redone, going back and forth reaches the same states', () => {
    const { engine, machine, label } = rig(PROGRAM, { history: { interval: 5 } });
    engine.runTo(S, label('again'));
    const inputStep = engine.step;
    engine.input({ kind: 'registers', values: { cx: 2 } });
    const afterInput = engine.target.stateHash();
    expect(engine.continue().reason).toBe('halt');
    const end = engine.step;
    const endHash = engine.target.stateHash();
    expect(engine.history.inputs).toEqual([
      { step: inputStep, input: { kind: 'registers', values: { cx: 2 } } }
    ]);
    engine.jumpTo(inputStep - 1);
    expect(machine.registers().cx).toBe(5);
    engine.jumpTo(inputStep);
    expect(engine.target.stateHash()).toBe(afterInput);
    engine.jumpTo(end);
    expect(engine.target.stateHash()).toBe(endHash);
    // Two calls only: the loop ran with CX = 2. AX at HLT is 41h (MOV AL, 41h over AX = 2).
    expect(machine.registers().ax).toBe(0x41);
  });

  it('an input after going back drops the history that followed', () => {
    const { engine, machine, label } = rig(PROGRAM);
    expect(engine.continue().reason).toBe('halt');
    const data = S * 16 + label('data');
    engine.jumpTo(3);
    engine.input({ kind: 'poke', address: data, bytes: [0x99] });
    expect(engine.history.head).toBe(3);
    expect(machine.memory.bytes[data]).toBe(0x99);
    engine.jumpTo(0);
    expect(machine.memory.bytes[data]).toBe(0);
    engine.jumpTo(3);
    expect(machine.memory.bytes[data]).toBe(0x99);
  });
});

describe('history size', () => {
  it('checkpoints share unchanged pages: a loop that writes one page costs one page per checkpoint', () => {
    const { engine } = rig(
      `
again:  inc word [counter]
        jmp again
counter: dw 0
`,
      { history: { interval: 1000 } }
    );
    engine.continue(100_000);
    const steps = engine.history.checkpointSteps;
    expect(steps.length).toBe(101);
    // The first checkpoint holds the program's page; each later one only the page with the counter (the same).
    expect(engine.history.bytes()).toBeLessThan(101 * (4096 + 4096) + 4096);
  });

  it('thins old checkpoints when over budget, and still lands exactly', () => {
    const { engine } = rig(
      `
again:  inc word [counter]
        jmp again
counter: dw 0
`,
      { history: { interval: 100, budgetBytes: 200_000 } }
    );
    engine.jumpTo(500);
    const hash = engine.target.stateHash();
    engine.continue(20_000);
    expect(engine.history.bytes()).toBeLessThanOrEqual(200_000);
    expect(engine.history.checkpointSteps.length).toBeLessThan(200);
    engine.jumpTo(500);
    expect(engine.target.stateHash()).toBe(hash);
  });
});

describe('an input the target refuses', () => {
  it('throws and leaves history as it was', () => {
    const { engine } = rig(PROGRAM);
    engine.continue();
    const head = engine.history.head;
    engine.jumpTo(4);
    expect(() => engine.input({ kind: 'device', device: 'keyboard', data: 0x1e })).toThrow(/no device/);
    expect([engine.history.head, engine.history.inputs.length]).toEqual([head, 0]);
  });
});
