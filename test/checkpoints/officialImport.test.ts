import { init } from '@jax-js/jax';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path, { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint, type Checkpoint } from '../../src/checkpoints/checkpoint';
import { defaultRunConfig } from '../../src/config/defaults';
import { parseRunConfig } from '../../src/config/parseRunConfig';
import type { HllmConfig } from '../../src/config/runConfig';
import { tokenizeCatalogue } from '../../src/itemEncoders/itemLlmCatalogue';
import { loadLlamaCheckpoint, type LlamaCheckpoint } from '../../src/itemEncoders/llamaCheckpoint';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { createHllm } from '../../src/models/hllm/createHllm';

const ROOT = join(__dirname, '../..');
const FIXTURE = join(ROOT, 'test/fixtures/official-hllm');
const TINY_LLAMA = join(ROOT, 'test/fixtures/tiny-llama');

interface Golden {
  items: { title: string; description: string }[];
  maxTextTokens: number;
  tokenIds: number[][];
  itemEmbeddings: number[][];
  histories: number[][];
  userVectors: number[][];
  scores: number[][];
  logitScale: number;
}

const golden = JSON.parse(readFileSync(join(FIXTURE, 'golden.json'), 'utf8')) as Golden;
let checkpoint: Checkpoint;
let llama: LlamaCheckpoint;

beforeAll(async () => {
  await init('wasm');
  checkpoint = decodeCheckpoint(
    readFileSync(join(FIXTURE, 'hllm.safetensors')),
    'hllm.safetensors',
  );
  llama = await loadLlamaCheckpoint(createLocalModelFiles(TINY_LLAMA));
});

function expectClose(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  const worst = Math.max(...expected.map((e, i) => Math.abs(actual[i] - e)));
  expect(worst).toBeLessThan(tol);
}

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
};

describe('a checkpoint of the official HLLM code, converted', () => {
  it('holds the official tensors under the playground names, with an HLLM run config', () => {
    const names = Object.keys(checkpoint.params);
    expect(names).toContain('item.item_token');
    expect(names).toContain('user.layers.1.mlp.down_proj.weight');
    expect(names.some((n) => n.includes('lm_head'))).toBe(false);
    expect(checkpoint.params['item.item_token'].shape).toEqual([32]);
    expect(checkpoint.params.logit_scale.data[0]).toBeCloseTo(golden.logitScale, 6);
    const parsed = parseRunConfig(checkpoint.config);
    expect(parsed.rejected).toEqual([]);
    expect(parsed.config.model).toMatchObject({
      kind: 'hllm',
      itemEncoder: { kind: 'finetune', topLayers: 'all', lora: 0 },
      userInit: 'checkpoint',
      textFields: ['title', 'description'],
      maxTextTokens: golden.maxTextTokens,
    });
  });

  it('gives the item embeddings, user vectors and scores the PyTorch reference computed', async () => {
    const model = parseRunConfig(checkpoint.config).config.model as HllmConfig;
    expect(
      tokenizeCatalogue(llama.tokenizer, golden.items, model.textFields, model.maxTextTokens),
    ).toEqual(golden.tokenIds);
    const numItems = golden.items.length;
    const hllm = await createHllm(
      model,
      {
        numItems,
        maxSeqLen: 4,
        train: { ...defaultRunConfig('hllm').train, batchSize: 2, numNegatives: 2 },
        totalSteps: 1,
        seed: 1,
      },
      {
        items: golden.items,
        itemLlm: {
          source: 'tiny-llama',
          config: llama.config,
          weights: llama.params,
          tokenizer: llama.tokenizer,
        },
      },
    );
    const before = await hllm.encodeItems();
    hllm.setParams(checkpoint.params);
    const items = await hllm.encodeItems(); // [numItems, 32]
    expectClose(items, golden.itemEmbeddings.flat(), 1e-4);
    // The fixture's own weights give other embeddings: the converted ones are in use.
    expect(Math.max(...before.map((v, i) => Math.abs(v - items[i])))).toBeGreaterThan(0.1);
    const seq = 4;
    const histories = new Int32Array(golden.histories.length * seq); // left-padded, ids + 1
    golden.histories.forEach((h, u) =>
      histories.set(
        h.map((i) => i + 1),
        u * seq + seq - h.length,
      ),
    );
    const users = await hllm.encodeUsers(histories, golden.histories.length, seq); // [3, 32]
    expectClose(users, golden.userVectors.flat(), 1e-4);
    golden.scores.forEach((row, u) =>
      row.forEach((score, i) =>
        expect(
          cosine(users.subarray(u * 32, u * 32 + 32), items.subarray(i * 32, i * 32 + 32)),
        ).toBeCloseTo(score, 4),
      ),
    );
    hllm.dispose();
  });

  const torch = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { stdio: 'ignore' });
  it.skipIf(torch.status !== 0)(
    'is what scripts/importOfficialCheckpoint.py writes from the official state dict (needs torch)',
    () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'official-'));
      const out = path.join(dir, 'hllm.safetensors');
      const args = [
        join(ROOT, 'scripts/importOfficialCheckpoint.py'),
        join(FIXTURE, 'pytorch_model.bin'),
        '--item-llm',
        'test/fixtures/tiny-llama',
        '--text-fields',
        'title,description',
        '--max-text-tokens',
        String(golden.maxTextTokens),
        '--max-history',
        '10',
        '--out',
        out,
      ];
      const printed = execFileSync('/usr/bin/python3', args, { cwd: ROOT }).toString();
      expect(printed).toMatch(/left out as unused by HLLM: item_llm\.lm_head\.weight/);
      const fresh = decodeCheckpoint(readFileSync(out), out);
      expect(fresh.params).toEqual(checkpoint.params);
      expect(fresh.config).toEqual(checkpoint.config);
      rmSync(dir, { recursive: true, force: true });
    },
  );
});
