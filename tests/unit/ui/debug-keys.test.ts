// The debugger's keys: each key of the Keys help table asks the session for the command it names.
import { describe, expect, it } from 'vitest';
import type { DebugSession } from '$lib/ui/debug-session.svelte';
import { actionForKey, DEBUG_KEYS } from '$lib/ui/shell/debug-keys';

function fakeSession(canPause = false) {
  const calls: string[] = [];
  const session = {
    canPause,
    run: () => calls.push('run'),
    pause: () => calls.push('pause'),
    reset: () => calls.push('reset'),
    stepBack: () => calls.push('step-back'),
    reverseContinue: () => calls.push('reverse-continue'),
    runToCursor: () => calls.push('run-to-cursor'),
    step: (kind: string) => calls.push(`step-${kind}`)
  };
  return { session: session as unknown as DebugSession, calls };
}

function press(combo: string, canPause = false): string[] {
  const parts = combo.split('+');
  const event = {
    key: parts[parts.length - 1],
    ctrlKey: parts.includes('Ctrl'),
    shiftKey: parts.includes('Shift'),
    altKey: false,
    metaKey: false
  } as KeyboardEvent;
  const { session, calls } = fakeSession(canPause);
  actionForKey(session, event)?.();
  return calls;
}

describe('debugger keys', () => {
  it.each([
    ['F5', 'run'],
    ['Shift+F5', 'reset'],
    ['Ctrl+Shift+F5', 'reverse-continue'],
    ['F10', 'step-over'],
    ['Ctrl+F10', 'run-to-cursor'],
    ['F11', 'step-into'],
    ['Shift+F11', 'step-out'],
    ['Ctrl+Shift+F11', 'step-back']
  ])('%s → %s', (combo, command) => {
    expect(press(combo)).toEqual([command]);
  });

  it('F5 pauses while running', () => {
    expect(press('F5', true)).toEqual(['pause']);
  });

  it('leaves other keys alone (Ctrl+F5 is the browser reload)', () => {
    expect(press('Ctrl+F5')).toEqual([]);
    expect(press('a')).toEqual([]);
  });

  it('the Keys help lists every key that has a command', () => {
    const listed = DEBUG_KEYS.map((entry) => entry.keys);
    for (const combo of [
      'F5',
      'Shift+F5',
      'Ctrl+Shift+F5',
      'F10',
      'Ctrl+F10',
      'F11',
      'Shift+F11',
      'Ctrl+Shift+F11'
    ])
      expect(listed).toContain(combo);
  });
});
