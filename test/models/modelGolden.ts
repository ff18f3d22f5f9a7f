import { numpy as np, tree, valueAndGrad } from '@jax-js/jax';
import { expect } from 'vitest';
import type { Params } from '../../src/models/params';
import { padParams, unpadParams } from '../../src/models/lanePadding';
import { toDevice, toHost } from '../../src/models/params';
import type { SequenceModel } from '../../src/models/sequenceModel';
import { LOGIT_SCALE_PARAM } from '../../src/training/optimizer';
import { modelLoss } from '../../src/training/trainStep';
import { expectClose, hostParams, type GoldenTensor } from './golden';

/** Contents of sasrec.json, hstu.json and hllm_user.json. */
export interface ModelGolden {
  items: number[][];
  targets: number[][];
  negatives: number[];
  params: Record<string, GoldenTensor>;
  logitScale: number;
  hidden: GoldenTensor;
  table: GoldenTensor;
  loss: number;
  grads: Record<string, GoldenTensor>;
}

function intMatrix(rows: number[][]): np.Array {
  return np
    .array(Int32Array.from(rows.flat()), { dtype: np.int32 })
    .reshape([rows.length, rows[0].length]);
}

/** Compares a model's forward pass and its InfoNCE gradients (every parameter) with a golden file. */
export async function checkModelGolden(
  model: SequenceModel,
  golden: ModelGolden,
  frozen: Params = {},
): Promise<void> {
  const params = toDevice(padParams(hostParams(golden.params), model.layouts));
  expect(Object.keys(model.specs).sort()).toEqual(Object.keys(golden.params).sort());
  for (const [name, spec] of Object.entries(model.specs))
    expect(spec.shape, name).toEqual(golden.params[name].shape);

  const { hidden, table } = model.apply(params, frozen, intMatrix(golden.items), null);
  const real = (x: np.Array) => x.slice(...x.shape.slice(0, -1).map((): [] => []), [0, model.dim]);
  expectClose('hidden', await real(hidden).data(), golden.hidden.data);
  expectClose('table', await real(table).data(), golden.table.data);

  params[LOGIT_SCALE_PARAM] = np.array(golden.logitScale);
  const lossOf = (p: Params, f: Params) =>
    modelLoss(model, 'infonce', 0, p, f, {
      items: intMatrix(golden.items),
      targets: intMatrix(golden.targets),
      negatives: np.array(Int32Array.from(golden.negatives), { dtype: np.int32 }),
      dropoutSeed: np.array(0, { dtype: np.uint32 }),
    });
  const [loss, grads] = valueAndGrad(lossOf)(params, tree.ref(frozen));
  expectClose('loss', await loss.data(), [golden.loss]);
  const deviceGrads = await toHost(grads);
  const hostGrads = unpadParams(deviceGrads, model.layouts);
  // Zero-padded lanes must get exactly zero gradient, or AdamW moves them off zero and they leak
  // into the real columns (e.g. through a LayerNorm mean).
  const repadded = padParams(hostGrads, model.layouts);
  for (const [name, g] of Object.entries(deviceGrads)) {
    const inPadding = g.data.reduce(
      (worst, v, i) => Math.max(worst, Math.abs(v - repadded[name].data[i])),
      0,
    );
    expect(inPadding, `largest |grad ${name}| in the padding`).toBe(0);
  }
  for (const [name, g] of Object.entries(golden.grads)) {
    expect(hostGrads[name].shape, name).toEqual(g.shape);
    expectClose(`grad ${name}`, hostGrads[name].data, g.data);
  }
  tree.dispose(grads);
  tree.dispose(frozen);
}
