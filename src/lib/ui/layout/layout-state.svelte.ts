// The panel layout as a rune class: the current Layout in $state.raw, changed only through its methods, each of
// which saves it (localStorage key LAYOUT_STORAGE_KEY) so a reload comes back to the same panels and sizes.

import {
  clampSideWidth,
  defaultLayout,
  loadLayout,
  saveLayout,
  setActive,
  setHidden,
  setSizes,
  type Layout,
  type PanelId
} from './layout';

export class LayoutState {
  layout = $state.raw<Layout>(defaultLayout({ width: 1280, height: 720 }));
  /** False until the stored layout was read (in the browser): the prerendered page shows the default. */
  ready = $state(false);

  /** Read the stored layout, or choose a default for this window. Call from onMount. */
  restore(): void {
    this.layout = loadLayout(storage(), { width: window.innerWidth, height: window.innerHeight });
    this.ready = true;
  }

  isHidden(id: PanelId): boolean {
    return this.layout.hidden.includes(id);
  }

  setHidden(id: PanelId, hide: boolean): void {
    this.#set(setHidden(this.layout, id, hide));
  }

  show(id: PanelId): void {
    this.#set(setActive(this.layout, id));
  }

  setSideWidth(width: number): void {
    this.#set({ ...this.layout, sideWidth: clampSideWidth(width, window.innerWidth) });
  }

  setSizes(column: number, index: number, sizes: [number, number]): void {
    this.#set(setSizes(this.layout, column, index, sizes));
  }

  reset(): void {
    this.#set(defaultLayout({ width: window.innerWidth, height: window.innerHeight }));
  }

  #set(layout: Layout): void {
    this.layout = layout;
    saveLayout(storage(), layout);
  }
}

function storage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
