// The panel layout: the defaults for a projector and a large screen, hiding and showing, resizing two neighbours,
// and what survives a trip through localStorage (a damaged or old stored layout is repaired, never trusted).
import { describe, expect, it } from 'vitest';
import {
  LAYOUT_STORAGE_KEY,
  PANEL_IDS,
  defaultLayout,
  loadLayout,
  parseLayout,
  resizeBetween,
  saveLayout,
  setHidden,
  shownPanel,
  type Layout,
  type PanelId
} from '../../../src/lib/ui/layout/layout';

const SMALL = { width: 1280, height: 720 };
const LARGE = { width: 1920, height: 1080 };

function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
    clear: () => items.clear(),
    key: () => null,
    get length() {
      return items.size;
    }
  };
}

function placed(layout: Layout): PanelId[] {
  return layout.columns.flat().flatMap((s) => s.panels);
}

describe('default layouts', () => {
  it('puts every slot panel in exactly one place, at both sizes', () => {
    for (const viewport of [SMALL, LARGE]) {
      const ids = placed(defaultLayout(viewport));
      expect(new Set(ids).size).toBe(ids.length);
      // The timeline lives in the heading row, every other panel in a slot.
      expect([...ids].sort()).toEqual(PANEL_IDS.filter((id) => id !== 'timeline').sort());
    }
  });

  it('uses one column on a projector and two on a large screen, and leaves the editor room', () => {
    expect(defaultLayout(SMALL).columns).toHaveLength(1);
    expect(defaultLayout(LARGE).columns).toHaveLength(2);
    expect(SMALL.width - defaultLayout(SMALL).sideWidth).toBeGreaterThanOrEqual(700);
    // The registers and the console are on screen by default (not behind a tab).
    for (const viewport of [SMALL, LARGE]) {
      const layout = defaultLayout(viewport);
      const shown = layout.columns.flat().map((s) => shownPanel(s, layout.hidden));
      expect(shown).toContain('registers');
      expect(shown).toContain('console');
    }
  });
});

describe('hiding and showing', () => {
  it('hides a panel, and showing it makes it its slot’s tab again', () => {
    let layout = defaultLayout(SMALL);
    layout = setHidden(layout, 'disassembly', true);
    const group = layout.columns[0].find((s) => s.panels.includes('memory'))!;
    expect(shownPanel(group, layout.hidden)).toBe('stack');
    layout = setHidden(layout, 'memory', false); // not hidden: just brought to the front
    expect(
      shownPanel(
        layout.columns[0].find((s) => s.panels.includes('memory'))!,
        layout.hidden
      )
    ).toBe('memory');
    layout = setHidden(layout, 'disassembly', false);
    expect(layout.hidden).toEqual([]);
  });

  it('a slot whose panels are all hidden shows nothing', () => {
    let layout = defaultLayout(SMALL);
    // The console's slot also holds the screen: hide both.
    layout = setHidden(layout, 'console', true);
    expect(
      shownPanel(
        layout.columns[0].find((s) => s.panels.includes('console'))!,
        layout.hidden
      )
    ).toBe('screen');
    layout = setHidden(layout, 'screen', true);
    expect(
      shownPanel(
        layout.columns[0].find((s) => s.panels.includes('console'))!,
        layout.hidden
      )
    ).toBe(null);
  });
});

describe('resizeBetween', () => {
  it('moves the boundary by the pixels dragged and keeps the sum of the sizes', () => {
    // Two slots of 200 px and 100 px with sizes 2 and 1: drag 20 px down → 220 and 80 px → sizes 2.2 and 0.8.
    const [a, b] = resizeBetween([2, 1], [200, 100], 20);
    expect(a).toBeCloseTo(2.2);
    expect(b).toBeCloseTo(0.8);
  });

  it('keeps each slot at least SLOT_MIN (72 px) tall', () => {
    const [a, b] = resizeBetween([1, 1], [150, 150], 500);
    expect(b / (a + b)).toBeCloseTo(72 / 300);
  });
});

describe('persistence', () => {
  it('saves and loads the same layout', () => {
    const storage = memoryStorage();
    const layout = setHidden({ ...defaultLayout(SMALL), sideWidth: 600 }, 'ivt', true);
    saveLayout(storage, layout);
    expect(storage.getItem(LAYOUT_STORAGE_KEY)).not.toBeNull();
    expect(loadLayout(storage, SMALL)).toEqual(layout);
  });

  it('gives the default for nothing stored or garbage', () => {
    const fallback = defaultLayout(SMALL);
    expect(loadLayout(memoryStorage(), SMALL)).toEqual(fallback);
    for (const text of ['{', '42', '{"version":2}', '{"version":1,"sideWidth":500,"columns":[[7]]}']) {
      expect(parseLayout(text, fallback, SMALL.width)).toEqual(fallback);
    }
  });

  it('repairs a stored layout: unknown and duplicate panels dropped, missing ones put back, width clamped', () => {
    const fallback = defaultLayout(SMALL);
    const stored = JSON.stringify({
      version: 1,
      sideWidth: 5000,
      columns: [
        [
          { panels: ['registers', 'nonsense'], active: 'nonsense', size: -3 },
          { panels: ['registers', 'console'], size: 2 }
        ]
      ],
      hidden: ['memory', 'bogus']
    });
    const layout = parseLayout(stored, fallback, SMALL.width);
    const ids = placed(layout);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(PANEL_IDS.filter((id) => id !== 'timeline').sort());
    expect(layout.columns[0][0]).toEqual({ panels: ['registers'], active: 'registers', size: 1 });
    expect(layout.hidden).toEqual(['memory']);
    // The editor keeps at least 420 px of a 1280 px window.
    expect(layout.sideWidth).toBe(1280 - 420);
  });
});
