// The isolation property suite for one half of the 10,000 seeds (isolation-property-a/-b.test.ts: two files so
// vitest runs the halves in parallel). What each guest is checked for is in isolation-runner.ts.
import { describe, expect, it } from 'vitest';
import { runGuests } from './isolation-runner';

const PER_FILE = 5_000;
const BATCHES = 2;

export function describeIsolation(first: number): void {
  /** GUESTS=n in the environment runs fewer while developing. */
  const guests = Math.min(Number(process.env.GUESTS ?? PER_FILE), PER_FILE);
  const last = (first + PER_FILE - 1).toLocaleString('en-US');
  describe(`isolation: random guests next to a neighbour (seeds ${first.toLocaleString('en-US')}-${last})`, () => {
    it.each(Array.from({ length: BATCHES }, (_, b) => b))(
      'batch %i',
      (batch) => {
        const size = Math.floor(guests / BATCHES);
        const result = runGuests(first + batch * size, size);
        expect(result.failures).toEqual([]);
        // The guests did run and did exit: the property is not vacuous.
        expect(result.instructions).toBeGreaterThan(size * 300);
        expect(result.exits).toBeGreaterThan(size);
        // About a third of them were still running with their own paging on (tables built, CR3 and CR0.PG loaded).
        expect(result.pagingOn).toBeGreaterThan(size / 10);
      },
      120_000
    );
  });
}
