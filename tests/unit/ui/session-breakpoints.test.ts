// The session's breakpoints as the editor moves them: an edit above a breakpoint moves it with its condition, two
// pushed onto one line become one, and the lines stay sorted. (No workers here: commands go nowhere.)
import { describe, expect, it } from 'vitest';
import { DebugSession } from '$lib/ui/debug-session.svelte';

describe('DebugSession.moveBreakpoints', () => {
  it('moves lines and their options, merges lines that meet, keeps them sorted', () => {
    const session = new DebugSession();
    session.breakpoints = [3, 7, 9];
    session.breakpointOptions = { 7: { condition: 'cx == 3' } };
    // A line inserted between 3 and 7: the breakpoints below it move down one, the condition with its line.
    session.moveBreakpoints([
      [7, 8],
      [9, 10]
    ]);
    expect(session.breakpoints).toEqual([3, 8, 10]);
    expect(session.breakpointOptions).toEqual({ 8: { condition: 'cx == 3' } });
    // Lines 8 and 9 deleted: the breakpoint of line 10 is pushed onto line 8, which has one: they merge.
    session.moveBreakpoints([[10, 8]]);
    expect(session.breakpoints).toEqual([3, 8]);
  });

  it('toggling a breakpoint off forgets its condition', () => {
    const session = new DebugSession();
    session.breakpoints = [5];
    session.breakpointOptions = { 5: { hitCount: 2 } };
    session.toggleBreakpoint(5);
    expect(session.breakpoints).toEqual([]);
    expect(session.breakpointOptions).toEqual({});
  });
});
