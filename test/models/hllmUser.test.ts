import { init } from '@jax-js/jax';
import { beforeAll, describe, it } from 'vitest';
import type { LlamaConfig } from '../../src/config/runConfig';
import { hllmUserModel, ITEM_TEXT_PARAM } from '../../src/models/hllmUser';
import { toDevice } from '../../src/models/params';
import { hostParams, loadGolden, type GoldenTensor } from './golden';
import { checkModelGolden, type ModelGolden } from './modelGolden';

type HllmGolden = ModelGolden & { config: { user: LlamaConfig }; itemText: GoldenTensor };

describe('HLLM User LLM over precomputed item embeddings', () => {
  beforeAll(async () => {
    await init('wasm');
  });

  it('matches the PyTorch reference: outputs, projected item table and InfoNCE gradients', async () => {
    const golden = loadGolden<HllmGolden>('hllm_user.json');
    const frozen = toDevice(hostParams({ [ITEM_TEXT_PARAM]: golden.itemText }));
    const model = hllmUserModel(golden.config.user, golden.itemText.shape[1]);
    await checkModelGolden(model, golden, frozen);
  });
});
