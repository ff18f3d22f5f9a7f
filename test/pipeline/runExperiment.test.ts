import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSiblings, readInputFile } from '../../src/cli/nodeFiles';
import { trainCommand } from '../../src/cli/trainCommand';
import { createLocalModelFiles } from '../../src/itemEncoders/node/localModelFiles';
import { createTrainService } from '../../src/compute/trainService';
import { defaultRunConfig } from '../../src/config/defaults';
import type { RunConfig } from '../../src/config/runConfig';
import { ingest } from '../../src/ingestion/ingest';
import { prepareExperiment, RunConfigError, runExperiment } from '../../src/pipeline/runExperiment';
import type { RunRecord } from '../../src/runs/runRecord';
import { captureIo, writeTinyHllmDataset } from '../cli/cliFixtures';

let dir: string;
let interactions: string;

beforeAll(() => {
  ({ dir, interactions } = writeTinyHllmDataset('pipeline-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The tiny Llama checkpoint of the fixtures, named by its folder. */
const TINY_LLAMA = path.join(__dirname, '../fixtures/tiny-llama');

/** The runs compared: SASRec, HLLM over hashed text (frozen ablation), HLLM fine-tuning an Item LLM. */
type Case = 'sasrec' | 'hllm-frozen' | 'hllm-finetune';

/** A small run: 2 epochs, histories of 10, chunked, per-position negatives for SASRec. */
function smallConfig(kind: Case): RunConfig {
  const c = defaultRunConfig(kind === 'sasrec' ? 'sasrec' : 'hllm');
  const model =
    c.model.kind === 'sasrec'
      ? { ...c.model, hiddenSize: 16, innerSize: 16 }
      : c.model.kind === 'hllm'
        ? {
            ...c.model,
            user: { ...c.model.user, hiddenSize: 16, intermediateSize: 32 },
            maxTextTokens: 16,
            itemEncoder:
              kind === 'hllm-frozen'
                ? { kind: 'frozen' as const, model: 'unused', pooling: 'last' as const }
                : { kind: 'finetune' as const, model: TINY_LLAMA, topLayers: 1, lora: 0 },
          }
        : c.model;
  return {
    ...c,
    data: { ...c.data, kCore: 0, maxHistory: 10, coldFraction: 0.1 },
    model,
    train: {
      ...c.train,
      epochs: 2,
      numNegatives: 16,
      warmupSteps: 0,
      warmupFraction: 0,
      negativeSampling: kind === 'sasrec' ? 'per-position' : 'shared',
      batchSize: kind === 'hllm-finetune' ? 16 : 32,
    },
  };
}

/** The record without what differs between two identical runs (clock, device, memory). */
function comparable(record: RunRecord): unknown {
  return {
    ...record,
    startedAt: undefined,
    timings: undefined,
    device: undefined,
    usage: undefined,
    epochs: record.epochs.map((epoch) => ({ ...epoch, trainSeconds: undefined })),
  };
}

/** Trains `config` with the CLI on the test dataset; its record and what it printed. */
async function cliRun(name: string, config: RunConfig) {
  const file = path.join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify(config));
  const out = path.join(dir, `${name}-run.json`);
  const io = captureIo();
  const code = await trainCommand(
    ['--interactions', interactions, '--config', file, '--out', out],
    io,
  );
  expect(code, io.stderr()).toBe(0);
  return { record: JSON.parse(readFileSync(out, 'utf8')) as RunRecord, io };
}

function rawDataset() {
  const siblings = findSiblings(interactions);
  return ingest({
    interactions: [interactions, ...siblings.interactions].map(readInputFile),
    items: siblings.items.map(readInputFile),
  }).dataset;
}

describe('run pipeline', () => {
  for (const kind of ['sasrec', 'hllm-frozen', 'hllm-finetune'] as const) {
    it(`gives the CLI and the train worker the same ${kind} run record for one config and seed`, async () => {
      const config = smallConfig(kind);
      const { record: cli } = await cliRun(kind, config);

      const service = createTrainService({ itemLlmFiles: (name) => createLocalModelFiles(name) });
      const worker = await service.train(rawDataset(), config, () => {});
      if (!worker.ok || worker.value === null) throw new Error(JSON.stringify(worker));
      expect(comparable(worker.value.record)).toEqual(comparable(cli));
      expect(cli.dataset.trainSamples).toBeGreaterThan(0);
      expect(cli.dataset.testSliceSizes.cold).toBeGreaterThan(0);
      const model = cli.config.model;
      if (kind === 'hllm-finetune') {
        expect(model.kind === 'hllm' && model.itemEncoder.kind).toBe('finetune');
        expect(cli.notes.join(' ')).toMatch(/fine-tuned: top 1 layer/);
      }
    }, 180_000);
  }

  it('refuses a config that does not fit the dataset, naming the field, before training', async () => {
    const config = smallConfig('sasrec');
    const bad: RunConfig = { ...config, train: { ...config.train, numNegatives: 100_000 } };
    let events = 0;
    const run = runExperiment(rawDataset(), bad, { device: 'wasm', onEvent: () => events++ });
    await expect(run).rejects.toBeInstanceOf(RunConfigError);
    await expect(run).rejects.toThrow(/numNegatives/);
    expect(events).toBe(0);
  });

  it('prepares the split with seen items masked and the chunked sample count', async () => {
    const config = smallConfig('sasrec');
    const chunked = await prepareExperiment(rawDataset(), config);
    const whole = await prepareExperiment(rawDataset(), {
      ...config,
      data: { ...config.data, chunkHistories: false },
    });
    expect(whole.trainSamples).toBe(whole.split.train.length);
    expect(chunked.trainSamples).toBeGreaterThan(whole.trainSamples);
    for (const c of chunked.split.test) {
      expect(c.seen).toBeDefined();
      expect(c.seen?.length).toBeGreaterThanOrEqual(c.history.length);
    }
    expect(chunked.setup).toBeNull();
  });

  it('evaluates on a seeded sample of users when asked, and says so in the record and the table', async () => {
    const config = smallConfig('sasrec');
    const sampled: RunConfig = {
      ...config,
      data: { ...config.data, evalUsers: 40 },
      train: { ...config.train, epochs: 1, negativeSampling: 'shared' },
    };
    const { record, io } = await cliRun('sampled', sampled);
    expect(record.dataset.testCases).toBe(40);
    expect(record.dataset.validCases).toBeLessThanOrEqual(40);
    const whole = await prepareExperiment(rawDataset(), {
      ...sampled,
      data: { ...sampled.data, evalUsers: 0 },
    });
    const of = whole.split.test.length;
    expect(of).toBeGreaterThan(40);
    expect(record.dataset.evalSample).toEqual({ users: 40, of });
    expect(io.stdout()).toMatch(`evaluated on a seeded sample of 40 of ${of} test users`);
    expect(io.stderr()).toMatch(/validation and test on a seeded sample of 40 users/);
  }, 60_000);
});
