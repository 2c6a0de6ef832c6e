// Arrow keys inside a role="toolbar" (the WAI-ARIA toolbar pattern): Left/Right move between its enabled
// buttons, Home/End go to the first and last. Every button also stays a Tab stop, so Tab alone reaches them
// all. Used as an attachment: `<div role="toolbar" {@attach toolbarKeys}>`.

import type { Attachment } from 'svelte/attachments';

const MOVES: Record<string, (index: number, count: number) => number> = {
  ArrowRight: (index, count) => (index + 1) % count,
  ArrowLeft: (index, count) => (index - 1 + count) % count,
  Home: () => 0,
  End: (_index, count) => count - 1
};

export const toolbarKeys: Attachment<HTMLElement> = (toolbar) => {
  const onKeydown = (event: KeyboardEvent): void => {
    const move = MOVES[event.key];
    // Leave the keys alone for a control that uses them itself (a slider, a text field, a select).
    if (!move || !(event.target instanceof HTMLButtonElement)) return;
    const buttons = [...toolbar.querySelectorAll<HTMLButtonElement>('button:not(:disabled)')];
    const index = buttons.indexOf(event.target);
    if (index < 0 || buttons.length === 0) return;
    event.preventDefault();
    buttons[move(index, buttons.length)].focus();
  };
  toolbar.addEventListener('keydown', onKeydown);
  return () => toolbar.removeEventListener('keydown', onKeydown);
};
