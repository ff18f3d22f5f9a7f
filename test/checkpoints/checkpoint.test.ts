import { describe, expect, it } from 'vitest';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/checkpoints/checkpoint';
import { encodeSafetensors } from '../../src/checkpoints/safetensors';
import { defaultRunConfig } from '../../src/config/defaults';

describe('checkpoints', () => {
  it('round-trips parameters, config and dataset fingerprint', () => {
    const config = { ...defaultRunConfig('hstu'), seed: 17 };
    const params = {
      'item_emb.weight': { shape: [3, 2], data: Float32Array.from([1, -2, 3.5, 4, 0, 1e-7]) },
      'norm.bias': { shape: [2], data: Float32Array.from([0.25, -0.5]) },
    };
    const back = decodeCheckpoint(encodeCheckpoint({ params, config, datasetFingerprint: 'abc' }));
    expect(back.config).toEqual(config);
    expect(back.datasetFingerprint).toBe('abc');
    expect(back.params['item_emb.weight'].shape).toEqual([3, 2]);
    expect(Array.from(back.params['item_emb.weight'].data)).toEqual(
      Array.from(params['item_emb.weight'].data),
    );
    expect(Array.from(back.params['norm.bias'].data)).toEqual([0.25, -0.5]);
  });

  it('rejects a safetensors file that is not a checkpoint, naming the file', () => {
    const plain = encodeSafetensors({ w: { shape: [1], data: Float32Array.of(1) } }, {});
    expect(() => decodeCheckpoint(plain, 'model.safetensors')).toThrow(
      /model\.safetensors: expected metadata format "hllm-playground-checkpoint\/1"/,
    );
  });
});
