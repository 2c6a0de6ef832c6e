// The debugger's keys, as VS Code has them (F5 run/pause, Shift+F5 reset, F9 breakpoint, F10 over, F11 into,
// Shift+F11 out, Ctrl+F10 run to cursor); the reverse commands have no VS Code key, so Ctrl+Shift+F11 steps back
// and Ctrl+Shift+F5 continues backwards. One table (DEBUG_KEYS) feeds the tooltips and the Keys help. Installed in
// the capture phase, before Monaco sees the key, so they work while the editor has focus.

import type { DebugSession } from '../debug-session.svelte';

export interface DebugKey {
  keys: string;
  action: string;
}

/** Every debugger key, in the order the Keys help lists them. */
export const DEBUG_KEYS: readonly DebugKey[] = [
  { keys: 'F5', action: 'Run to the next breakpoint or HLT; Pause while running' },
  { keys: 'Shift+F5', action: 'Reset: load the edited program and start again' },
  { keys: 'Ctrl+Shift+F5', action: 'Reverse continue: back to the previous breakpoint' },
  { keys: 'F10', action: 'Step over (a CALL or INT runs to its return)' },
  { keys: 'Ctrl+F10', action: 'Run to the line with the cursor' },
  { keys: 'F11', action: 'Step into: one instruction' },
  { keys: 'Shift+F11', action: 'Step out of the current routine' },
  { keys: 'Ctrl+Shift+F11', action: 'Step back: one instruction back in time' },
  { keys: 'F9', action: 'Toggle a breakpoint on the cursor line (in the editor)' },
  { keys: 'Right-click a breakpoint', action: 'Edit its condition, hit count or log message' }
];

/** The action a key press asks for, or null when the key is not one of ours. */
export function actionForKey(session: DebugSession, event: KeyboardEvent): (() => void) | null {
  const { key, shiftKey, ctrlKey, altKey, metaKey } = event;
  if (altKey || metaKey) return null;
  if (key === 'F5' && ctrlKey && shiftKey) return () => session.reverseContinue();
  if (key === 'F5' && !ctrlKey)
    return shiftKey ? () => session.reset() : () => (session.canPause ? session.pause() : session.run());
  if (key === 'F10' && ctrlKey && !shiftKey) return () => session.runToCursor();
  if (key === 'F10' && !ctrlKey && !shiftKey) return () => session.step('over');
  if (key === 'F11' && ctrlKey && shiftKey) return () => session.stepBack();
  if (key === 'F11' && !ctrlKey) return shiftKey ? () => session.step('out') : () => session.step('into');
  return null;
}

/** Listen for the debugger's keys on the window; returns the function that stops listening. */
export function installDebugKeys(session: DebugSession): () => void {
  const onKeydown = (event: KeyboardEvent): void => {
    const act = actionForKey(session, event);
    if (act === null) return;
    event.preventDefault();
    event.stopPropagation();
    act();
  };
  window.addEventListener('keydown', onKeydown, { capture: true });
  return () => window.removeEventListener('keydown', onKeydown, { capture: true });
}
