// Keys as outside inputs on a machine with the PC board and the BIOS: a key typed while a program waits in INT 16h
// reaches it; the input is logged at its step, so stepping back before it and forward again replays it (the same
// full state hash), and stepping back before it takes its effect away. Printed text (port E9h, where the BIOS's
// teletype copies each character) is device state and goes back with the rest.
import { describe, expect, it } from 'vitest';
import { assemble, COM_SEGMENT, DebugEngine, loadComWithBios, Machine, MachineTarget } from '$lib/emu';

// Read a key with INT 16h AH=00h (it waits), print it with INT 10h AH=0Eh (teletype), then stop.
const READ_AND_ECHO = `bits 16
org 0x100
        mov ah, 0x00
        int 0x16        ; AL = the key's character, AH = its scan code
        mov ah, 0x0E
        int 0x10        ; print AL
        hlt
`;

function boardRig(source: string): { machine: Machine; engine: DebugEngine } {
  const program = assemble(source, { fileName: 'keys.asm' });
  expect(program.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const machine = new Machine({ memorySize: 1024 * 1024, board: true });
  loadComWithBios(machine, program.image);
  const engine = new DebugEngine(new MachineTarget(machine), { history: { interval: 64 } });
  engine.setSource(program.sourceMap, COM_SEGMENT);
  return { machine, engine };
}

const printed = (machine: Machine) => machine.board!.debugConsole.peekText();

describe('key input', () => {
  it('reaches a program waiting in INT 16h, and replays over step back', () => {
    const { machine, engine } = boardRig(READ_AND_ECHO);
    // Without a key the program waits: a long run ends by the step limit, nothing printed.
    expect(engine.continue(5000).reason).toBe('limit');
    expect(printed(machine)).toBe('');
    const inputStep = engine.step;
    engine.input({ kind: 'key', text: 'x' });
    expect(engine.continue(100_000).reason).toBe('halt');
    // 'x' on a US keyboard: ASCII 78h; the teletype printed it.
    expect(machine.registers().ax & 0xff).toBe(0x78);
    expect(printed(machine)).toBe('x');
    const end = engine.step;
    const endHash = engine.target.stateHash();

    engine.jumpTo(inputStep - 10);
    expect(printed(machine)).toBe('');
    engine.jumpTo(end);
    expect(engine.target.stateHash()).toBe(endHash);
    expect(printed(machine)).toBe('x');
    // Back before the key: it was never typed, nothing waits in the keyboard.
    engine.stepBack(end - inputStep + 1);
    expect(engine.step).toBe(inputStep - 1);
    expect(machine.board!.keyboard.pending).toBe(0);
  });

  it('a scan code presses a key without a character (F1: scan code 3Bh, ASCII 0)', () => {
    const { machine, engine } = boardRig(READ_AND_ECHO);
    engine.continue(2000);
    engine.input({ kind: 'key', scancode: 0x3b });
    expect(engine.continue(100_000).reason).toBe('halt');
    // INT 16h: AH = the scan code, AL = 0; then the program set AH = 0Eh for the teletype.
    expect(machine.registers().ax).toBe(0x0e00);
  });

  it('a machine without a board refuses a key, and history stays as it was', () => {
    const program = assemble('org 0x100\nnop\nhlt\n');
    const machine = new Machine();
    machine.loadCom(program.image);
    const engine = new DebugEngine(new MachineTarget(machine));
    expect(() => engine.input({ kind: 'key', text: 'a' })).toThrow(/no keyboard/);
    expect(engine.history.inputs).toEqual([]);
  });
});
