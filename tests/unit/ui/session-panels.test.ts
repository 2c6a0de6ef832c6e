// What the session does for the machine panels, with a stand-in for the engine's worker: it keeps a mirror of the
// memory pages updates carry, sends register and memory edits as outside inputs only while paused, and lets one
// history jump travel at a time (a dragged scrubber sends the latest step when the answer comes).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DebugSession } from '$lib/ui/debug-session.svelte';
import type { Command, HostMessage, Update } from '$lib/worker/protocol';
import type { Registers } from '$lib/emu';

/** The engine worker's stand-in: records what the session posts, and lets the test answer. */
class FakeWorker {
  static last: FakeWorker | null = null;
  posted: Command[] = [];
  onmessage: ((event: { data: HostMessage }) => void) | null = null;
  onerror: unknown = null;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(command: Command): void {
    this.posted.push(command);
  }
  terminate(): void {}
  answer(message: HostMessage): void {
    this.onmessage?.({ data: message });
  }
}

const REGISTERS: Registers = {
  ax: 0,
  bx: 0,
  cx: 0,
  dx: 0,
  si: 0,
  di: 0,
  bp: 0,
  sp: 0xfffe,
  cs: 0x1000,
  ds: 0x1000,
  es: 0x1000,
  ss: 0x1000,
  ip: 0x100,
  flags: 0xf002
};

function update(step: number, state: Update['state'] = 'paused', pages: Update['pages'] = []): HostMessage {
  return {
    type: 'update',
    update: {
      state,
      step,
      historyStart: 0,
      historyHead: 10,
      registers: { ...REGISTERS, ip: 0x100 + step },
      pages,
      waitingForKey: false
    }
  };
}

describe('DebugSession for the panels', () => {
  let session: DebugSession;
  let engine: FakeWorker;
  const sent = (type: Command['type']) => engine.posted.filter((c) => c.type === type);

  beforeEach(() => {
    vi.stubGlobal('Worker', FakeWorker);
    session = new DebugSession();
    session.connect('org 0x100\nhlt\n');
    engine = FakeWorker.last!;
  });

  afterEach(() => {
    session.dispose();
    vi.unstubAllGlobals();
  });

  it('keeps the pages an update carries in its memory mirror', () => {
    const bytes = new Uint8Array(4096);
    bytes[0x100] = 0xf4; // hlt at 1000:0100 (linear 10100h, page 10h)
    const before = session.memoryVersion;
    engine.answer(update(0, 'paused', [{ index: 0x10, bytes }]));
    expect(session.memory.read8(0x10100)).toBe(0xf4);
    expect(session.memoryVersion).toBeGreaterThan(before);
  });

  it('sends register and memory edits as inputs while paused, and not while running', () => {
    engine.answer(update(0, 'running'));
    session.setRegisters({ ax: 0x42 });
    session.poke(0x10200, [0x5a]);
    expect(sent('input')).toEqual([]);
    engine.answer(update(1, 'paused'));
    session.setRegisters({ ax: 0x42 });
    session.poke(0x10200, [0x5a]);
    expect(sent('input')).toEqual([
      { type: 'input', input: { kind: 'registers', values: { ax: 0x42 } } },
      { type: 'input', input: { kind: 'poke', address: 0x10200, bytes: [0x5a] } }
    ]);
  });

  it('lets one jump travel at a time, then sends the latest step asked for', () => {
    engine.answer(update(10));
    session.jump(2);
    session.jump(3);
    session.jump(4);
    expect(sent('jump')).toEqual([{ type: 'jump', step: 2 }]);
    engine.answer(update(2)); // the answer to the first: the latest asked for goes next
    expect(sent('jump')).toEqual([
      { type: 'jump', step: 2 },
      { type: 'jump', step: 4 }
    ]);
    engine.answer(update(4));
    session.jump(5);
    expect(sent('jump')).toHaveLength(3);
  });

  it('a refused jump does not block the next one', () => {
    engine.answer(update(10));
    session.jump(2);
    engine.answer({ type: 'error', message: 'not possible' });
    session.jump(3);
    expect(sent('jump')).toEqual([
      { type: 'jump', step: 2 },
      { type: 'jump', step: 3 }
    ]);
  });
});
