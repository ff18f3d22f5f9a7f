import { describe, expect, it } from 'vitest';
import { decodeSafetensors, encodeSafetensors } from '../../src/checkpoints/safetensors';

function rawFile(header: object, data: Uint8Array): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  out.set(data, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips float32 tensors and metadata', () => {
    const tensors = {
      'b.weight': { shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 4, 5, 6]) },
      'a.bias': { shape: [1], data: Float32Array.from([0.25]) },
    };
    const bytes = encodeSafetensors(tensors, { config: '{"x":1}' });
    const headerLen = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect((8 + headerLen) % 8).toBe(0);
    const back = decodeSafetensors(bytes);
    expect(back.metadata).toEqual({ config: '{"x":1}' });
    expect(back.tensors['b.weight'].shape).toEqual([2, 3]);
    expect(Array.from(back.tensors['b.weight'].data)).toEqual([1, -2, 3.5, 4, 5, 6]);
    expect(Array.from(back.tensors['a.bias'].data)).toEqual([0.25]);
  });

  it('decodes F16 and BF16 tensors to float32', () => {
    const data = new Uint8Array(8);
    const view = new DataView(data.buffer);
    view.setUint16(0, 0x3c00, true); // f16 1.0
    view.setUint16(2, 0xc000, true); // f16 -2.0
    view.setUint16(4, 0x3f80, true); // bf16 1.0
    view.setUint16(6, 0x4040, true); // bf16 3.0
    const bytes = rawFile(
      {
        h: { dtype: 'F16', shape: [2], data_offsets: [0, 4] },
        b: { dtype: 'BF16', shape: [2], data_offsets: [4, 8] },
      },
      data,
    );
    const { tensors } = decodeSafetensors(bytes);
    expect(Array.from(tensors.h.data)).toEqual([1, -2]);
    expect(Array.from(tensors.b.data)).toEqual([1, 3]);
  });

  it('names the file and the problem for bad input', () => {
    expect(() => decodeSafetensors(new Uint8Array(3), 'model.safetensors')).toThrow(
      /model\.safetensors: expected an 8-byte header/,
    );
    const bad = rawFile(
      { w: { dtype: 'U8', shape: [1], data_offsets: [0, 1] } },
      new Uint8Array(1),
    );
    expect(() => decodeSafetensors(bad, 'w.safetensors')).toThrow(
      /w\.safetensors: tensor w: unsupported dtype U8/,
    );
    const short = rawFile(
      { w: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } },
      new Uint8Array(8),
    );
    expect(() => decodeSafetensors(short, 'x')).toThrow(/do not match shape/);
    expect(() => encodeSafetensors({ w: { shape: [3], data: new Float32Array(2) } })).toThrow(
      /needs 3 values/,
    );
  });
});
