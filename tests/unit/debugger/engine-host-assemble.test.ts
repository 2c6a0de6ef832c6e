// The engine host also assembles the editor's text (one worker for both, so the opcode table and decoder are
// downloaded once): an assemble request is answered with its version, the image, the source map, the labels and
// the diagnostics, before any program is loaded and while one runs, and never touches the machine.
// The host runs in-process with a hand-driven environment: a fake clock and a queue of deferred callbacks.
import { describe, expect, it } from 'vitest';
import { EngineHost } from '../../../src/lib/worker/engine-host';
import type { AssembleReply, Command, HostMessage, Update } from '../../../src/lib/worker/protocol';

class Harness {
  clock = 0;
  private queue: (() => void)[] = [];
  messages: HostMessage[] = [];
  /** The buffers handed over with each message, in the same order. */
  transfers: ArrayBuffer[][] = [];
  readonly host = new EngineHost({
    post: (message, transfer = []) => {
      this.messages.push(message);
      this.transfers.push(transfer);
    },
    // Each look at the clock moves it 4 ms: a full-speed slice (8 ms) runs a chunk or two of few steps.
    now: () => (this.clock += 4),
    defer: (run) => this.queue.push(run),
    after: (_ms, run) => this.queue.push(run)
  });

  send(command: Command): void {
    this.host.handle(command);
  }

  /** Run `count` deferred callbacks (a running goal reschedules itself, so this does not wait for it to end). */
  runDeferred(count: number): void {
    for (let i = 0; i < count && this.queue.length > 0; i++) this.queue.shift()!();
  }

  replies(from = 0): AssembleReply[] {
    return this.messages.slice(from).flatMap((m) => (m.type === 'assembled' ? [m.reply] : []));
  }

  updates(from = 0): Update[] {
    return this.messages.slice(from).flatMap((m) => (m.type === 'update' ? [m.update] : []));
  }
}

// Encodings from the Intel 8086 manual: MOV AX,imm16 is B8 iw (little-endian), HLT is F4, INC AX is 40,
// JMP rel8 is EB cb (here back 3 bytes to the INC: FD).
const PROGRAM = 'org 0x100\nstart: mov ax, 0x1234\n\n  hlt\n';
const LOOP = 'org 0x100\nagain: inc ax\njmp again\n';

describe('engine host: assembling', () => {
  it('answers before any program is loaded: its version, the image, the source map, the labels', () => {
    const harness = new Harness();
    harness.send({ type: 'assemble', version: 3, source: PROGRAM });
    expect(harness.messages.map((m) => m.type)).toEqual(['assembled']);
    const [reply] = harness.replies();
    expect(reply.version).toBe(3);
    expect(reply.ok).toBe(true);
    expect([...reply.image]).toEqual([0xb8, 0x34, 0x12, 0xf4]);
    expect(reply.origin).toBe(0x100);
    expect(reply.diagnostics).toEqual([]);
    // Addresses with the origin (what IP holds there); the HLT is on line 4 after a blank line.
    expect(
      reply.sourceMap.entries.map(({ address, size, file, line }) => [address, size, file, line])
    ).toEqual([
      [0x100, 3, 'main.asm', 2],
      [0x103, 1, 'main.asm', 4]
    ]);
    expect(reply.symbols).toEqual([{ name: 'start', value: 0x100, kind: 'label' }]);
    // The image's buffer is handed over with the message, not copied.
    expect(harness.transfers[0]).toEqual([reply.image.buffer]);
  });

  it('a source with an error: not ok, no image, the diagnostic on the line and word at fault', () => {
    const harness = new Harness();
    harness.send({ type: 'assemble', version: 1, source: 'org 0x100\n  movv ax, 1\nhlt\n' });
    const [reply] = harness.replies();
    expect(reply.ok).toBe(false);
    expect(reply.image.length).toBe(0);
    expect(reply.diagnostics).toHaveLength(1);
    expect(reply.diagnostics[0]).toMatchObject({ severity: 'error', file: 'main.asm', line: 2, column: 3 });
    expect(reply.diagnostics[0].message).toContain('movv');
  });

  it('answers each request in order with its own version (the page drops the older ones)', () => {
    const harness = new Harness();
    harness.send({ type: 'assemble', version: 5, source: PROGRAM });
    harness.send({ type: 'assemble', version: 6, source: LOOP });
    expect(harness.replies().map((r) => [r.version, [...r.image]])).toEqual([
      [5, [0xb8, 0x34, 0x12, 0xf4]],
      [6, [0x40, 0xeb, 0xfd]]
    ]);
  });

  it('leaves a loaded, paused machine alone: no update, and stepping goes on from the same step', () => {
    const harness = new Harness();
    harness.send({ type: 'assemble', version: 1, source: PROGRAM });
    const program = harness.replies()[0];
    harness.send({ type: 'load', image: program.image.slice(), sourceMap: program.sourceMap });
    harness.send({ type: 'step', granularity: 'into' });
    harness.runDeferred(100);
    const before = harness.updates().at(-1)!;
    expect(before.step).toBe(1);
    expect(before.registers.ax).toBe(0x1234);

    const from = harness.messages.length;
    harness.send({ type: 'assemble', version: 2, source: LOOP });
    expect(harness.messages.slice(from).map((m) => m.type)).toEqual(['assembled']);

    harness.send({ type: 'step', granularity: 'into' });
    harness.runDeferred(100);
    const after = harness.updates(from).at(-1)!;
    // The loaded program (MOV, HLT) goes on: the HLT ran, not the newly assembled loop.
    expect(after.step).toBe(2);
    expect(after.state).toBe('halted');
    expect(after.registers.ax).toBe(0x1234);
  });

  it('answers during a full-speed run, and the run goes on', () => {
    const harness = new Harness();
    harness.send({ type: 'assemble', version: 1, source: LOOP });
    harness.send({ type: 'load', image: harness.replies()[0].image.slice() });
    harness.send({ type: 'run' });
    harness.runDeferred(3);
    const running = harness.updates().at(-1)!;
    expect(running.state).toBe('running');
    expect(running.step).toBeGreaterThan(0);
    const from = harness.messages.length;
    harness.send({ type: 'assemble', version: 2, source: PROGRAM });
    expect(harness.replies(from).map((r) => r.version)).toEqual([2]);
    harness.runDeferred(3);
    harness.send({ type: 'pause' });
    harness.runDeferred(10);
    const stopped = harness.updates(from).at(-1)!;
    expect(stopped.state).toBe('paused');
    expect(stopped.step).toBeGreaterThan(running.step);
    // Still the loop: AX = ceil(steps / 2) after `inc ax; jmp again`.
    expect(stopped.registers.ax).toBe(Math.ceil(stopped.step / 2) & 0xffff);
    expect(stopped.registers.ip === 0x100 || stopped.registers.ip === 0x101).toBe(true);
  });
});
