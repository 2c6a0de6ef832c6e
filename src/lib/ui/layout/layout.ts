// The layout of the machine panels beside the editor, as plain data: the side's width, its columns of slots
// (each slot shows one panel, or several as tabs), the slots' relative sizes, and which panels are hidden.
// Remembered in localStorage under LAYOUT_STORAGE_KEY; a stored layout is checked and repaired (a panel added
// in a later version appears in its default place), never trusted blindly.

export const PANEL_IDS = [
  'registers',
  'timeline',
  'disassembly',
  'stack',
  'memory',
  'ivt',
  'console',
  'screen'
] as const;
export type PanelId = (typeof PANEL_IDS)[number];

export const PANEL_TITLES: Readonly<Record<PanelId, string>> = {
  registers: 'Registers',
  timeline: 'History',
  disassembly: 'Disassembly',
  stack: 'Stack',
  memory: 'Memory',
  ivt: 'Interrupt vectors',
  console: 'Console',
  screen: 'Screen'
};

/** Panels as tall as their content (a splitter never sizes them). */
export const NATURAL_HEIGHT: ReadonlySet<PanelId> = new Set<PanelId>(['registers']);
/** Panels that live in the side's heading row, not in a slot (the timeline sits beside the step number). */
export const HEADING_PANELS: ReadonlySet<PanelId> = new Set<PanelId>(['timeline']);

export interface Slot {
  panels: PanelId[];
  /** The tab shown (when several panels share the slot). */
  active: PanelId;
  /** Share of the column's free height, relative to the other sized slots of the column. */
  size: number;
}

export interface Layout {
  version: 1;
  /** Width of the side, in CSS pixels. */
  sideWidth: number;
  columns: Slot[][];
  hidden: PanelId[];
}

export const LAYOUT_STORAGE_KEY = 'hyperstep:layout';
/** The editor keeps at least this much width, the side at least SIDE_MIN. */
export const EDITOR_MIN = 420;
export const SIDE_MIN = 340;
/** A sized slot keeps at least this height when its neighbour is dragged over it. */
export const SLOT_MIN = 72;
/** Viewports at least this wide get the two-column side. */
export const WIDE_VIEWPORT = 1600;

const slot = (panels: PanelId[], size = 1): Slot => ({ panels, active: panels[0], size });

/** The layout a first visit gets: one column on a laptop or projector, two on a large screen. */
export function defaultLayout(viewport: { width: number; height: number }): Layout {
  if (viewport.width >= WIDE_VIEWPORT) {
    return {
      version: 1,
      sideWidth: Math.round(viewport.width * 0.54),
      columns: [
        [slot(['registers']), slot(['stack'], 2), slot(['console', 'screen'], 1.5)],
        [slot(['disassembly'], 2), slot(['memory'], 2), slot(['ivt'], 1.3)]
      ],
      hidden: []
    };
  }
  return {
    version: 1,
    sideWidth: clampSideWidth(Math.round(viewport.width * 0.4), viewport.width),
    columns: [
      [
        slot(['registers']),
        slot(['disassembly', 'stack', 'memory', 'ivt'], 3),
        slot(['console', 'screen'], 2.5)
      ]
    ],
    hidden: []
  };
}

export function clampSideWidth(width: number, viewportWidth: number): number {
  const max = Math.max(SIDE_MIN, viewportWidth - EDITOR_MIN);
  return Math.round(Math.min(max, Math.max(SIDE_MIN, width)));
}

/** The panels of a slot that are not hidden, and the one it shows (null: the slot is empty). */
export function visiblePanels(slot: Slot, hidden: readonly PanelId[]): PanelId[] {
  return slot.panels.filter((id) => !hidden.includes(id));
}

export function shownPanel(slot: Slot, hidden: readonly PanelId[]): PanelId | null {
  const visible = visiblePanels(slot, hidden);
  return visible.includes(slot.active) ? slot.active : (visible[0] ?? null);
}

/** Hide or show a panel; a shown panel becomes its slot's active tab. */
export function setHidden(layout: Layout, id: PanelId, hide: boolean): Layout {
  const hidden = hide ? [...new Set([...layout.hidden, id])] : layout.hidden.filter((h) => h !== id);
  const columns = hide
    ? layout.columns
    : layout.columns.map((column) => column.map((s) => (s.panels.includes(id) ? { ...s, active: id } : s)));
  return { ...layout, hidden, columns };
}

export function setActive(layout: Layout, id: PanelId): Layout {
  return {
    ...layout,
    columns: layout.columns.map((column) =>
      column.map((s) => (s.panels.includes(id) ? { ...s, active: id } : s))
    )
  };
}

/**
 * Move the boundary between two sized slots by `delta` pixels, given their heights now: the sizes keep their
 * sum, and neither slot gets smaller than SLOT_MIN.
 */
export function resizeBetween(
  sizes: readonly [number, number],
  heights: readonly [number, number],
  delta: number
): [number, number] {
  const total = heights[0] + heights[1];
  if (total <= 0) return [sizes[0], sizes[1]];
  const min = Math.min(SLOT_MIN, total / 2);
  const upper = Math.min(total - min, Math.max(min, heights[0] + delta));
  const sum = sizes[0] + sizes[1];
  const first = (sum * upper) / total;
  return [first, sum - first];
}

export function setSizes(layout: Layout, column: number, index: number, sizes: [number, number]): Layout {
  return {
    ...layout,
    columns: layout.columns.map((c, ci) =>
      ci !== column
        ? c
        : c.map((s, si) =>
            si === index ? { ...s, size: sizes[0] } : si === index + 1 ? { ...s, size: sizes[1] } : s
          )
    )
  };
}

function isPanelId(value: unknown): value is PanelId {
  return typeof value === 'string' && (PANEL_IDS as readonly string[]).includes(value);
}

/**
 * A stored layout, checked: unknown panels dropped, each panel in one slot only, panels missing from it put back
 * where the default layout has them (in a slot of their own at the end of that column). Anything malformed
 * gives the default.
 */
export function parseLayout(text: string | null, fallback: Layout, viewportWidth: number): Layout {
  if (text === null) return fallback;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return fallback;
  }
  if (typeof data !== 'object' || data === null) return fallback;
  const raw = data as Partial<Record<keyof Layout, unknown>>;
  if (raw.version !== 1 || !Array.isArray(raw.columns) || typeof raw.sideWidth !== 'number') return fallback;
  const seen = new Set<PanelId>();
  const columns: Slot[][] = [];
  for (const rawColumn of raw.columns) {
    if (!Array.isArray(rawColumn)) return fallback;
    const column: Slot[] = [];
    for (const rawSlot of rawColumn as unknown[]) {
      if (typeof rawSlot !== 'object' || rawSlot === null) return fallback;
      const s = rawSlot as Partial<Record<keyof Slot, unknown>>;
      const panels = (Array.isArray(s.panels) ? s.panels : []).filter(
        (p): p is PanelId => isPanelId(p) && !seen.has(p) && !HEADING_PANELS.has(p)
      );
      if (panels.length === 0) continue;
      panels.forEach((p) => seen.add(p));
      const size = typeof s.size === 'number' && s.size > 0 && Number.isFinite(s.size) ? s.size : 1;
      column.push({
        panels,
        active: isPanelId(s.active) && panels.includes(s.active) ? s.active : panels[0],
        size
      });
    }
    if (column.length > 0) columns.push(column);
  }
  for (const id of PANEL_IDS) {
    if (seen.has(id) || HEADING_PANELS.has(id)) continue;
    const home = fallback.columns.findIndex((c) => c.some((s) => s.panels.includes(id)));
    const target = Math.min(Math.max(home, 0), columns.length);
    if (target === columns.length) columns.push([]);
    columns[target].push(slot([id]));
  }
  const hidden = Array.isArray(raw.hidden) ? [...new Set(raw.hidden.filter(isPanelId))] : [];
  return { version: 1, sideWidth: clampSideWidth(raw.sideWidth, viewportWidth), columns, hidden };
}

export function loadLayout(
  storage: Pick<Storage, 'getItem'> | null,
  viewport: { width: number; height: number }
): Layout {
  const fallback = defaultLayout(viewport);
  let text: string | null = null;
  try {
    text = storage?.getItem(LAYOUT_STORAGE_KEY) ?? null;
  } catch {
    // Storage disabled: the default layout.
  }
  return parseLayout(text, fallback, viewport.width);
}

export function saveLayout(storage: Pick<Storage, 'setItem'> | null, layout: Layout): void {
  try {
    storage?.setItem(LAYOUT_STORAGE_KEY, JSON.stringify(layout));
  } catch {
    // Storage full or disabled: the layout lasts until the page closes.
  }
}
