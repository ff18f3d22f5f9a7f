import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseItemEncoderOption } from '../../src/cli/itemEncoderOption';
import { trainCommand } from '../../src/cli/trainCommand';
import type { RunRecord } from '../../src/runs/runRecord';
import { captureIo, writeTinyHllmDataset } from './cliFixtures';

const FIXTURE = path.join(__dirname, '../fixtures/tiny-llama');

describe('parseItemEncoderOption', () => {
  it('reads the three kinds with their optional suffixes', () => {
    expect(parseItemEncoderOption('frozen:models/smol')).toEqual({
      kind: 'frozen',
      model: 'models/smol',
      pooling: 'last',
    });
    expect(parseItemEncoderOption('frozen:models/smol:mean')).toMatchObject({ pooling: 'mean' });
    expect(parseItemEncoderOption('finetune:C:/models/smol:2')).toEqual({
      kind: 'finetune',
      model: 'C:/models/smol',
      topLayers: 2,
      lora: 0,
    });
    expect(parseItemEncoderOption('finetune:m')).toMatchObject({ topLayers: 'all' });
    expect(parseItemEncoderOption('finetune:m:all')).toMatchObject({
      model: 'm',
      topLayers: 'all',
    });
    expect(parseItemEncoderOption('scratch:tok:3,48')).toEqual({
      kind: 'scratch',
      tokenizer: 'tok',
      layers: 3,
      width: 48,
    });
    expect(parseItemEncoderOption('scratch:tok')).toMatchObject({ layers: 2, width: 64 });
  });

  it('names what is wrong', () => {
    expect(() => parseItemEncoderOption('bert:x')).toThrow(/--item-encoder: unknown kind "bert"/);
    expect(() => parseItemEncoderOption('frozen:')).toThrow(/missing model folder/);
    expect(() => parseItemEncoderOption('finetune:m:0')).toThrow(/top-k must be at least 1/);
    expect(() => parseItemEncoderOption('scratch:tok:2,30')).toThrow(/multiple of 8, got 2,30/);
    expect(() => parseItemEncoderOption('scratch')).toThrow(/expected frozen:MODEL_DIR/);
  });
});

let dir: string;
let interactions: string;

beforeAll(() => {
  ({ dir, interactions } = writeTinyHllmDataset('item-encoder-cli-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const smallHllm = {
  model: {
    kind: 'hllm',
    user: { hiddenSize: 32, intermediateSize: 64, numLayers: 1, numHeads: 4, numKvHeads: 2 },
    // Character tokens: the HLLM instruction takes 50, the rest reads the title.
    maxTextTokens: 80,
  },
  data: { kCore: 0, maxHistory: 8, coldFraction: 0.1 }, // new items: the text ranks them
  train: { epochs: 1, batchSize: 59, numNegatives: 32, warmupSteps: 0 },
};

describe('train --item-encoder', () => {
  for (const spec of [`scratch:${FIXTURE}:1,32`, `finetune:${FIXTURE}:1`]) {
    it(`trains HLLM with the Item LLM (${spec.split(':')[0]}) and writes the usual record`, async () => {
      const config = path.join(dir, 'hllm.json');
      writeFileSync(config, JSON.stringify(smallHllm));
      const out = path.join(dir, `${spec.split(':')[0]}.json`);
      const io = captureIo();
      const code = await trainCommand(
        ['--interactions', interactions, '--config', config, '--item-encoder', spec, '--out', out],
        io,
      );
      expect(io.stderr()).not.toMatch(/error/);
      expect(code).toBe(0);
      expect(io.stdout()).toMatch(/^all\s+hllm\s+\d+(\s+\d+\.\d\d){8}$/m);
      const record = JSON.parse(readFileSync(out, 'utf8')) as RunRecord;
      expect(record.config.model.kind === 'hllm' && record.config.model.itemEncoder.kind).toBe(
        spec.split(':')[0],
      );
      expect(record.notes.join(' ')).toMatch(/Item LLM .* layers × 32/);
      expect(typeof record.final.test.cold?.['R@10']).toBe('number');
    });
  }

  it('keeps the LoRA rank of the config file for a finetune encoder', async () => {
    const config = path.join(dir, 'hllm-lora.json');
    const withLora = {
      ...smallHllm,
      model: {
        ...smallHllm.model,
        itemEncoder: { kind: 'finetune', model: 'x', topLayers: 'all', lora: 2 },
      },
    };
    writeFileSync(config, JSON.stringify(withLora));
    const out = path.join(dir, 'lora.json');
    const io = captureIo();
    const code = await trainCommand(
      [
        '--interactions',
        interactions,
        '--config',
        config,
        '--item-encoder',
        `finetune:${FIXTURE}:1`,
        '--out',
        out,
      ],
      io,
    );
    expect(io.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    const record = JSON.parse(readFileSync(out, 'utf8')) as RunRecord;
    expect(record.config.model.kind === 'hllm' && record.config.model.itemEncoder).toEqual({
      kind: 'finetune',
      model: FIXTURE,
      topLayers: 1,
      lora: 2,
    });
  });

  it('refuses bad combinations and missing folders with a usage error', async () => {
    const cases: [string[], RegExp][] = [
      [['--model', 'sasrec', '--item-encoder', `frozen:${FIXTURE}`], /needs --model hllm/],
      [['--model', 'hllm', '--item-encoder', 'frozen:/no/such/model'], /folder not found/],
      [['--model', 'hllm', '--item-encoder', 'onnx:x'], /unknown kind "onnx"/],
      [
        ['--model', 'hllm', '--item-encoder', `frozen:${FIXTURE}`, '--item-embeddings', 'x'],
        /either --item-embeddings or --item-encoder/,
      ],
    ];
    for (const [args, message] of cases) {
      const io = captureIo();
      const code = await trainCommand(
        ['--synthetic', ...args, '--out', path.join(dir, 'x.json')],
        io,
      );
      expect(io.stderr()).toMatch(message);
      expect(code).toBe(2);
    }
  });
});
