// Acceptance 4: the engine's worker protocol end to end, in a real worker thread: an endless loop runs at full
// speed, updates come at most ~30 a second and carry only changed pages, Pause is answered within 100 ms, and the
// state after it is intact (the loop's registers agree with the step count) and still steps forward and back.
import { build } from 'esbuild';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assemble } from '$lib/emu';
import type { Command, HostMessage, Update } from '../../../src/lib/worker/protocol';

const ENTRY = resolve('tests/unit/debugger/fixtures/node-worker-entry.ts');
const BUNDLE = join(tmpdir(), `hyperstep-engine-worker-${process.pid}.mjs`);

let worker: Worker;
const received: { at: number; message: HostMessage }[] = [];

function send(command: Command): void {
  worker.postMessage(command);
}

/** Wait until a message satisfying `test` arrives after index `from`; returns it and its arrival time. */
function waitFor(
  test: (m: HostMessage) => boolean,
  from = 0,
  timeoutMs = 5000
): Promise<{ at: number; message: HostMessage }> {
  return new Promise((resolvePromise, reject) => {
    const started = performance.now();
    const poll = () => {
      const found = received.slice(from).find((r) => test(r.message));
      if (found) resolvePromise(found);
      else if (performance.now() - started > timeoutMs) reject(new Error('no such message'));
      else setTimeout(poll, 1);
    };
    poll();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const updates = (from = 0): Update[] =>
  received.slice(from).flatMap((r) => (r.message.type === 'update' ? [r.message.update] : []));

beforeAll(async () => {
  await build({
    entryPoints: [ENTRY],
    outfile: BUNDLE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    alias: { $lib: resolve('src/lib') },
    logLevel: 'warning'
  });
  worker = new Worker(BUNDLE);
  worker.on('message', (message: HostMessage) => received.push({ at: performance.now(), message }));
});

afterAll(async () => {
  await worker?.terminate();
});

describe('the worker protocol', () => {
  it('runs an endless loop, publishes at most ~30 updates a second, pauses within 100 ms, state intact', async () => {
    const program = assemble('org 0x100\nagain: inc ax\njmp again\n');
    send({ type: 'load', image: program.image, sourceMap: program.sourceMap });
    const loaded = await waitFor((m) => m.type === 'update');
    if (loaded.message.type !== 'update') throw new Error('update expected');
    // The load sends the program's page (1000:0100 is physical 10100h: page 10h) and the BIOS's fast boot: the
    // vector table and BIOS data area (page 0), the blank text screen at B8000h (page B8h), the ROM at FF000h.
    expect(loaded.message.update.pages.map((p) => p.index)).toEqual([0x00, 0x10, 0xb8, 0xff]);
    expect(loaded.message.update.state).toBe('paused');

    const runFrom = received.length;
    send({ type: 'run' });
    await sleep(1000);
    const during = updates(runFrom);
    expect(during.length).toBeGreaterThanOrEqual(5);
    expect(during.length).toBeLessThanOrEqual(35);
    // The loop writes no memory: no page is sent again.
    expect(during.every((u) => u.pages.length === 0)).toBe(true);
    expect(during.every((u) => u.state === 'running')).toBe(true);

    const pauseFrom = received.length;
    const pausedAt = performance.now();
    send({ type: 'pause' });
    const answer = await waitFor((m) => m.type === 'event' && m.event.kind === 'stop', pauseFrom);
    expect(answer.at - pausedAt).toBeLessThan(100);
    if (answer.message.type !== 'event' || answer.message.event.kind !== 'stop')
      throw new Error('stop expected');
    expect(answer.message.event.stop.reason).toBe('pause');
    // The host posts a stop's events, then the update that goes with them.
    const final = await waitFor((m) => m.type === 'update', received.indexOf(answer));
    if (final.message.type !== 'update') throw new Error('update expected');
    const state = final.message.update;
    expect(state.state).toBe('paused');
    expect(state.step).toBeGreaterThan(1_000_000);
    // After n steps of `inc ax; jmp again`, AX = ceil(n / 2) mod 65536 and IP is on the INC (n even) or the JMP.
    expect(state.registers.ax).toBe(Math.ceil(state.step / 2) & 0xffff);
    expect(state.registers.ip).toBe(state.step % 2 === 0 ? 0x100 : 0x101);
    expect(state.registers.cs).toBe(0x1000);

    const stepFrom = received.length;
    send({ type: 'step', granularity: 'into' });
    await waitFor((m) => m.type === 'update', stepFrom);
    expect(updates(stepFrom)[0].step).toBe(state.step + 1);
    const backFrom = received.length;
    send({ type: 'step-back' });
    await waitFor((m) => m.type === 'update', backFrom);
    expect(updates(backFrom)[0].step).toBe(state.step);
    expect(updates(backFrom)[0].registers).toEqual(state.registers);
  });

  it('a poke sends exactly the page it changed; a refresh sends every non-zero page', async () => {
    const from = received.length;
    send({ type: 'input', input: { kind: 'poke', address: 0x23456, bytes: [1, 2, 3] } });
    await waitFor((m) => m.type === 'update', from);
    const [update] = updates(from);
    expect(update.pages.map((p) => p.index)).toEqual([0x23]);
    expect([...update.pages[0].bytes.subarray(0x456, 0x459)]).toEqual([1, 2, 3]);
    const refreshFrom = received.length;
    send({ type: 'refresh' });
    await waitFor((m) => m.type === 'update', refreshFrom);
    expect(updates(refreshFrom)[0].pages.map((p) => p.index)).toEqual([0x00, 0x10, 0x23, 0xb8, 0xff]);
  });

  it('answers a breakpoint request with its id, or the error with its column', async () => {
    const from = received.length;
    send({
      type: 'add-breakpoint',
      requestId: 7,
      spec: { location: { kind: 'linear', address: 0x10100 }, condition: 'ax >' }
    });
    const added = await waitFor((m) => m.type === 'added', from);
    expect(added.message).toEqual({
      type: 'added',
      requestId: 7,
      id: null,
      error: 'expected a value, found the end',
      field: 'condition',
      column: 5
    });
  });

  it('assembles on request, answering with the version asked for and no update (the machine untouched)', async () => {
    const from = received.length;
    // MOV AL,imm8 is B0 ib and HLT is F4 (Intel 8086 manual).
    send({ type: 'assemble', version: 41, source: 'org 0x100\nmov al, 7\nhlt\n' });
    const answer = await waitFor((m) => m.type === 'assembled', from);
    if (answer.message.type !== 'assembled') throw new Error('assembled expected');
    expect(answer.message.reply.version).toBe(41);
    expect([...answer.message.reply.image]).toEqual([0xb0, 0x07, 0xf4]);
    expect(received.slice(from).map((r) => r.message.type)).toEqual(['assembled']);
  });
});
