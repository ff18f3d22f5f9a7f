import { describe, expect, it } from 'vitest';
import { createProgressTracker } from '../../src/itemEncoders/progress';

describe('createProgressTracker', () => {
  it('reports items/s over encoded items and an ETA for the rest', () => {
    let ms = 0;
    const tracker = createProgressTracker(100, 20, () => ms);
    ms = 2000;
    const p = tracker.advance(40);
    expect(p.done).toBe(60);
    expect(p.itemsPerSecond).toBeCloseTo(20);
    expect(p.etaSeconds).toBeCloseTo(2);
    ms = 4000;
    expect(tracker.advance(40).etaSeconds).toBe(0);
  });
});
