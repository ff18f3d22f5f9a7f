import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path, { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCommand } from '../../src/cli/evaluateCommand';
import { trainCommand } from '../../src/cli/trainCommand';
import type { RunRecord } from '../../src/runs/runRecord';
import { captureIo, writeTinyHllmDataset } from './cliFixtures';

const ROOT = join(__dirname, '../..');
const OFFICIAL = join(ROOT, 'test/fixtures/official-hllm/hllm.safetensors');
let dir: string;
let interactions: string;

beforeAll(() => {
  ({ dir, interactions } = writeTinyHllmDataset('evaluate-cli-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface EvaluationFile {
  sameSplit: boolean | null;
  fingerprint: string;
  test: RunRecord['final']['test'];
  popularity: RunRecord['popularity'];
}

describe('evaluate command', () => {
  it('gives a trained checkpoint the test metrics its run recorded', async () => {
    const config = path.join(dir, 'sasrec.json');
    writeFileSync(
      config,
      JSON.stringify({
        seed: 4,
        model: { kind: 'sasrec', hiddenSize: 16, innerSize: 16, numLayers: 1, numHeads: 1 },
        data: { kCore: 0, maxHistory: 10 },
        train: { epochs: 2, batchSize: 64, numNegatives: 32 },
      }),
    );
    const record = path.join(dir, 'run.json');
    const ckpt = path.join(dir, 'sasrec.safetensors');
    const trained = captureIo();
    const args = ['--interactions', interactions, '--config', config];
    expect(await trainCommand([...args, '--out', record, '--checkpoint', ckpt], trained)).toBe(0);
    const io = captureIo();
    const out = path.join(dir, 'eval.json');
    const code = await evaluateCommand(
      ['--checkpoint', ckpt, '--interactions', interactions, '--out', out],
      io,
    );
    expect(io.stderr()).not.toMatch(/error|warning/);
    expect(code).toBe(0);
    const run = JSON.parse(readFileSync(record, 'utf8')) as RunRecord;
    const result = JSON.parse(readFileSync(out, 'utf8')) as EvaluationFile;
    expect(result.sameSplit).toBe(true);
    expect(result.fingerprint).toBe(run.dataset.fingerprint);
    expect(result.test).toEqual(run.final.test);
    expect(result.popularity).toEqual(run.popularity);
    expect(io.stdout()).toMatch(/^all\s+sasrec\s+\d+(\s+\d+\.\d\d){8}$/m);
  }, 120_000);

  it('evaluates a converted checkpoint of the official HLLM code with its Item LLM folder', async () => {
    const io = captureIo();
    const out = path.join(dir, 'official.json');
    const code = await evaluateCommand(
      [
        '--checkpoint',
        OFFICIAL,
        '--interactions',
        interactions,
        '--item-llm',
        join(ROOT, 'test/fixtures/tiny-llama'),
        '--out',
        out,
      ],
      io,
    );
    expect(io.stderr()).not.toMatch(/error/);
    expect(code).toBe(0);
    expect(io.stdout()).toMatch(/^all\s+hllm\s+\d+(\s+\d+\.\d\d){8}$/m);
    const result = JSON.parse(readFileSync(out, 'utf8')) as EvaluationFile;
    expect(result.sameSplit).toBeNull();
    expect(result.test.all?.['R@200']).toBe(100);
  }, 120_000);

  it('inspects a test user: history, held-out item and top list', async () => {
    const user = readFileSync(interactions, 'utf8').split('\n')[1].split(',')[1];
    const args = ['--checkpoint', OFFICIAL, '--interactions', interactions];
    const io = captureIo();
    expect(await evaluateCommand([...args, '--inspect', user], io)).toBe(0);
    const text = io.stdout().slice(io.stdout().indexOf(`user ${user}:`));
    expect(text).toMatch(/held out: \S+ .*ranked \d+ of \d+/);
    expect(text.match(/^ +\d+\. /gm)).toHaveLength(10);
    const unknown = captureIo();
    expect(await evaluateCommand([...args, '--inspect', 'nobody'], unknown)).toBe(1);
    expect(unknown.stderr()).toMatch(/"nobody"/);
  }, 120_000);

  it('refuses bad command lines (2) and bad checkpoints (1) with a clear message', async () => {
    const usage: [string[], RegExp][] = [
      [['--interactions', interactions], /--checkpoint FILE is required/],
      [['--checkpoint', OFFICIAL], /--interactions FILE is required/],
      [['--checkpoint', 'nope.safetensors', '--interactions', interactions], /file not found/],
      [
        ['--checkpoint', OFFICIAL, '--interactions', interactions, '--item-llm', 'nowhere'],
        /"nowhere" is not on this machine/,
      ],
      [['--bogus'], /bogus/],
    ];
    for (const [argv, message] of usage) {
      const io = captureIo();
      expect(await evaluateCommand(argv, io)).toBe(2);
      expect(io.stderr()).toMatch(message);
    }
    const broken = path.join(dir, 'broken.safetensors');
    writeFileSync(broken, 'not a safetensors file');
    const io = captureIo();
    expect(
      await evaluateCommand(['--checkpoint', broken, '--interactions', interactions], io),
    ).toBe(1);
    expect(io.stderr()).toMatch(/broken\.safetensors/);
  });
});
