import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCheckpoint } from '../../src/checkpoints/checkpoint';
import { trainCommand } from '../../src/cli/trainCommand';
import { COLD_START_FRACTION } from '../../src/config/defaults';
import type { RunRecord } from '../../src/runs/runRecord';
import { captureIo, writeTinyHllmDataset } from './cliFixtures';

let dir: string;
let interactions: string;

beforeAll(() => {
  ({ dir, interactions } = writeTinyHllmDataset('train-cli-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, config: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('train command', () => {
  it('trains SASRec from files and a config, prints the table and writes record and checkpoint', async () => {
    const config = writeConfig('sasrec.json', {
      seed: 5,
      model: { kind: 'sasrec', hiddenSize: 16, innerSize: 16, numLayers: 1, numHeads: 1 },
      data: { kCore: 0, maxHistory: 10 },
      train: { epochs: 7, batchSize: 64, numNegatives: 32 },
    });
    const out = path.join(dir, 'runs', 'sasrec.json');
    const ckpt = path.join(dir, 'sasrec.safetensors');
    const io = captureIo(true);
    const code = await trainCommand(
      [
        '--interactions',
        interactions,
        '--config',
        config,
        '--epochs',
        '2',
        '--out',
        out,
        '--checkpoint',
        ckpt,
      ],
      io,
    );
    expect(io.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    // on a terminal: each file's parse (interactions and their item information) and its end
    expect(io.stderr()).toMatch(
      /^parse .*dataset\/tiny\.csv: 60\.0 KiB of 60\.0 KiB, .*, ETA 0s$/m,
    );
    expect(io.stderr()).toMatch(/^parse .*information\/tiny\.csv: .* of .*, ETA 0s$/m);
    expect(io.stderr()).toMatch(/^ingest: parsed in \d+\.\d s$/m);
    expect(io.stdout()).toMatch(/^all\s+sasrec\s+\d+(\s+\d+\.\d\d){8}$/m);
    expect(io.stdout()).toMatch(/^all\s+popularity\s+\d+(\s+\d+\.\d\d){8}$/m);
    const record = JSON.parse(readFileSync(out, 'utf8')) as RunRecord;
    expect(record.config.seed).toBe(5);
    expect(record.config.train.epochs).toBe(2);
    expect(record.epochs).toHaveLength(2);
    expect(record.dataset.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof record.final.test.all?.['N@200']).toBe('number');
    const checkpoint = decodeCheckpoint(new Uint8Array(readFileSync(ckpt)), ckpt);
    expect(checkpoint.config).toEqual(record.config);
    expect(checkpoint.datasetFingerprint).toBe(record.dataset.fingerprint);
    expect(Object.keys(checkpoint.params).length).toBeGreaterThan(3);
  });

  it('trains HLLM over hashed text embeddings and says the Item LLM is not used', async () => {
    const out = path.join(dir, 'hllm.json');
    const config = writeConfig('hllm-config.json', {
      // The paper's frozen ablation without item embeddings: the hashed text features.
      model: { kind: 'hllm', itemEncoder: { kind: 'frozen' } },
      data: { kCore: 0, maxHistory: 8 },
      // 59 divides the 118 training sequences: every batch is full.
      train: { epochs: 1, batchSize: 59, numNegatives: 32 },
    });
    const io = captureIo();
    const code = await trainCommand(
      ['--interactions', interactions, '--config', config, '--out', out],
      io,
    );
    expect(io.stderr()).toMatch(/Item LLM not used/);
    expect(io.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    const record = JSON.parse(readFileSync(out, 'utf8')) as RunRecord;
    expect(record.config.model.kind === 'hllm' && record.config.model.itemEncoder).toEqual({
      kind: 'precomputed',
      path: 'hashed-bag-of-words:64',
    });
    expect(record.dataset.trainSequences).toBe(118);
    expect(record.dataset.trainSequences).toBe(118);
    expect(record.notes.join(' ')).toMatch(/Item LLM not used/);
  });

  it('refuses an HLLM config whose Item LLM is not here, saying how to write the default one', async () => {
    const config = writeConfig('missing-llm.json', {
      model: { kind: 'hllm', itemEncoder: { kind: 'finetune', model: 'no-such-llm' } },
    });
    const io = captureIo();
    const code = await trainCommand(
      ['--interactions', interactions, '--config', config, '--out', path.join(dir, 'x.json')],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr()).toMatch(
      /model.itemEncoder names "no-such-llm", which is neither a folder nor in public\/models\/; write the default Item LLM with `npm run default-item-llm`/,
    );
  });

  it('runs a capped HLLM smoke run on a sized synthetic dataset, with progress (on a terminal) and usage in the record', async () => {
    const out = path.join(dir, 'smoke.json');
    const config = writeConfig('small.json', {
      model: { kind: 'hllm', maxTextTokens: 32, user: { hiddenSize: 32 } },
      data: { kCore: 0, maxHistory: 10 },
      train: { batchSize: 16, numNegatives: 16, epochs: 3 },
    });
    const io = captureIo(true);
    const code = await trainCommand(
      [
        '--synthetic',
        '--synthetic-items',
        '40',
        '--synthetic-users',
        '30',
        '--model',
        'hllm',
        '--item-encoder',
        `finetune:${path.join(__dirname, '../fixtures/tiny-llama')}:1`,
        '--max-steps',
        '2',
        '--config',
        config,
        '--out',
        out,
      ],
      io,
    );
    expect(io.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    const err = io.stderr();
    expect(err).toMatch(/embedded synthetic \(30 users, 40 items\)/);
    expect(err).toMatch(/HLLM memory plan: about .* items per Item LLM call/);
    expect(err).toMatch(/boundary cache: 40\/40 items, [\d.]+ items\/s, ETA 0s/);
    expect(err).toMatch(/step 1 \(epoch 1\)\s+loss [\d.]+\s+[\d.]+ seq\/s\s+ETA/);
    expect(err).toMatch(/usage: wasm .*: peak [\d.]+ MiB \(Wasm heap\); 2 steps \(max 2\)/);
    const record = JSON.parse(readFileSync(out, 'utf8')) as RunRecord;
    expect(record.usage?.steps).toBe(2);
    expect(record.usage?.maxSteps).toBe(2);
    expect(record.usage?.memoryKind).toBe('wasm-heap');
    expect(record.usage?.peakMemoryBytes).toBeGreaterThan(2 ** 20);
    expect(record.usage?.flopsPerStep).toBeGreaterThan(0);
    expect(record.usage?.achievedGflops).toBeGreaterThan(0);
    expect(record.epochs.reduce((n, e) => n + e.steps, 0)).toBe(2);
    expect(record.notes.join(' ')).toMatch(/Training stopped after 2 of \d+ steps \(max steps 2\)/);
    expect(record.notes.join(' ')).toMatch(/HLLM memory plan/);
    expect(typeof record.final.test.all?.['R@10']).toBe('number');
  });

  it("starts from the app's preset with --preset, and counts training samples in the split line", async () => {
    const out = path.join(dir, 'preset.json');
    const io = captureIo();
    const argv = ['--synthetic', '--model', 'sasrec', '--preset', 'cold-start-lab'];
    const code = await trainCommand([...argv, '--max-steps', '1', '--out', out], io);
    expect(io.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    // stderr is not a terminal: no progress lines, the run's report only
    expect(io.stderr()).not.toMatch(/ETA|^step \d/m);
    expect(io.stderr()).toMatch(/^epoch 1 {2}loss/m);
    const record = JSON.parse(readFileSync(out, 'utf8')) as RunRecord;
    expect(record.config.data.coldFraction).toBe(COLD_START_FRACTION);
    const cold =
      /split: (\d+) training sequences \((\d+) samples, long histories chunked\), .* (\d+) cold items/.exec(
        io.stderr(),
      );
    expect(cold).not.toBeNull();
    expect(Number(cold![2])).toBe(record.dataset.trainSamples);
    expect(Number(cold![2])).toBeGreaterThanOrEqual(Number(cold![1]));
    expect(Number(cold![3])).toBeGreaterThan(0);
    expect(io.stderr()).toMatch(
      /deviations from the official settings:\n {2}- 10% of items held out as new \(the official protocol holds none\)\n/,
    );
  });

  it('rejects bad command lines with exit code 2 and a specific message', async () => {
    const cases: [string[], RegExp][] = [
      [['--model', 'sasrec', '--synthetic'], /--out run\.json is required/],
      [
        ['--synthetic', '--interactions', interactions, '--model', 'sasrec', '--out', 'x'],
        /either --interactions FILE or --synthetic/,
      ],
      [['--synthetic', '--model', 'bert4rec', '--out', 'x'], /--model: unknown value "bert4rec"/],
      [
        ['--synthetic', '--model', 'sasrec', '--epochs', 'many', '--out', 'x'],
        /--epochs: expected an integer, got "many"/,
      ],
      [
        ['--synthetic', '--model', 'sasrec', '--speed', '3', '--out', 'x'],
        /unknown argument "--speed"/,
      ],
      [
        ['--interactions', path.join(dir, 'nope.csv'), '--model', 'sasrec', '--out', 'x'],
        /file not found: .*nope\.csv/,
      ],
      [
        ['--synthetic', '--model', 'sasrec', '--max-steps', '0', '--out', 'x'],
        /--max-steps: expected an integer ≥ 1, got "0"/,
      ],
      [
        [
          '--interactions',
          interactions,
          '--synthetic-items',
          '50',
          '--model',
          'sasrec',
          '--out',
          'x',
        ],
        /--synthetic-items and --synthetic-users need --synthetic/,
      ],
      [
        ['--synthetic', '--model', 'sasrec', '--preset', 'fast', '--out', 'x'],
        /--preset: unknown value "fast"; expected one of classroom-quick, paper-faithful/,
      ],
      [
        ['--synthetic', '--model', 'sasrec', '--preset', 'paper-faithful', '--config', 'c.json'],
        /give either --preset or --config, not both/,
      ],
    ];
    for (const [argv, message] of cases) {
      const io = captureIo();
      expect(await trainCommand(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(message);
    }
  });

  it('prints its usage for --help or -h, whatever else is given', async () => {
    for (const argv of [['--help'], ['-h'], ['--synthetic', '--bogus', '--help']]) {
      const io = captureIo();
      expect(await trainCommand(argv, io)).toBe(0);
      expect(io.stderr()).toBe('');
      expect(io.stdout()).toMatch(/^usage:\n {2}train \(--interactions FILE/);
      expect(io.stdout()).toMatch(/--progress or --no-progress/);
    }
  });

  it('names the config file when it is not valid JSON or has bad fields', async () => {
    const broken = writeConfig('broken.json', {});
    writeFileSync(broken, '{"seed": 1,');
    let io = captureIo();
    expect(await trainCommand(['--synthetic', '--config', broken, '--out', 'x'], io)).toBe(1);
    expect(io.stderr()).toMatch(/broken\.json: expected a JSON run config/);
    const bad = writeConfig('bad.json', { model: { kind: 'sasrec' }, train: { batchSize: -4 } });
    io = captureIo();
    expect(await trainCommand(['--synthetic', '--config', bad, '--out', 'x'], io)).toBe(1);
    expect(io.stderr()).toMatch(/bad\.json: expected a valid run config \(train\.batchSize/);
  });
});
