// A scrolling box must be reachable from the keyboard (WCAG 2.1.1; axe: scrollable-region-focusable), or
// someone without a mouse cannot read what is below its fold. This attachment puts the box in the Tab order
// (tabindex 0) only while its content overflows, so boxes that fit add no extra Tab stop:
// `<div class="scrolls" {@attach focusableWhenScrolling}>`.

import type { Attachment } from 'svelte/attachments';

export const focusableWhenScrolling: Attachment<HTMLElement> = (box) => {
  const update = (): void => {
    const overflows = box.scrollHeight > box.clientHeight + 1 || box.scrollWidth > box.clientWidth + 1;
    if (overflows && box.tabIndex !== 0) box.tabIndex = 0;
    else if (!overflows && box.hasAttribute('tabindex')) box.removeAttribute('tabindex');
  };
  // The box's size changes with the window and the splitters; its content's size with what the panel shows.
  // Resize observers report after layout, so this reads no stale geometry and forces no extra layout.
  const resized = new ResizeObserver(update);
  resized.observe(box);
  for (const child of box.children) resized.observe(child);
  // Children that come and go (a panel shown or hidden) are observed as they arrive.
  const added = new MutationObserver((records) => {
    for (const record of records)
      for (const node of record.addedNodes) if (node instanceof Element) resized.observe(node);
    update();
  });
  added.observe(box, { childList: true });
  update();
  return () => {
    resized.disconnect();
    added.disconnect();
  };
};
