import { init, numpy as np } from '@jax-js/jax';
import { AutoModel, Tensor } from '@huggingface/transformers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toDevice, type Params } from '../../src/models/params';
import { ITEM_TOKEN, buildItemBatch } from '../../src/itemEncoders/itemLlm';
import { loadLlamaCheckpoint, type LlamaCheckpoint } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { configureLocalModels } from '../../src/itemEncoders/transformersEnv';
import {
  boundaryStates,
  hiddenStates,
  itemEmbeddings,
  itemTokenGradient,
} from '../models/hllm/layerwiseForward';

const FIXTURES = join(__dirname, '../fixtures');
const DIR = join(FIXTURES, 'tiny-llama');
const golden = JSON.parse(readFileSync(join(DIR, 'golden.json'), 'utf8')) as {
  sequences: { ids: number[]; last_hidden_state: number[][] }[];
};

let ckpt: LlamaCheckpoint;
let params: Params;
beforeAll(async () => {
  await init('wasm');
  ckpt = await loadLlamaCheckpoint(createLocalModelFiles(DIR));
  const itemToken = new Float32Array(ckpt.config.hiddenSize).map((_, i) => Math.sin(i) * 0.5);
  params = toDevice({
    ...ckpt.params,
    [ITEM_TOKEN]: { shape: [itemToken.length], data: itemToken },
  });
});

const host = async (a: np.Array): Promise<Float32Array> => Float32Array.from(await a.data());

/** Right-padded [batch, seq] ids and lengths of token sequences. */
function rightPadded(seqs: number[][]): { ids: Int32Array; lengths: Int32Array; seq: number } {
  const seq = Math.max(...seqs.map((s) => s.length));
  const ids = new Int32Array(seqs.length * seq);
  seqs.forEach((s, b) => ids.set(s, b * seq));
  return { ids, lengths: Int32Array.from(seqs, (s) => s.length), seq };
}

describe('layerwise jax-js Llama forward on the tiny-llama fixture', () => {
  it('reads config.json into a LlamaConfig', () => {
    expect(ckpt.config).toEqual({
      hiddenSize: 32,
      intermediateSize: 64,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      rmsNormEps: 1e-6,
      ropeTheta: 10000,
      vocabSize: 98,
    });
    expect(Object.keys(ckpt.params)).not.toContain('lm_head.weight');
  });

  it('matches the PyTorch golden states and the transformers.js ONNX forward, padded batch', async () => {
    const seqs = golden.sequences.map((s) => s.ids);
    const { ids, lengths, seq } = rightPadded(seqs);
    const jaxStates = await host(await hiddenStates(ckpt.config, params, ids, lengths, seq)); // [b, seq, 32]

    configureLocalModels(FIXTURES);
    const onnx = await AutoModel.from_pretrained('tiny-llama', { dtype: 'fp32', device: 'cpu' });
    try {
      // left-padded, as transformers.js pads decoders
      const onnxIds = new BigInt64Array(seqs.length * seq);
      const mask = new BigInt64Array(seqs.length * seq);
      seqs.forEach((s, b) =>
        s.forEach((id, t) => {
          onnxIds[b * seq + seq - s.length + t] = BigInt(id);
          mask[b * seq + seq - s.length + t] = 1n;
        }),
      );
      const out = await onnx({
        input_ids: new Tensor('int64', onnxIds, [seqs.length, seq]),
        attention_mask: new Tensor('int64', mask, [seqs.length, seq]),
      });
      const onnxStates = (out.last_hidden_state as Tensor).data as Float32Array;
      let maxDiffOnnx = 0;
      let maxDiffTorch = 0;
      golden.sequences.forEach((g, b) =>
        g.last_hidden_state.forEach((row, t) =>
          row.forEach((v, d) => {
            const jax = jaxStates[(b * seq + t) * 32 + d];
            const ort = onnxStates[(b * seq + seq - g.ids.length + t) * 32 + d];
            maxDiffOnnx = Math.max(maxDiffOnnx, Math.abs(jax - ort));
            maxDiffTorch = Math.max(maxDiffTorch, Math.abs(jax - v));
          }),
        ),
      );
      expect(maxDiffOnnx).toBeLessThan(1e-4);
      expect(maxDiffTorch).toBeLessThan(1e-4);
    } finally {
      await onnx.dispose();
    }
  });
});

describe('Item LLM forward', () => {
  const items = [golden.sequences[0].ids, golden.sequences[3].ids, golden.sequences[2].ids];

  it('reads the final-norm state at the [ITEM] slot', async () => {
    // An [ITEM] vector equal to token 7's embedding makes the item embedding the last state of ids + [7].
    const p: Params = {
      ...params,
      [ITEM_TOKEN]: np
        .take(params['embed_tokens.weight'].ref, np.array([7], { dtype: np.int32 }), 0)
        .reshape([32]),
    };
    const emb = await host(await itemEmbeddings(ckpt.config, p, buildItemBatch(items)));
    const withSeven = items.map((s) => [...s, 7]);
    const { ids, lengths, seq } = rightPadded(withSeven);
    const states = await host(await hiddenStates(ckpt.config, p, ids, lengths, seq));
    withSeven.forEach((s, b) => {
      for (let d = 0; d < 32; d++) {
        expect(emb[b * 32 + d]).toBeCloseTo(states[(b * seq + s.length - 1) * 32 + d], 4);
      }
    });
    p[ITEM_TOKEN].dispose();
  });

  it.each([0, 1])('batched items equal items alone (boundary %i)', async (boundary) => {
    const together = await host(
      await itemEmbeddings(ckpt.config, params, buildItemBatch(items), boundary),
    );
    for (let b = 0; b < items.length; b++) {
      const alone = await host(
        await itemEmbeddings(ckpt.config, params, buildItemBatch([items[b]]), boundary),
      );
      alone.forEach((v, d) => expect(together[b * 32 + d]).toBeCloseTo(v, 4));
    }
  });

  it('cached boundary states give the same embeddings and do not depend on the [ITEM] slot', async () => {
    const batch = buildItemBatch(items, 30);
    const cached = await host(await boundaryStates(ckpt.config, params, batch, 1)); // [3, 30, 32]
    const filled = { ...batch, ids: batch.ids.slice() };
    batch.lengths.forEach((len, b) => (filled.ids[b * batch.seq + len] = 42));
    const other = await host(await boundaryStates(ckpt.config, params, filled, 1));
    batch.lengths.forEach((len, b) => {
      for (let i = 0; i < len * 32; i++) {
        expect(other[b * 30 * 32 + i]).toBeCloseTo(cached[b * 30 * 32 + i], 5);
      }
    });
    const fromCache = await host(
      await itemEmbeddings(ckpt.config, params, batch, 1, np.array(cached).reshape([3, 30, 32])),
    );
    const direct = await host(await itemEmbeddings(ckpt.config, params, buildItemBatch(items), 1));
    direct.forEach((v, i) => expect(fromCache[i]).toBeCloseTo(v, 4));
    // the top layer's [ITEM] entry point changes the result
    const atInput = await host(await itemEmbeddings(ckpt.config, params, buildItemBatch(items), 0));
    expect(Math.max(...atInput.map((v, i) => Math.abs(v - direct[i])))).toBeGreaterThan(1e-3);
  });

  it.each([
    [0, 1],
    [0, 2],
    [1, 1],
  ])(
    '[ITEM] gradient of the layerwise backward matches finite differences (boundary %i, %i layers per stage)',
    async (boundary, stageLayers) => {
      const batch = buildItemBatch(items);
      const weights = Float32Array.from({ length: 3 * 32 }, (_, i) => Math.cos(i)); // [3, 32]
      const loss = async (item: Float32Array): Promise<number> => {
        const p = { ...params, [ITEM_TOKEN]: np.array(item) };
        const emb = await host(await itemEmbeddings(ckpt.config, p, batch, boundary));
        p[ITEM_TOKEN].dispose();
        return emb.reduce((s, v, i) => s + v * weights[i], 0);
      };
      const item0 = await host(params[ITEM_TOKEN].ref);
      const dEmb = np.array(weights).reshape([3, 32]);
      const g = await host(
        await itemTokenGradient(ckpt.config, params, batch, boundary, dEmb, stageLayers),
      );
      const eps = 1e-2;
      for (const d of [0, 5, 17, 31]) {
        const plus = item0.slice();
        const minus = item0.slice();
        plus[d] += eps;
        minus[d] -= eps;
        const fd = ((await loss(plus)) - (await loss(minus))) / (2 * eps);
        expect(g[d]).toBeCloseTo(fd, 2);
      }
      expect(Math.max(...g.map(Math.abs))).toBeGreaterThan(1e-3);
    },
  );
});
