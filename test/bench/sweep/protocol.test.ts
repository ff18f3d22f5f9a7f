import { describe, expect, it } from 'vitest';
import { protocolConfig } from '../../../bench/training';
import { coldStartConfig, parityConfig } from '../../../bench/sweep/protocol';

describe('sweep protocol configs', () => {
  it('parity config equals the quality bench protocol config', () => {
    for (const kind of ['sasrec', 'hstu'] as const) {
      expect(parityConfig(kind, 0.5, 200, 43)).toEqual(protocolConfig(kind, 0.5, 200, 43));
    }
  });

  it('cold-start config keeps the parity model and split settings but holds out items and uses InfoNCE', () => {
    const cold = coldStartConfig('sasrec', 0.2, 100, 42, 0.1);
    const parity = parityConfig('sasrec', 0.2, 100, 42);
    expect(cold.model).toEqual(parity.model);
    expect(cold.data).toEqual({ ...parity.data, coldFraction: 0.1 });
    expect(cold.train.loss).toBe('infonce');
    expect(cold.train.epochs).toBe(100);
  });
});
