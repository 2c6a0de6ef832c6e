// The guest's console as text on screen: the bytes it printed (Latin-1, with CR, LF, BS, TAB as a teletype does
// them) turned into lines, the kept text capped like a terminal's scrollback, and browser key presses turned
// into the keyboard inputs the engine logs. Pure functions, unit-tested.

import type { TargetInput } from '$lib/emu';
import type { ConsoleOutput } from '$lib/worker/protocol';

/** Characters of guest output the view keeps (the oldest scroll away). */
export const CONSOLE_KEEP_CHARS = 64 * 1024;

/** The text kept after an update's console output. */
export function applyOutput(kept: string, output: ConsoleOutput, limit = CONSOLE_KEEP_CHARS): string {
  const text = output.replace ? output.text : kept + output.text;
  return text.length > limit ? text.slice(text.length - limit) : text;
}

/**
 * What a teletype shows for these bytes: LF starts a new line, CR returns to the line's start (so CR LF is one line
 * break and a lone CR lets the next characters overwrite), BS moves one back, TAB moves to the next multiple of 8,
 * BEL and other control characters show nothing.
 */
export function renderConsole(raw: string): string {
  const lines: string[] = [];
  let line: string[] = [];
  let column = 0;
  for (const char of raw) {
    const code = char.charCodeAt(0);
    if (char === '\n') {
      lines.push(line.join(''));
      line = [];
      column = 0;
    } else if (char === '\r') {
      column = 0;
    } else if (char === '\b') {
      column = Math.max(0, column - 1);
    } else if (char === '\t') {
      const next = (Math.floor(column / 8) + 1) * 8;
      while (column < next) put(' ');
    } else if (code >= 0x20) {
      put(char);
    }
  }
  lines.push(line.join(''));
  return lines.join('\n');

  function put(char: string): void {
    while (line.length < column) line.push(' ');
    line[column++] = char;
  }
}

/** Set 1 make codes of the keys without a character that programs commonly read (arrows, Home, End, F1–F10). */
const SCANCODES: Record<string, number> = {
  ArrowUp: 0x48,
  ArrowDown: 0x50,
  ArrowLeft: 0x4b,
  ArrowRight: 0x4d,
  Home: 0x47,
  End: 0x4f,
  PageUp: 0x49,
  PageDown: 0x51,
  Insert: 0x52,
  Delete: 0x53,
  F1: 0x3b,
  F2: 0x3c,
  F3: 0x3d,
  F4: 0x3e,
  F6: 0x40,
  F7: 0x41,
  F8: 0x42
};
// Tab is left to the browser: it moves the focus out of the console (a console that kept it would trap keyboard
// users, WCAG 2.1.2).
const CONTROL_TEXT: Record<string, string> = { Enter: '\r', Backspace: '\b', Escape: '\x1b' };

/**
 * The keyboard input a key press in the console sends to the guest, or null (a modifier alone, a shortcut with
 * Ctrl/Alt/Meta, a character with no key on a US keyboard). F5, F9–F11 stay the debugger's.
 */
export function keyInputFor(event: {
  key: string;
  ctrlKey?: boolean;
  altKey?: boolean;
  metaKey?: boolean;
}): TargetInput | null {
  if (event.ctrlKey || event.altKey || event.metaKey) return null;
  if (event.key in CONTROL_TEXT) return { kind: 'key', text: CONTROL_TEXT[event.key] };
  if (event.key in SCANCODES) return { kind: 'key', scancode: SCANCODES[event.key] };
  if (event.key.length === 1 && event.key >= ' ' && event.key <= '~') return { kind: 'key', text: event.key };
  return null;
}
