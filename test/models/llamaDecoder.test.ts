import { init, numpy as np, valueAndGrad } from '@jax-js/jax';
import { beforeAll, describe, expect, it } from 'vitest';
import type { LlamaConfig } from '../../src/config/runConfig';
import { llamaDecoder, llamaDecoderSpecs } from '../../src/models/llama/llamaDecoder';
import { toDevice, type Params } from '../../src/models/params';
import { expectClose, hostParams, loadGolden, type GoldenTensor } from './golden';

interface LlamaGolden {
  config: LlamaConfig;
  params: Record<string, GoldenTensor>;
  embeds: GoldenTensor;
  probe: GoldenTensor;
  valid: boolean[][];
  output: GoldenTensor;
  loss: number;
  grads: Record<string, GoldenTensor>;
}

const tensor = (t: GoldenTensor) => np.array(Float32Array.from(t.data)).reshape(t.shape);
const validMask = (rows: boolean[][]) => np.array(rows);

describe.each([
  ['no attention biases', 'llama.json'],
  ['q/k/v biases (Qwen2)', 'llama_qkv.json'],
  ['q/k/v/o biases (Llama attention_bias)', 'llama_qkvo.json'],
])('Llama decoder over input embeddings, %s', (_, file) => {
  beforeAll(async () => {
    await init('wasm');
  });

  const golden = loadGolden<LlamaGolden>(file);

  it('declares Hugging Face names and [out, in] shapes', () => {
    const specs = llamaDecoderSpecs(golden.config);
    expect(Object.keys(specs).sort()).toEqual(Object.keys(golden.params).sort());
    for (const [name, spec] of Object.entries(specs))
      expect(spec.shape, name).toEqual(golden.params[name].shape);
  });

  it('matches the PyTorch reference: outputs, and gradients w.r.t. every weight and the embeddings', async () => {
    const params = toDevice(hostParams(golden.params));
    const out = llamaDecoder(golden.config, params, tensor(golden.embeds), validMask(golden.valid));
    const [b, s] = golden.output.shape;
    const validFlat = golden.valid.flat();
    const outData = await out.data();
    const rows = (data: ArrayLike<number>) =>
      Array.from(data).filter(
        (_, i) => validFlat[Math.floor(i / golden.output.shape[2]) % (b * s)],
      );
    expectClose('output (non-padding rows)', rows(outData), rows(golden.output.data));

    const lossOf = (p: Params, embeds: np.Array) => {
      const y = llamaDecoder(golden.config, p, embeds, validMask(golden.valid));
      const weight = np.array(golden.valid).astype(np.float32).reshape([b, s, 1]);
      return y.mul(tensor(golden.probe)).mul(weight).sum();
    };
    const [loss, [gParams, gEmbeds]] = valueAndGrad(lossOf, { argnums: [0, 1] })(
      params,
      tensor(golden.embeds),
    );
    expectClose('loss', await loss.data(), [golden.loss]);
    for (const name of Object.keys(golden.params)) {
      expectClose(`grad ${name}`, await gParams[name].data(), golden.grads[name].data);
    }
    expectClose('grad embeds', await gEmbeds.data(), golden.grads.embeds.data);
  });
});
