// The engine host with the PC board and BIOS (as the CLI's `run`): a printing program's text arrives in the
// updates (only what is new, or the whole text again after a move back in time, exactly as it was at that step);
// a program waiting for a key is reported as waiting and gets a typed key; paced runs publish every step.
// The host runs in-process with a hand-driven environment: a fake clock and a queue of deferred callbacks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assemble } from '$lib/emu';
import { EngineHost } from '../../../src/lib/worker/engine-host';
import type { Command, HostMessage, Update } from '../../../src/lib/worker/protocol';

class Harness {
  clock = 0;
  private queue: { at: number; run: () => void }[] = [];
  messages: HostMessage[] = [];
  /** The console as the view would show it, from the updates. */
  text = '';
  readonly host = new EngineHost({
    post: (message) => {
      this.messages.push(message);
      if (message.type === 'update' && message.update.console) {
        const output = message.update.console;
        this.text = output.replace ? output.text : this.text + output.text;
      }
    },
    // Every look at the clock moves it on a little, so time-boxed loops end.
    now: () => (this.clock += 0.01),
    defer: (run) => this.queue.push({ at: this.clock, run }),
    after: (ms, run) => this.queue.push({ at: this.clock + ms, run })
  });

  send(command: Command): void {
    this.host.handle(command);
  }

  /** Run deferred work (the clock jumps to each timer) until nothing is left, or `limit` callbacks ran. */
  drain(limit = 100_000): void {
    for (let i = 0; i < limit && this.queue.length > 0; i++) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue.shift()!;
      this.clock = Math.max(this.clock, next.at);
      next.run();
    }
  }

  get last(): Update {
    const updates = this.messages.flatMap((m) => (m.type === 'update' ? [m.update] : []));
    return updates[updates.length - 1];
  }
}

function load(harness: Harness, source: string): void {
  const program = assemble(source, { fileName: 'main.asm' });
  expect(program.ok).toBe(true);
  harness.send({ type: 'load', image: program.image, sourceMap: program.sourceMap, memorySize: 1 << 20 });
}

/** The text after `expect-console:` in a program's header, with its \r \n escapes. */
function expectedConsole(source: string): string {
  const line = /expect-console: (.*)$/m.exec(source);
  if (!line) throw new Error('no expect-console line');
  return line[1].replace(/\\r/g, '\r').replace(/\\n/g, '\n');
}

describe('engine host: console and keyboard', () => {
  it('runs dos-hello.asm and shows the text its header states; step back takes the text back exactly', () => {
    const source = readFileSync('static/programs/dos-hello.asm', 'utf8');
    const harness = new Harness();
    load(harness, source);
    expect(harness.text).toBe('');
    // Forward one step at a time, noting the console after each step.
    const seen: string[] = [harness.text];
    for (let i = 0; i < 5000 && harness.last.state !== 'halted'; i++) {
      harness.send({ type: 'step', granularity: 'into' });
      harness.drain();
      seen.push(harness.text);
    }
    expect(harness.last.state).toBe('halted');
    expect(harness.text).toBe(expectedConsole(source));
    // Output only grows going forward, each update carrying just the new characters.
    for (let i = 1; i < seen.length; i++) expect(seen[i].startsWith(seen[i - 1])).toBe(true);
    // Back one step at a time to the start: the console is exactly what it was at each step.
    for (let i = seen.length - 2; i >= 0; i--) {
      harness.send({ type: 'step-back' });
      expect(harness.text, `step ${i}`).toBe(seen[i]);
    }
    expect(harness.last.step).toBe(0);
    // And a run from the start prints it all again, once.
    harness.send({ type: 'run' });
    harness.drain();
    expect(harness.text).toBe(expectedConsole(source));
  });

  it('reports a program waiting for a key, stops spinning, and goes on with the typed key', () => {
    const harness = new Harness();
    load(harness, 'org 0x100\nmov ah, 0\nint 0x16\nmov ah, 0x0E\nint 0x10\nmov al, 0x21\nint 0x10\nhlt\n');
    harness.send({ type: 'run' });
    harness.drain(2000);
    // The queue ran dry: the host parked the run instead of spinning, and said so.
    expect(harness.last.state).toBe('running');
    expect(harness.last.waitingForKey).toBe(true);
    harness.send({ type: 'input', input: { kind: 'key', text: 'k' } });
    harness.drain();
    expect(harness.last.state).toBe('halted');
    expect(harness.last.waitingForKey).toBe(false);
    expect(harness.text).toBe('k!');
  });

  it('paces a run at 10 steps a second and publishes every step', () => {
    const harness = new Harness();
    load(harness, 'org 0x100\nagain: inc ax\njmp again\n');
    harness.send({ type: 'set-speed', stepsPerSecond: 10 });
    const from = harness.messages.length;
    harness.send({ type: 'run' });
    const start = harness.clock;
    // Let about one second of the fake clock pass.
    while (harness.clock - start < 1000) harness.drain(1);
    harness.send({ type: 'pause' });
    const steps = harness.messages.slice(from).flatMap((m) => (m.type === 'update' ? [m.update.step] : []));
    // About ten steps in a second, and an update for each one of them (1, 2, 3, … with none skipped).
    expect(harness.last.step).toBeGreaterThanOrEqual(9);
    expect(harness.last.step).toBeLessThanOrEqual(11);
    const distinct = [...new Set(steps)];
    expect(distinct).toEqual(Array.from({ length: distinct.length }, (_, i) => i + 1));
  });
});
