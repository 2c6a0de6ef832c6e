// The debugger's keys, as VS Code has them (F5 run/pause, Shift+F5 reset, F10 over, F11 into, Shift+F11 out);
// step back has no VS Code key, so Ctrl+Shift+F11. Installed in the capture phase, before Monaco sees the key, so
// they work while the editor has focus.

import type { DebugSession } from '../debug-session.svelte';

/** The action a key press asks for, or null when the key is not one of ours. */
export function actionForKey(session: DebugSession, event: KeyboardEvent): (() => void) | null {
  const { key, shiftKey, ctrlKey, altKey, metaKey } = event;
  if (altKey || metaKey) return null;
  if (key === 'F5' && !ctrlKey)
    return shiftKey ? () => session.reset() : () => (session.canPause ? session.pause() : session.run());
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
