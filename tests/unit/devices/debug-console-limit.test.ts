// The debug console's scrollback for hosts that never take its output (the IDE): a count of every byte written
// since power-on, the latest bytes kept up to a limit, and both carried by state()/restore().
import { describe, expect, it } from 'vitest';
import { DebugConsole } from '$lib/emu/devices/debug-console';

const write = (device: DebugConsole, text: string) => {
  for (const c of text) device.write8(0xe9, c.charCodeAt(0));
};
const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);

describe('debug console scrollback', () => {
  it('counts every byte written, and recent(n) gives the last n without taking them', () => {
    const e9 = new DebugConsole();
    write(e9, 'Hello');
    expect(e9.written).toBe(5);
    expect(text(e9.recent(3))).toBe('llo');
    expect(text(e9.recent(99))).toBe('Hello');
    expect(e9.peekText()).toBe('Hello');
  });

  it('keeps at least the limit and never more than twice it, always the latest bytes', () => {
    const e9 = new DebugConsole({ limit: 4 });
    write(e9, 'abcdefghij'); // 10 bytes: trimmed to 4 when the 8th arrives (efgh), then i, j
    expect(e9.written).toBe(10);
    expect(e9.peekText()).toBe('efghij');
    expect(text(e9.recent(4))).toBe('ghij');
  });

  it('state() / restore() carries the count, so a restored console knows what was already written', () => {
    const a = new DebugConsole({ limit: 4 });
    write(a, 'abcdefgh');
    const saved = structuredClone(a.state());
    write(a, 'XYZ');
    a.restore(saved);
    expect(a.written).toBe(8);
    expect(a.peekText()).toBe('efgh');
  });

  it('an older snapshot without the count restores with the count of its pending bytes', () => {
    const e9 = new DebugConsole();
    e9.restore({ pending: [0x41, 0x42] });
    expect(e9.written).toBe(2);
  });
});
