import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import type { Dataset } from '../../src/dataset/types';
import { configFromBundle, hllmBundle } from '../../src/export/hllmBundle';
import { officialSettings } from '../../src/export/officialSettings';
import { OVERRIDES_FILE, parseSettingsYaml } from '../../src/export/settingsYaml';
import { ingest } from '../../src/ingestion/ingest';
import { textFile } from '../ingestion/helpers';

function sample(): Dataset {
  return ingest({
    interactions: [textFile('Mini.csv', 'item_id,user_id,timestamp\ni1,u1,1\ni2,u1,2\ni1,u2,3\n')],
    items: [textFile('info.csv', 'item_id,title,description\ni1,A,x\ni2,B,y\n')],
  }).dataset;
}

/** Every setting the official code has, changed from its default, per model kind. */
function changed(kind: RunConfig['model']['kind']): RunConfig {
  const c = defaultRunConfig(kind);
  c.seed = 2020;
  c.data = { ...c.data, maxHistory: 17, evalMaxHistory: 9 };
  c.train = {
    ...c.train,
    numNegatives: 333,
    epochs: 7,
    batchSize: 24,
    learningRate: 3e-4,
    weightDecay: 0.05,
    schedule: 'cosine',
    warmupFraction: 0.2,
    evalEvery: 2,
    patience: 4,
    earlyStopMetric: 'R@50',
    fixTemperature: kind !== 'hllm',
  };
  const m = c.model;
  if (m.kind === 'sasrec')
    Object.assign(m, { hiddenSize: 32, innerSize: 96, numLayers: 3, numHeads: 2, dropout: 0.3 });
  if (m.kind === 'hstu')
    Object.assign(m, { hiddenSize: 48, numLayers: 4, numHeads: 3, dropout: 0.15 });
  if (m.kind === 'llmidrec')
    m.user = { ...m.user, hiddenSize: 96, numLayers: 3, attentionBias: 'qkvo' };
  if (m.kind === 'hllm') {
    m.itemEncoder = {
      kind: 'finetune',
      model: 'TinyLlama/TinyLlama_v1.1',
      topLayers: 'all',
      lora: 0,
    };
    m.textFields = ['description', 'title'];
    m.maxTextTokens = 256;
  }
  return c;
}

describe('hllmBundle', () => {
  for (const kind of ['sasrec', 'hstu', 'llmidrec', 'hllm'] as const) {
    it(`writes ${kind} settings that parse back to the run config`, () => {
      const config = changed(kind);
      const files = hllmBundle(config, sample(), 'Mini');
      expect(configFromBundle(files, defaultRunConfig(kind))).toEqual(config);
      expect(JSON.parse(files['run-config.json'])).toEqual(config);
      expect(files['dataset/Mini.csv']).toBeDefined();
      expect(files['information/Mini.csv']).toBeDefined();
    });
  }

  it('parses back a random User LLM from user_llm/config.json', () => {
    const config = changed('hllm');
    if (config.model.kind !== 'hllm') throw new Error('hllm');
    config.model.userInit = 'random';
    config.model.user = { ...config.model.user, hiddenSize: 128, numLayers: 5 };
    const files = hllmBundle(config, sample(), 'Mini');
    expect(files['user_llm/config.json']).toBeDefined();
    expect(configFromBundle(files, defaultRunConfig('hllm'))).toEqual(config);
  });

  it('reads the settings from the yaml', () => {
    const files = hllmBundle(changed('sasrec'), sample(), 'Mini');
    files[OVERRIDES_FILE] = files[OVERRIDES_FILE].replace(/^epochs: 7$/m, 'epochs: 8');
    expect(configFromBundle(files, defaultRunConfig('sasrec')).train.epochs).toBe(8);
  });

  it('lists the settings the official code lacks in the README, never dropping them silently', () => {
    const config = changed('hllm');
    if (config.model.kind !== 'hllm') throw new Error('hllm');
    config.model.itemEncoder = { kind: 'finetune', model: 'x/y', topLayers: 2, lora: 8 };
    config.model.negatives = 'epoch-cache';
    config.train.gradClip = 1;
    config.data.coldFraction = 0.1;
    config.data.chunkHistories = false;
    const { notCarried } = officialSettings(config, 'Mini');
    const readme = hllmBundle(config, sample(), 'Mini')['README.md'];
    for (const phrase of [
      'top 2 Item LLM layers',
      'LoRA r=8',
      'epoch cache',
      'clipping at 1',
      '10% of items',
      'one training sample per user',
    ]) {
      expect(notCarried.some((n) => n.includes(phrase))).toBe(true);
      expect(readme).toContain(phrase);
    }
    expect(
      officialSettings(changed('hllm'), 'Mini').notCarried.some((n) => n.includes('LoRA')),
    ).toBe(false);
  });

  it('maps the names and values of the official config', () => {
    const s = officialSettings(changed('hllm'), 'Mini').settings;
    expect(s).toMatchObject({
      model: 'HLLM',
      MAX_ITEM_LIST_LENGTH: 17,
      MAX_ITEM_LIST_LENGTH_TEST: 9,
      MAX_TEXT_LENGTH: 256,
      text_keys: ['description', 'title'],
      item_pretrain_dir: 'TinyLlama/TinyLlama_v1.1',
      user_pretrain_dir: 'TinyLlama/TinyLlama_v1.1',
      optim_args: { learning_rate: 3e-4, weight_decay: 0.05 },
      scheduler_args: { type: 'cosine', warmup: 0.2 },
      valid_metric: 'Recall@50',
      num_negatives: 333,
      train_batch_size: 24,
    });
    const sas = officialSettings(changed('sasrec'), 'Mini');
    expect(sas.settings).toMatchObject({ inner_size: 3, embedding_size: 32, fix_temp: true });
    expect(sas.configFiles).toEqual(['IDNet/sasrec.yaml', 'overall/ID_deepspeed.yaml']);
    expect(officialSettings(changed('hstu'), 'Mini').settings).toMatchObject({
      hstu_embedding_size: 48,
      enable_relative_attention_bias: false,
    });
  });

  it("refuses official settings the playground's model lacks", () => {
    const files = hllmBundle(changed('hstu'), sample(), 'Mini');
    files[OVERRIDES_FILE] = files[OVERRIDES_FILE].replace(
      'enable_relative_attention_bias: false',
      'enable_relative_attention_bias: true',
    );
    expect(() => configFromBundle(files, defaultRunConfig('hstu'))).toThrow(/relative attention/);
  });

  it('reports the line of a malformed yaml', () => {
    expect(() => parseSettingsYaml('# c\nseed: 1\nepochs 3\n')).toThrow(/line 3/);
    expect(() => parseSettingsYaml('seed: [1\n')).toThrow(/line 1/);
  });

  it('writes a run.sh that splits the batch over the GPUs and refuses an uneven split', () => {
    const files = hllmBundle(changed('hllm'), sample(), 'Mini');
    const dir = mkdtempSync(path.join(tmpdir(), 'bundle-'));
    const hllm = path.join(dir, 'HLLM');
    mkdirSync(path.join(hllm, 'code'), { recursive: true });
    // A stand-in torchrun on PATH that prints its arguments.
    const bin = path.join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'torchrun'), '#!/bin/sh\nfor a in "$@"; do echo "$a"; done\n', {
      mode: 0o755,
    });
    writeFileSync(path.join(dir, 'run.sh'), files['run.sh'], { mode: 0o755 });
    const env = { ...process.env, HLLM_DIR: hllm, PATH: `${bin}:${process.env.PATH}` };
    const args = execFileSync('bash', [path.join(dir, 'run.sh'), '4', '--stage', '3'], { env })
      .toString()
      .split('\n');
    expect(args).toContain('--nproc_per_node=4');
    expect(args[args.indexOf('--train_batch_size') + 1]).toBe('6');
    expect(args[args.indexOf('--data_path') + 1]).toBe(`${dir}/dataset/`);
    expect(args[args.indexOf('--text_path') + 1]).toBe(`${dir}/information/`);
    expect(
      args.slice(args.indexOf('--config_file') + 1, args.indexOf('--config_file') + 4),
    ).toEqual(['overall/LLM_deepspeed.yaml', 'HLLM/HLLM.yaml', `${dir}/overrides.yaml`]);
    expect(args.slice(-3, -1)).toEqual(['--stage', '3']);
    expect(() =>
      execFileSync('bash', [path.join(dir, 'run.sh'), '5'], { env, stdio: 'pipe' }),
    ).toThrow(/split evenly/);
    expect(readFileSync(path.join(dir, 'run.sh'), 'utf8')).toContain('BATCH=24');
  });

  const pyyaml = spawnSync('python3', ['-c', 'import yaml'], { stdio: 'ignore' });
  it.skipIf(pyyaml.status !== 0)(
    'writes yaml that PyYAML reads as the parser does (needs PyYAML)',
    () => {
      // PyYAML's FullLoader, as the official configurator uses it (its float resolver added).
      const script = [
        'import json, re, sys, yaml',
        'loader = yaml.FullLoader',
        "loader.add_implicit_resolver('tag:yaml.org,2002:float', re.compile(r'^[-+]?(?:[0-9][0-9_]*)(?:\\.[0-9_]*)?(?:[eE][-+]?[0-9]+)$'), list('-+0123456789.'))",
        'print(json.dumps(yaml.load(sys.stdin.read(), Loader=loader)))',
      ].join('\n');
      for (const kind of ['sasrec', 'hstu', 'llmidrec', 'hllm'] as const) {
        const config = changed(kind);
        config.train.learningRate = 1e-7;
        const yaml = hllmBundle(config, sample(), 'Mini')[OVERRIDES_FILE];
        const read = JSON.parse(
          execFileSync('python3', ['-c', script], { input: yaml }).toString(),
        );
        expect(read).toEqual(parseSettingsYaml(yaml));
      }
    },
  );
});
