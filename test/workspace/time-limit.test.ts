import { describe, expect, it } from 'vitest';
import { mapWithinTime } from '../../src/workspace/time-limit.js';

/** Keeps the thread busy (synchronously, as a parse does) for `ms` of wall-clock time. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // spin
  }
}

describe('mapWithinTime: no item may stall the others', () => {
  it('an item that never ends is given to `late`; the items around it are read, in order', () => {
    const items = ['a', 'forever', 'b', 'forever', 'c'];
    const results = mapWithinTime(
      items,
      0.2,
      (item) => {
        if (item === 'forever') for (;;) busy(10);
        return `read ${item}`;
      },
      (item) => `late ${item}`,
    );
    expect(results).toEqual(['read a', 'late forever', 'read b', 'late forever', 'read c']);
  });

  it('a batch longer than the limit, of items each well within it, loses none: the item the watchdog stops in is given the whole time again', () => {
    const late: number[] = [];
    let calls = 0;
    const results = mapWithinTime(
      [0, 1, 2, 3, 4, 5],
      0.5,
      (item) => {
        calls++;
        busy(150);
        return item * 2;
      },
      (item) => {
        late.push(item);
        return -1;
      },
    );
    expect(late).toEqual([]);
    expect(results).toEqual([0, 2, 4, 6, 8, 10]);
    // The watchdog did stop the batch (900 ms of work under a 500 ms limit): one item was begun twice.
    expect(calls).toBeGreaterThan(6);
  });

  it('errors other than the time running out are not swallowed', () => {
    expect(() =>
      mapWithinTime(
        [1],
        1,
        () => {
          throw new TypeError('a defect');
        },
        () => 0,
      ),
    ).toThrow(TypeError);
  });
});
